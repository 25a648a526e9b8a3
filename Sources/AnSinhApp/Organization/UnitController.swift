import AnSinhCore
import Fluent
import Vapor

/// Units: the admin's pages to create, edit and deactivate them, and the page any staff
/// member in scope may see.
struct UnitController {
    func list(_ req: Request) async throws -> Response {
        let tree = try await UnitTree.load(on: req.db)
        let counts = try await staffCounts(req.db)
        let names = Dictionary(uniqueKeysWithValues: tree.units.map { ($0.id!, $0.name) })
        let rows = tree.ordered().map {
            UnitListPage.Row(unit: $0.unit, depth: $0.depth, parentName: $0.unit.parentID.flatMap { names[$0] },
                             staffCount: counts[$0.unit.id!] ?? 0)
        }
        return await Layout.page(req, title: req.t(.unitsTitle), content: UnitListPage.view(rows, req))
    }

    func show(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard try await req.unitScope().contains(id), let unit = try await OrgUnit.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let directory = AddressDirectory(req.db)
        var address: [String] = []
        if let detail = unit.addressDetail { address.append(detail) }
        if let code = unit.communeCode, let c = try await directory.commune(code: code) { address.append(c.displayName) }
        if let code = unit.provinceCode, let p = try await directory.province(code: code) { address.append(p.displayName) }
        let model = UnitShowPage.Model(
            unit: unit,
            parentName: try await unit.parentID.asyncFlatMap { try await OrgUnit.find($0, on: req.db)?.name },
            address: address.isEmpty ? nil : address.joined(separator: ", "),
            offices: try await OrgUnit.query(on: req.db).filter(\.$parentID == id).sort(\.$name).all(),
            staff: try await User.query(on: req.db).filter(\.$unitID == id).filter(\.$active == true).sort(\.$fullName).all(),
            canEdit: Policy.administer.allows(try req.user.role))
        return await Layout.page(req, title: unit.name, content: UnitShowPage.view(model, req))
    }

    func newForm(_ req: Request) async throws -> Response {
        var form = UnitForm()
        form.parentID = try await OrgUnit.center(on: req.db)?.id?.uuidString.lowercased() ?? ""
        return try await formPage(req, form: form, errors: FieldErrors(), unit: nil)
    }

    func create(_ req: Request) async throws -> Response {
        let form = UnitForm(from: req)
        let tree = try await UnitTree.load(on: req.db)
        let (valid, errors) = try await form.validate(editing: nil, tree: tree, directory: AddressDirectory(req.db), db: req.db, req.t)
        guard let valid else {
            return try await formPage(req, form: form, errors: errors, unit: nil, status: .unprocessableEntity)
        }
        let unit = OrgUnit(name: valid.name, kind: valid.kind, code: valid.code, parentID: valid.parentID,
                           provinceCode: valid.provinceCode, communeCode: valid.communeCode,
                           addressDetail: valid.addressDetail, phone: valid.phone, createdBy: try req.user.id)
        try await req.db.transaction { db in
            try await unit.create(on: db)
            try await req.audit(.unitCreated, entity: .unit, entityID: unit.id?.uuidString,
                                summary: "\(unit.code) \(unit.name)", on: db)
        }
        req.flash(.success, .created)
        return req.redirect(to: .adminUnits)
    }

    func editForm(_ req: Request) async throws -> Response {
        let unit = try await load(req)
        let name = try await unit.communeCode.asyncFlatMap { try await AddressDirectory(req.db).commune(code: $0)?.name }
        return try await formPage(req, form: UnitForm(unit, communeName: name), errors: FieldErrors(), unit: unit)
    }

    func update(_ req: Request) async throws -> Response {
        let unit = try await load(req)
        let form = UnitForm(from: req)
        let tree = try await UnitTree.load(on: req.db)
        let (valid, errors) = try await form.validate(editing: unit, tree: tree, directory: AddressDirectory(req.db), db: req.db, req.t)
        guard let valid else {
            return try await formPage(req, form: form, errors: errors, unit: unit, status: .unprocessableEntity)
        }
        if form.version != String(unit.version) {
            return try await conflict(req, unit: unit, form: form)
        }
        let before = "\(unit.code) \(unit.name) parent=\(unit.parentID?.uuidString ?? "-")"
        unit.name = valid.name
        unit.kind = valid.kind
        unit.code = valid.code
        unit.parentID = valid.parentID
        unit.provinceCode = valid.provinceCode
        unit.communeCode = valid.communeCode
        unit.phone = valid.phone
        unit.addressDetail = valid.addressDetail
        let saved = try await req.db.transaction { db -> Bool in
            // Compare-and-set on the version: a concurrent save in between makes this a conflict.
            let updated = try await OptimisticSave.update(unit, expectedVersion: unit.version, on: db)
            guard updated else { return false }
            try await req.audit(.unitUpdated, entity: .unit, entityID: unit.id?.uuidString,
                                summary: "before: \(before); after: \(unit.code) \(unit.name) parent=\(unit.parentID?.uuidString ?? "-")", on: db)
            return true
        }
        guard saved else { return try await conflict(req, unit: try await load(req), form: form) }
        req.application.centerName.invalidate()
        req.flash(.success, .saved)
        return req.redirect(to: .adminUnits)
    }

    func toggleActive(_ req: Request) async throws -> Response {
        let unit = try await load(req)
        if unit.kind == .center {
            req.flash(.error, .unitCannotDeactivateCenter)
            return req.redirect(to: .adminUnitEdit(unit.id!))
        }
        if unit.active {
            let activeUsers = try await User.query(on: req.db).filter(\.$unitID == unit.id!).filter(\.$active == true).count()
            let activeChildren = try await OrgUnit.query(on: req.db).filter(\.$parentID == unit.id!).filter(\.$active == true).count()
            if activeUsers + activeChildren > 0 {
                req.flash(.error, .unitHasActiveUsers)
                return req.redirect(to: .adminUnitEdit(unit.id!))
            }
        }
        unit.active.toggle()
        unit.version += 1
        try await req.db.transaction { db in
            try await unit.save(on: db)
            try await req.audit(unit.active ? .unitActivated : .unitDeactivated, entity: .unit,
                                entityID: unit.id?.uuidString, summary: "\(unit.code) \(unit.name)", on: db)
        }
        req.flash(.success, unit.active ? .unitActivated : .unitDeactivated)
        return req.redirect(to: .adminUnits)
    }

    // MARK: - Helpers

    private func load(_ req: Request) async throws -> OrgUnit {
        guard let unit = try await OrgUnit.find(try req.idParameter(), on: req.db) else { throw Abort(.notFound) }
        return unit
    }

    private func formPage(_ req: Request, form: UnitForm, errors: FieldErrors, unit: OrgUnit?,
                          status: HTTPResponseStatus = .ok, notice: BodyNode = .empty) async throws -> Response {
        let t = req.t
        let tree = try await UnitTree.load(on: req.db)
        let excluded = unit.map { tree.subtree(of: $0.id!) } ?? []
        let parents = tree.ordered().filter { $0.unit.active && !excluded.contains($0.unit.id!) }.map {
            (value: $0.unit.id!.uuidString.lowercased(), label: String(repeating: "— ", count: $0.depth) + $0.unit.name)
        }
        let model = UnitFormPage.Model(form: form, errors: errors, unitID: unit?.id, isCenter: unit?.kind == .center,
                                       parents: parents, provinces: try await AddressDirectory(req.db).provinces())
        var content: BodyNode = .group(notice, UnitFormPage.view(model, req))
        if let unit {
            let toggle: BodyNode = .el("form", [.action(.adminUnitActive(unit.id!)), .postMethod, .cls("danger-zone")], [
                Layout.csrfField(req),
                .el("button", [.type("submit"), .cls(unit.active ? "danger" : "")], [.txt(unit.active ? t(.unitDeactivate) : t(.unitActivate))]),
            ])
            content = .group(content, unit.kind == .center ? .empty : toggle)
        }
        return await Layout.page(req, title: unit == nil ? t(.unitNew) : t(.unitEdit), status: status, content: content)
    }

    private func conflict(_ req: Request, unit: OrgUnit, form: UnitForm) async throws -> Response {
        let t = req.t
        var typed = form
        typed.version = String(unit.version)
        let rows = [(t(.name), unit.name, form.name), (t(.code), unit.code, form.code),
                    (t(.phone), unit.phone ?? "", form.phone), (t(.addressDetail), unit.addressDetail ?? "", form.addressDetail)]
        return try await formPage(req, form: typed, errors: FieldErrors(), unit: unit, status: .conflict,
                                  notice: ConflictNotice.view(rows: rows.map { ($0.0, $0.1, $0.2) }, t))
    }

    private func staffCounts(_ db: any Database) async throws -> [UUID: Int] {
        let users = try await User.query(on: db).filter(\.$active == true).field(\.$unitID).all()
        return users.reduce(into: [:]) { $0[$1.unitID, default: 0] += 1 }
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
