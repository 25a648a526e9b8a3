import AnSinhCore
import Fluent
import Vapor

/// The staff register: the list, the form, the export and the API.
struct StaffController {
    struct Output: Content {
        let id: UUID
        let unitId: UUID
        let fullName: String
        let position: String
        let employment: String
        let mainDuty: String?
        let phone: String?
        let active: Bool
        let version: Int

        init(_ m: StaffMember) {
            id = m.id!; unitId = m.unitID; fullName = m.fullName; position = m.position; employment = m.employment.rawValue
            mainDuty = m.mainDuty; phone = m.phone; active = m.active; version = m.version
        }
    }

    struct Page: Content {
        let items: [Output]
        let nextOffset: Int?
    }

    // MARK: API

    func apiList(_ req: Request) async throws -> Page {
        let (rows, next) = try await StaffQueries.list.page(req, try req.paging())
        return Page(items: rows.map(Output.init), nextOffset: next)
    }

    func apiCreate(_ req: Request) async throws -> Response {
        let m = try await StaffWrite.create(try req.content.decode(StaffInput.self), req)
        let response = Response(status: .created)
        try response.content.encode(Output(m))
        return response
    }

    func apiUpdate(_ req: Request) async throws -> Output {
        let m = try await req.load(StaffMember.self)
        guard try await StaffWrite.update(m, try req.content.decode(StaffInput.self), req) else {
            throw Abort(.conflict, reason: req.staleRecordMessage)
        }
        return Output(m)
    }

    func apiCounts(_ req: Request) async throws -> [StaffQueries.Count] {
        try await StaffQueries.counts(req)
    }

    // MARK: Pages

    func list(_ req: Request) async throws -> Response {
        let (rows, next) = try await StaffQueries.list.page(req, try req.paging(defaultLimit: 100))
        let tree = try await UnitTree.load(on: req.db)
        let scope = try await req.unitScope()
        var model = StaffListPage.Model(
            rows: rows, unitNames: Dictionary(uniqueKeysWithValues: tree.units.map { ($0.id!, $0.name) }),
            units: tree.options(in: scope, activeOnly: false), counts: try await StaffQueries.counts(req),
            canEdit: Policy.administer.allows(try req.user.role))
        for name in StaffListPage.Model.filterNames { model.filter[name] = req.query[String.self, at: name] ?? "" }
        model.nextLink = next.map { req.nextPageLink(StaffURL.list.path, offset: $0) }
        model.exportLinks = (req.exportLink(StaffURL.export.path, format: "xlsx"), req.exportLink(StaffURL.export.path, format: "csv"))
        return await Layout.page(req, title: StaffListPage.title(req.t), content: StaffListPage.view(model, req.t))
    }

    func newForm(_ req: Request) async throws -> Response {
        var form = StaffFormPage.Model(units: try await UnitTree.load(on: req.db).options(in: try await req.unitScope()), csrf: req.csrfToken)
        form.values["unitId"] = try req.user.unitID.uuidString
        form.values["active"] = "1"
        return await Layout.page(req, title: StaffFormPage.title(form, req.t), content: StaffFormPage.view(form, req.t))
    }

    func create(_ req: Request) async throws -> Response {
        do {
            _ = try await StaffWrite.create(StaffInput(form: req), req)
        } catch let error as ValidationError {
            return try await formAgain(req, member: nil, problems: error.problems)
        }
        req.flash(.success, .created)
        return req.redirect(toPage: StaffURL.list)
    }

    func editForm(_ req: Request) async throws -> Response {
        let m = try await req.load(StaffMember.self)
        var form = StaffFormPage.Model(units: try await UnitTree.load(on: req.db).options(in: try await req.unitScope()),
                                       csrf: req.csrfToken, memberID: m.id)
        form.values = StaffFormPage.Model.values(of: m)
        return await Layout.page(req, title: StaffFormPage.title(form, req.t), content: StaffFormPage.view(form, req.t))
    }

    func update(_ req: Request) async throws -> Response {
        let m = try await req.load(StaffMember.self)
        let saved: Bool
        do {
            saved = try await StaffWrite.update(m, StaffInput(form: req), req)
        } catch let error as ValidationError {
            return try await formAgain(req, member: m, problems: error.problems)
        }
        guard saved else {
            // Someone saved it since: the stored values beside what was typed, nothing lost.
            let stored = try await req.load(StaffMember.self)
            return try await formAgain(req, member: stored, problems: [], conflictWith: stored)
        }
        req.flash(.success, .saved)
        return req.redirect(toPage: StaffURL.list)
    }

    /// Active staff of the list's filters as .xlsx or CSV, audited.
    func export(_ req: Request) async throws -> Response {
        let t = req.t
        let rows = try await StaffQueries.list.all(req)
        let names = Dictionary(uniqueKeysWithValues: try await UnitTree.load(on: req.db).units.map { ($0.id!, $0.name) })
        var cells: [[Spreadsheet.Cell]] = [StaffListPage.headers(t).map { .header($0) }]
        cells += rows.map { m in
            [.text(m.fullName), .text(m.position), .text(StaffListPage.employment(m.employment, t)), .text(m.mainDuty ?? ""),
             .text(m.phone ?? ""), .text(names[m.unitID] ?? ""), .text(m.active ? t.pick(vi: "Đang làm", en: "Active") : t.pick(vi: "Đã nghỉ", en: "Left"))]
        }
        let xlsx = req.query[String.self, at: "format"] != "csv"
        try await req.audit(.exported, entity: .staffMember, summary: "\(rows.count) staff \(xlsx ? "xlsx" : "csv")")
        return Spreadsheet(sheets: [.init(name: StaffListPage.title(t), rows: cells)]).response(xlsx: xlsx, filename: "can-bo-cong-tac-vien")
    }

    private func formAgain(_ req: Request, member: StaffMember?, problems: [FieldProblem], conflictWith stored: StaffMember? = nil) async throws -> Response {
        var form = StaffFormPage.Model(units: try await UnitTree.load(on: req.db).options(in: try await req.unitScope()),
                                       csrf: req.csrfToken, memberID: member?.id)
        for name in StaffFormPage.Model.fieldNames { form.values[name] = req.formValue(name) ?? "" }
        for p in problems { form.errors[p.field] = p.message }
        if let stored {
            form.stored = StaffFormPage.Model.values(of: stored)
            form.values["version"] = String(stored.version)
        }
        return await Layout.page(req, title: StaffFormPage.title(form, req.t), status: stored == nil ? .unprocessableEntity : .conflict,
                                 content: StaffFormPage.view(form, req.t))
    }
}
