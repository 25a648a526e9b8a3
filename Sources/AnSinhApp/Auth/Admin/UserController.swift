import AnSinhCore
import Fluent
import Vapor

/// The admin's pages for accounts: create, edit, disable and enable, reset the password.
struct UserController {
    func list(_ req: Request) async throws -> Response {
        let users = try await User.query(on: req.db).sort(\.$username).all()
        let names = try await unitNames(req.db)
        return await Layout.page(req, title: req.t(.usersTitle),
                                 content: UserListPage.view(users, unitNames: names, now: req.application.clock.now(), req))
    }

    func newForm(_ req: Request) async throws -> Response {
        try await formPage(req, UserFormPage.Model(form: UserForm(), units: try await unitOptions(req.db)))
    }

    func create(_ req: Request) async throws -> Response {
        let form = UserForm(from: req)
        let (valid, errors) = try await form.validate(editing: nil, db: req.db, req.t)
        guard let valid else {
            return try await formPage(req, .init(form: form, errors: errors, units: try await unitOptions(req.db)),
                                      status: .unprocessableEntity)
        }
        let user = User(username: valid.username, fullName: valid.fullName,
                        passwordHash: try await req.password.async.hash(form.password), role: valid.role,
                        unitID: valid.unitID, mustChangePassword: true, createdBy: try req.user.id)
        try await req.identityTransaction { db in
            try await user.create(on: db)
            try await req.audit(.userCreated, entity: .user, entityID: user.id?.uuidString,
                                summary: "\(user.username) role=\(user.role.rawValue) unit=\(user.unitID)", on: db)
        }
        req.flash(.success, .created)
        return req.redirect(to: .adminUsers)
    }

    func editForm(_ req: Request) async throws -> Response {
        let user = try await load(req)
        return try await formPage(req, .init(form: UserForm(user), user: user, units: try await unitOptions(req.db)))
    }

    func update(_ req: Request) async throws -> Response {
        let user = try await load(req)
        var form = UserForm(from: req)
        form.username = user.username
        let (valid, errors) = try await form.validate(editing: user, db: req.db, req.t)
        guard let valid else {
            return try await formPage(req, .init(form: form, errors: errors, user: user, units: try await unitOptions(req.db)),
                                      status: .unprocessableEntity)
        }
        let before = "role=\(user.role.rawValue) unit=\(user.unitID) name=\(user.fullName)"
        let expected = Int(form.version) ?? -1
        user.fullName = valid.fullName
        user.role = valid.role
        user.unitID = valid.unitID
        let saved = try await req.identityTransaction { db -> Bool in
            guard try await OptimisticSave.update(user, expectedVersion: expected, on: db) else { return false }
            try await req.audit(.userUpdated, entity: .user, entityID: user.id?.uuidString,
                                summary: "\(user.username) before: \(before); after: role=\(user.role.rawValue) unit=\(user.unitID) name=\(user.fullName)", on: db)
            return true
        }
        guard saved else {
            let stored = try await load(req)
            let t = req.t
            form.version = String(stored.version)
            let rows = [(t(.fullName), stored.fullName, form.fullName), (t(.role), t.role(stored.role), Role(rawValue: form.role).map(t.role) ?? form.role)]
            let page = try await formPage(req, .init(form: form, user: stored, units: try await unitOptions(req.db)),
                                          status: .conflict, notice: ConflictNotice.view(rows: rows.map { ($0.0, $0.1, $0.2) }, t))
            return page
        }
        req.flash(.success, .saved)
        return req.redirect(to: .adminUsers)
    }

    func toggleActive(_ req: Request) async throws -> Response {
        let user = try await load(req)
        if user.id == (try req.user).id {
            req.flash(.error, .userCannotDisableSelf)
            return req.redirect(to: .adminUserEdit(user.id!))
        }
        user.active.toggle()
        user.version += 1
        try await req.identityTransaction { db in
            try await user.save(on: db)
            if !user.active {
                try await UserSession.query(on: db).filter(\.$userID == user.id!).delete()
            }
            try await req.audit(user.active ? .userEnabled : .userDisabled, entity: .user,
                                entityID: user.id?.uuidString, summary: user.username, on: db)
        }
        req.flash(.success, user.active ? .userEnabled : .userDisabled)
        return req.redirect(to: .adminUsers)
    }

    /// Sets a random temporary password, shown once to the admin; the user must change it,
    /// any lockout is lifted and the user's sessions end.
    func resetPassword(_ req: Request) async throws -> Response {
        let user = try await load(req)
        let temporary = TemporaryPassword.generate()
        user.passwordHash = try await req.password.async.hash(temporary)
        user.mustChangePassword = true
        user.failedLogins = 0
        user.lockedUntil = nil
        user.version += 1
        try await req.identityTransaction { db in
            try await user.save(on: db)
            try await UserSession.query(on: db).filter(\.$userID == user.id!).delete()
            try await req.audit(.passwordReset, entity: .user, entityID: user.id?.uuidString, summary: user.username, on: db)
        }
        return try await formPage(req, .init(form: UserForm(user), user: user, units: try await unitOptions(req.db),
                                             temporaryPassword: temporary))
    }

    // MARK: - Helpers

    private func load(_ req: Request) async throws -> User {
        guard let user = try await User.find(try req.idParameter(), on: req.db) else { throw Abort(.notFound) }
        return user
    }

    private func formPage(_ req: Request, _ model: UserFormPage.Model, status: HTTPResponseStatus = .ok,
                          notice: BodyNode = .empty) async throws -> Response {
        await Layout.page(req, title: model.user == nil ? req.t(.userNew) : req.t(.userEdit), status: status,
                          content: .group(notice, UserFormPage.view(model, req)))
    }

    private func unitOptions(_ db: any Database) async throws -> [(value: String, label: String)] {
        try await UnitTree.load(on: db).ordered().filter { $0.unit.active }.map {
            ($0.unit.id!.uuidString.lowercased(), String(repeating: "— ", count: $0.depth) + $0.unit.name)
        }
    }

    private func unitNames(_ db: any Database) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).all().map { ($0.id!, $0.name) })
    }
}

/// Readable temporary passwords that pass the password rules.
enum TemporaryPassword {
    static func generate() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var g = SystemRandomNumberGenerator()
        let groups = (0..<3).map { _ in String((0..<4).map { _ in alphabet.randomElement(using: &g)! }) }
        return groups.joined(separator: "-")
    }
}
