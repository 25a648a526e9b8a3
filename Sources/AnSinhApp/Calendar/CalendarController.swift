import AnSinhCore
import Fluent
import Vapor

/// The working calendar: the computed public holidays of a year and the admin-edited table
/// of the government's swapped and extra days.
struct CalendarController {
    func show(_ req: Request) async throws -> Response {
        let year = req.query[Int.self, at: "year"].flatMap { (1990...2100).contains($0) ? $0 : nil }
            ?? LocalDate(req.application.clock.now()).year
        return try await page(req, year: year, date: "", kind: SwappedDay.Kind.dayOff.rawValue, note: "", errors: FieldErrors())
    }

    func add(_ req: Request) async throws -> Response {
        let t = req.t
        let dateText = req.formValue("date") ?? ""
        let kindText = req.formValue("kind") ?? ""
        let note = req.formValue("note") ?? ""
        var errors = FieldErrors()
        let date = VNFormat.parseDate(dateText)
        if date == nil { errors["date"] = t(.calendarDateInvalid) }
        let kind = SwappedDay.Kind(rawValue: kindText)
        if kind == nil { errors["kind"] = t(.required) }
        if note.count > 200 { errors["note"] = t(.required) }
        if let date, try await SwappedDayRecord.query(on: req.db).filter(\.$date == date.iso).first() != nil {
            errors["date"] = t(.calendarDuplicate)
        }
        guard errors.isEmpty, let date, let kind else {
            let year = date?.year ?? LocalDate(req.application.clock.now()).year
            return try await page(req, year: year, date: dateText, kind: kindText, note: note, errors: errors, status: .unprocessableEntity)
        }
        let record = SwappedDayRecord(date: date, kind: kind, note: note, createdBy: try req.user.id)
        try await req.db.transaction { db in
            try await record.create(on: db)
            try await req.audit(.calendarChanged, entity: .swappedDay, entityID: record.id?.uuidString,
                                summary: "add \(date.iso) \(kind.rawValue) \(note)", on: db)
        }
        req.flash(.success, .saved)
        return req.redirect(to: SiteURL.adminCalendar.path + "?year=\(date.year)", redirectType: .normal)
    }

    func delete(_ req: Request) async throws -> Response {
        guard let record = try await SwappedDayRecord.find(try req.idParameter(), on: req.db) else { throw Abort(.notFound) }
        // A swap is configuration, not a user's record of a person: removing a wrong entry is
        // allowed, and the audit log keeps what it was.
        try await req.db.transaction { db in
            try await record.delete(on: db)
            try await req.audit(.calendarChanged, entity: .swappedDay, entityID: record.id?.uuidString,
                                summary: "remove \(record.date) \(record.kind.rawValue) \(record.note)", on: db)
        }
        req.flash(.success, .calendarRemoved)
        let year = LocalDate(iso: record.date)?.year ?? LocalDate(req.application.clock.now()).year
        return req.redirect(to: SiteURL.adminCalendar.path + "?year=\(year)", redirectType: .normal)
    }

    private func page(_ req: Request, year: Int, date: String, kind: String, note: String, errors: FieldErrors,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let t = req.t
        let records = try await SwappedDayRecord.query(on: req.db).sort(\.$date).all()
        let calendar = WorkingDayCalendar(swaps: records.compactMap(\.swappedDay))
        let inYear = records.filter { $0.date.hasPrefix("\(year)-") }
        let holidayRows: [BodyNode] = calendar.holidays(in: year).map { h in
            .el("tr", [], [
                .el("td", [], [.txt(h.date.description)]),
                .el("td", [], [.txt(WeekdayName.name(h.date.weekday, t))]),
                .el("td", [], [.txt(t.pick(vi: h.name.vietnamese, en: h.name.english))]),
            ])
        }
        let swapRows: [BodyNode] = inYear.map { r in
            let d = LocalDate(iso: r.date)
            return .el("tr", [], [
                .el("td", [], [.txt(d?.description ?? r.date)]),
                .el("td", [], [.txt(d.map { WeekdayName.name($0.weekday, t) } ?? "")]),
                .el("td", [], [.txt(t.swapKind(r.kind))]),
                .el("td", [], [.txt(r.note)]),
                .el("td", [], [.el("form", [.action(.adminCalendarDelete(r.id!)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req), .el("button", [.type("submit"), .cls("danger")], [.txt(t(.calendarRemove))]),
                ])]),
            ])
        }
        func yearLink(_ y: Int) -> BodyNode { .el("a", [.hrefRaw(SiteURL.adminCalendar.path + "?year=\(y)")], [.txt(String(y))]) }
        let content: BodyNode = .group(
            .el("h1", [], [.txt("\(t(.calendarTitle)) \(year)")]),
            .el("p", [], [.txt(t(.calendarIntro))]),
            .el("nav", [.cls("pager"), .aria("label", t(.calendarYear))], [yearLink(year - 1), yearLink(year + 1)]),
            .el("h2", [], [.txt(t(.calendarHolidays))]),
            DataTable.view(headers: [t(.calendarDate), "", t(.name)], rows: holidayRows, empty: t(.noRecords)),
            .el("h2", [], [.txt(t(.calendarSwaps))]),
            DataTable.view(headers: [t(.calendarDate), "", t(.calendarSwapKind), t(.calendarNote), t(.actions)],
                           rows: swapRows, empty: t(.noRecords)),
            FormField.summary(errors, t),
            .el("form", [.id("calendar-form"), .action(.adminCalendar), .postMethod, .cls("stacked")], [
                Layout.csrfField(req),
                FormField.text("date", label: t(.calendarDate), value: date, errors: errors, required: true,
                           extra: [Attr("placeholder", "dd/mm/yyyy"), Attr("inputmode", "numeric")]),
                FormField.select("kind", label: t(.calendarSwapKind), options: SwappedDay.Kind.allCases.map { ($0.rawValue, t.swapKind($0)) },
                             selected: kind, errors: errors, required: true),
                FormField.text("note", label: t(.calendarNote), value: note, errors: errors, extra: [Attr("maxlength", "200")]),
                FormField.submit(t(.calendarAdd)),
            ])
        )
        return await Layout.page(req, title: t(.calendarTitle), status: status, content: content)
    }
}

enum WeekdayName {
    /// `weekday` as `Calendar` numbers it: 1 = Sunday … 7 = Saturday.
    static func name(_ weekday: Int, _ t: Localizer) -> String {
        let vi = ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"]
        let en = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let i = (weekday - 1) % 7
        return t.pick(vi: vi[i], en: en[i])
    }
}
