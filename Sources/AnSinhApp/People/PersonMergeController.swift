import AnSinhCore
import Fluent
import Vapor

/// `POST /api/v1/persons/{id}/merge` and the page `/people/{id}/merge`: choose the record to keep
/// among the likely duplicates (or by search), compare, confirm.
struct PersonMergeController {
    func mergeAPI(_ req: Request) async throws -> PersonOutput {
        let dup = try await req.load(Person.self)
        let kept = try await PersonMerge.merge(dup, try req.content.decode(PersonMerge.Input.self), req)
        return PersonOutput(kept, phones: try await PersonQueries.phones(kept, req), masked: false)
    }

    /// `?q=` searches other records; `?into=` shows the two side by side with the confirm button.
    func page(_ req: Request) async throws -> Response {
        try await page(req, error: nil, status: .ok)
    }

    func merge(_ req: Request) async throws -> Response {
        let dup = try await req.load(Person.self)
        let input = PersonMerge.Input(intoId: req.formValue("intoId").flatMap(UUID.init(uuidString:)),
                                      version: req.formValue("version").flatMap(Int.init))
        do {
            let kept = try await PersonMerge.merge(dup, input, req)
            req.flash(.success, .saved)
            return req.redirect(to: .person(kept.id!))
        } catch let error as ValidationError {
            return try await page(req, error: error.problems.map(\.message).joined(separator: " "), status: .unprocessableEntity)
        } catch let error as any AbortError where error.status == .conflict {
            return try await page(req, error: error.reason, status: .conflict)
        }
    }

    private func page(_ req: Request, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let dup = try await req.load(Person.self)
        let scope = try await req.unitScope()
        var candidates = try await PersonDuplicates(req: req).find(for: dup, phones: try await PersonQueries.phones(dup, req))
            .compactMap { c in c.id }
        let q = req.query[String.self, at: "q"] ?? ""
        if !q.trimmingCharacters(in: .whitespaces).isEmpty {
            candidates += try await PersonSearch(db: req.db, scope: scope).run(.init(text: q, limit: 20)).persons.compactMap(\.id)
        }
        candidates = candidates.uniqued().filter { $0 != dup.id }
        let persons = candidates.isEmpty ? [] : try await Person.query(on: req.db).filter(\.$id ~~ candidates).filter(\.$mergedInto == nil).all()
        var into: Person?
        if let id = (req.query[String.self, at: "into"] ?? req.formValue("intoId")).flatMap(UUID.init(uuidString:)),
           let p = try await Person.find(id, on: req.db), scope.contains(p.unitID), p.id != dup.id {
            into = p
        }
        let model = PersonMergePage.Model(dup: dup, candidates: persons.sorted { $0.searchKey < $1.searchKey }, q: q, into: into, error: error)
        return await Layout.page(req, title: req.t.pick(vi: "Gộp hồ sơ trùng", en: "Merge duplicate records"), status: status,
                                 content: PersonMergePage.view(model, req))
    }
}

enum PersonMergePage {
    struct Model {
        let dup: Person
        let candidates: [Person]
        let q: String
        let into: Person?
        let error: String?
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        func birth(_ p: Person) -> String { PersonBirth(precision: p.birthPrecision, year: p.birthYear, month: p.birthMonth, day: p.birthDay).display(t) }
        let rows: [BodyNode] = m.candidates.map { p in
            .el("tr", [], [
                .el("td", [], [.link(.person(p.id!), p.fullName)]),
                .el("td", [], [.txt(birth(p))]),
                .el("td", [], [.txt(p.idNumber.map(NationalID.mask) ?? "")]),
                .el("td", [], [.el("a", [.hrefRaw(SiteURL.personMerge(m.dup.id!).path + "?into=" + p.id!.uuidString.lowercased()), .cls("choose-kept")],
                                   [.txt(t.pick(vi: "Giữ hồ sơ này", en: "Keep this record"))])]),
            ])
        }
        var nodes: [BodyNode] = [
            .el("h1", [], [.txt(t.pick(vi: "Gộp hồ sơ trùng: ", en: "Merge a duplicate: ") + m.dup.fullName)]),
            m.error.map { .el("p", [.cls("flash error"), Attr("role", "alert")], [.txt($0)]) } ?? .empty,
            .el("p", [.cls("hint")], [.txt(t.pick(
                vi: "Hồ sơ này sẽ được gộp vào hồ sơ được giữ: hồ sơ trường hợp, cuộc gọi, quan hệ, đồng ý, số điện thoại và trợ cấp chuyển theo; hồ sơ này không còn được tìm thấy.",
                en: "This record is merged into the one kept: cases, calls, relations, consents, phones and allowances follow it; this record is no longer found."))]),
        ]
        if let into = m.into {
            nodes += [
                DataTable.view(headers: ["", t.pick(vi: "Hồ sơ gộp đi", en: "Merged away"), t.pick(vi: "Hồ sơ giữ lại", en: "Kept")], rows: [
                    row(t.pick(vi: "Họ tên", en: "Name"), m.dup.fullName, into.fullName),
                    row(t.pick(vi: "Ngày sinh", en: "Born"), birth(m.dup), birth(into)),
                    row(t.pick(vi: "Số định danh", en: "ID number"), m.dup.idNumber.map(NationalID.mask) ?? "—", into.idNumber.map(NationalID.mask) ?? "—"),
                ], empty: ""),
                .el("form", [.id("merge-form"), .action(.personMerge(m.dup.id!)), .postMethod], [
                    Layout.csrfField(req), FormField.hidden("intoId", value: into.id!.uuidString),
                    FormField.hidden("version", value: String(m.dup.version)),
                    FormField.submit(t.pick(vi: "Gộp vào hồ sơ giữ lại", en: "Merge into the kept record")),
                ]),
            ]
        }
        nodes += [
            .el("h2", [], [.txt(t.pick(vi: "Chọn hồ sơ giữ lại", en: "Choose the record to keep"))]),
            .el("form", [.action(.personMerge(m.dup.id!)), .getMethod, .cls("filters")], [
                FormField.text("q", label: t(.search), value: m.q, errors: FieldErrors(), type: "search"),
                .el("button", [.type("submit")], [.txt(t(.search))]),
            ]),
            DataTable.view(headers: [t.pick(vi: "Họ tên", en: "Name"), t.pick(vi: "Ngày sinh", en: "Born"),
                                     t.pick(vi: "Số định danh", en: "ID number"), t(.actions)], rows: rows, empty: t(.noRecords)),
        ]
        return .group(nodes)
    }

    private static func row(_ label: String, _ a: String, _ b: String) -> BodyNode {
        .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(label)]), .el("td", [], [.txt(a)]), .el("td", [], [.txt(b)])])
    }
}
