import AnSinhCore
import Fluent
import Vapor

/// The page where a center configures its hotline lines.
struct LinesController {
    func list(_ req: Request) async throws -> Response {
        try await page(req, number: "", name: "", hours: "", errors: FieldErrors())
    }

    func create(_ req: Request) async throws -> Response {
        let t = req.t
        let number = req.formValue("number") ?? ""
        let name = req.formValue("name") ?? ""
        let hours = req.formValue("hours") ?? ""
        let (valid, problems) = try await LineRules.validate(number: number, name: name, hours: hours, db: req.db, t)
        guard let valid else {
            var errors = FieldErrors()
            for p in problems { errors[p.field] = p.message }
            return try await page(req, number: number, name: name, hours: hours, errors: errors, status: .unprocessableEntity)
        }
        _ = try await LineRules.create(valid, req)
        req.flash(.success, .created)
        return req.redirect(to: .hotlineLines)
    }

    func toggleActive(_ req: Request) async throws -> Response {
        guard let line = try await HotlineLine.find(try req.idParameter(), on: req.db) else { throw Abort(.notFound) }
        line.active.toggle()
        line.version += 1
        try await req.db.transaction { db in
            try await line.save(on: db)
            try await req.audit(.hotlineLineChanged,
                                entity: .hotlineLine, entityID: line.id?.uuidString,
                                summary: "\(line.number) active=\(line.active)", on: db)
        }
        req.application.hotlineCatalog.invalidate()
        req.flash(.success, .saved)
        return req.redirect(to: .hotlineLines)
    }

    private func page(_ req: Request, number: String, name: String, hours: String, errors: FieldErrors,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let t = req.t
        let lines = try await HotlineLine.query(on: req.db).sort(\.$number).all()
        let rows: [BodyNode] = lines.map { l in
            .el("tr", [.cls(l.active ? "" : "inactive")], [
                .el("td", [], [.txt(l.number)]), .el("td", [], [.txt(l.name)]), .el("td", [], [.txt(l.hours)]),
                .el("td", [], [.txt(l.active ? t(.active) : t(.inactive))]),
                .el("td", [], [.el("form", [.action(.hotlineLineActive(l.id!)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req),
                    .el("button", [.type("submit")], [.txt(l.active ? t(.unitDeactivate) : t(.unitActivate))]),
                ])]),
            ])
        }
        let content: BodyNode = .group(
            .el("h1", [], [.txt(t.pick(vi: "Đường dây nóng", en: "Hotline lines"))]),
            DataTable.view(headers: [t.pick(vi: "Số", en: "Number"), t(.name), t.pick(vi: "Giờ trực", en: "Hours"), t(.status), t(.actions)],
                           rows: rows, empty: t(.noRecords)),
            .el("h2", [], [.txt(t.pick(vi: "Thêm đường dây", en: "Add a line"))]),
            FormField.summary(errors, t),
            .el("form", [.id("line-form"), .action(.hotlineLines), .postMethod, .cls("stacked")], [
                Layout.csrfField(req),
                FormField.text("number", label: t.pick(vi: "Số", en: "Number"), value: number, errors: errors, type: "tel", required: true,
                               extra: [Attr("placeholder", "1800 1769")]),
                FormField.text("name", label: t(.name), value: name, errors: errors, required: true),
                FormField.text("hours", label: t.pick(vi: "Giờ trực", en: "Hours"), value: hours, errors: errors,
                               extra: [Attr("placeholder", t.pick(vi: "24/7 hoặc giờ hành chính", en: "24/7 or office hours"))]),
                FormField.submit(t(.save)),
            ])
        )
        return await Layout.page(req, title: t.pick(vi: "Đường dây nóng", en: "Hotline lines"), status: status, content: content)
    }
}
