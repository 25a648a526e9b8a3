import AnSinhCore
import Fluent
import Vapor

/// The registry's pages: search, register (with the duplicate check), a person's record, edit.
struct PeopleController {
    func search(_ req: Request) async throws -> Response {
        let q = req.query[String.self, at: "q"] ?? ""
        let result = q.trimmingCharacters(in: .whitespaces).isEmpty ? nil
            : try await PersonSearch(db: req.db, scope: try await req.unitScope()).run(.init(text: q, limit: 50))
        // From a call's page: each result gets a button that links the call to that person;
        // from a case's page, one that adds the person to the case with a role.
        var link: PersonSearchPage.Link?
        if let id = req.query[String.self, at: "linkCall"].flatMap(UUID.init(uuidString:)), Policy.recordCalls.allows(try req.user.role),
           let call = try await Call.find(id, on: req.db), try await req.unitScope().contains(call.unitID) {
            link = .call(id: id, version: call.version)
        } else if let id = req.query[String.self, at: "linkCase"].flatMap(UUID.init(uuidString:)), Policy.manageCases.allows(try req.user.role),
                  let c = try await CaseFile.find(id, on: req.db), try await CaseAccess.canSee(c, req) {
            link = .case(id: id, number: c.number)
        } else if let id = req.query[String.self, at: "linkPerson"].flatMap(UUID.init(uuidString:)),
                  let p = try await Person.find(id, on: req.db), p.mergedInto == nil, try await req.unitScope().contains(p.unitID) {
            link = .person(id: id, name: p.fullName)
        }
        return await Layout.page(req, title: req.t.pick(vi: "Đối tượng", en: "People"),
                                 content: PersonSearchPage.view(q: q, result: result, link: link, req))
    }

    func newForm(_ req: Request) async throws -> Response {
        try await formPage(req, PersonFormPage.Model(form: PersonForm(), provinces: try await AddressDirectory(req.db).provinces()))
    }

    func create(_ req: Request) async throws -> Response {
        let form = PersonForm(from: req)
        var model = PersonFormPage.Model(form: form, provinces: try await AddressDirectory(req.db).provinces())
        do {
            let input = try await form.input(req, errors: &model.errors)
            guard model.errors.isEmpty else { return try await formPage(req, model, status: .unprocessableEntity) }
            let person = try await PersonWriter(req: req).create(input)
            req.flash(.success, .created)
            return req.redirect(to: .person(person.id!))
        } catch let error as ValidationError {
            for p in error.problems { model.errors[PersonForm.formField(p.field)] = p.message }
            return try await formPage(req, model, status: .unprocessableEntity)
        } catch let found as PersonWriter.DuplicatesFound {
            model.duplicates = found.candidates
            return try await formPage(req, model, status: .conflict)
        }
    }

    func show(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        try await req.audit(.personViewed, entity: .person, entityID: person.id?.uuidString, summary: "page")
        return try await page(req, person)
    }

    /// The person page; `forms` brings back what was typed in one of its forms when it was refused.
    func page(_ req: Request, _ person: Person, forms: PersonPage.Forms = .init(), status: HTTPResponseStatus = .ok) async throws -> Response {
        var model = PersonPage.Model(person: person, phones: try await PersonQueries.phones(person, req), address: try await Self.address(person, req))
        model.allowances = try await PersonQueries.allowances(person, req.db)
        model.relations = try await PersonRelationQueries.relations(of: person, req)
        model.consents = try await PersonRelationQueries.consents(of: person, req)
        model.today = LocalDate(req.application.clock.now()).iso
        let role = try req.user.role
        if Policy.manageCases.allows(role) {
            model.cases = try await CaseAccess.visible(req).filter(\.$personID == person.id!).sort(\.$receivedAt, .descending).all()
        }
        model.mayOpenCase = Policy.manageCases.allows(role)
        model.mayMerge = Policy.mergePeople.allows(role)
        model.mergedIntoName = try await person.mergedInto.asyncFlatMap { try await Person.find($0, on: req.db)?.fullName }
        model.forms = forms
        return await Layout.page(req, title: person.fullName, status: status, content: PersonPage.view(model, req))
    }

    func editForm(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        try await req.audit(.personViewed, entity: .person, entityID: person.id?.uuidString, summary: "edit form")
        let form = PersonForm(person, phones: try await PersonQueries.phones(person, req),
                              communeName: try await person.communeCode.asyncFlatMap { try await AddressDirectory(req.db).commune(code: $0)?.name },
                              allowances: try await PersonQueries.allowances(person, req.db))
        return try await formPage(req, PersonFormPage.Model(form: form, provinces: try await AddressDirectory(req.db).provinces(),
                                                            editing: (person.id!, person.version)))
    }

    func update(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        let form = PersonForm(from: req)
        let typedVersion = req.formValue("version").flatMap(Int.init) ?? 0
        var model = PersonFormPage.Model(form: form, provinces: try await AddressDirectory(req.db).provinces(),
                                         editing: (person.id!, typedVersion))
        do {
            let input = try await form.input(req, errors: &model.errors)
            guard model.errors.isEmpty else { return try await formPage(req, model, status: .unprocessableEntity) }
            do {
                try await PersonWriter(req: req).update(person, with: input)
            } catch let error as any AbortError where error.status == .conflict {
                // Someone saved first: their version beside what this user typed; the form keeps the
                // typed values and now carries the stored version, so saving again is deliberate.
                let fresh = try await req.load(Person.self)
                let freshForm = PersonForm(fresh, phones: try await PersonQueries.phones(fresh, req), communeName: form.commune,
                                           allowances: try await PersonQueries.allowances(fresh, req.db))
                model.editing = (fresh.id!, fresh.version)
                model.conflict = ConflictNotice.view(rows: Self.conflictRows(stored: freshForm, typed: form, req.t), req.t)
                return try await formPage(req, model, status: .conflict)
            }
        } catch let error as ValidationError {
            for p in error.problems { model.errors[PersonForm.formField(p.field)] = p.message }
            return try await formPage(req, model, status: .unprocessableEntity)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .person(person.id!))
    }

    static func conflictRows(stored: PersonForm, typed: PersonForm, _ t: Localizer) -> [(label: String, stored: String, typed: String)] {
        [
            (t.pick(vi: "Họ và tên", en: "Full name"), stored.fullName, typed.fullName),
            (t.pick(vi: "Giới tính", en: "Sex"), stored.sex, typed.sex),
            (t.pick(vi: "Ngày sinh", en: "Date of birth"), stored.birthDate, typed.birthDate),
            (t.pick(vi: "Số định danh cá nhân", en: "Personal ID number"), stored.idNumber, typed.idNumber),
            (t.pick(vi: "Điện thoại", en: "Phones"), stored.phones, typed.phones),
            (t.pick(vi: "Thôn, tổ, số nhà, đường", en: "Hamlet, street, house number"), stored.addressLine, typed.addressLine),
            (t.pick(vi: "Nhóm đối tượng", en: "Groups"), stored.groups.joined(separator: ", "), typed.groups.joined(separator: ", ")),
            (t.pick(vi: "Ghi chú", en: "Notes"), stored.notes, typed.notes),
            (t.pick(vi: "Trợ cấp xã hội hằng tháng", en: "Monthly social allowances"), allowances(stored, t), allowances(typed, t)),
        ]
    }

    private static func allowances(_ form: PersonForm, _ t: Localizer) -> String {
        form.allowances.map { row in
            [AllowanceGroup(rawValue: row.group).map(t.allowanceGroup) ?? row.group, row.amount, row.since].filter { !$0.isEmpty }.joined(separator: " ")
        }.joined(separator: "; ")
    }

    private func formPage(_ req: Request, _ model: PersonFormPage.Model, status: HTTPResponseStatus = .ok) async throws -> Response {
        await Layout.page(req, title: PersonFormPage.title(model, req.t), status: status, content: PersonFormPage.view(model, req))
    }

    static func address(_ p: Person, _ req: Request) async throws -> String {
        let directory = AddressDirectory(req.db)
        var parts: [String] = []
        if let line = p.addressLine { parts.append(line) }
        if let code = p.communeCode, let commune = try await directory.commune(code: code) { parts.append(commune.displayName) }
        if let code = p.provinceCode, let province = try await directory.province(code: code) { parts.append(province.displayName) }
        return parts.joined(separator: ", ")
    }
}
