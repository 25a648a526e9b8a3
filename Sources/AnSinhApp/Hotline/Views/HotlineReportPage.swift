import AnSinhCore
import Plot
import Vapor

/// The report's tables in display form, shared by the page and the .xlsx file so that both
/// show the same numbers.
struct HotlineReportTables {
    struct SummaryRow {
        let label: String
        let now: Int
        let before: Int

        /// This period minus the same period last year.
        var difference: Int { now - before }
        /// This period against the same period last year (0.94: 94% of it); nil when there was nothing then.
        var ratio: Double? { before == 0 ? nil : Double(now) / Double(before) }

        var cells: [Spreadsheet.Cell] {
            [.number(now), .number(before), .signed(difference), ratio.map { .percent($0) } ?? .text("—")]
        }
    }

    let title: String
    let summary: [SummaryRow]
    /// Every breakdown, in the order of the page; a new breakdown is one more table here.
    var tables: [ReportTable]

    /// The headers of the summary's value columns.
    static func summaryColumns(_ t: Localizer) -> [String] {
        [t.pick(vi: "Kỳ này", en: "This period"), t.pick(vi: "Cùng kỳ năm trước", en: "Same period last year"),
         t.pick(vi: "Chênh lệch", en: "Change"), t.pick(vi: "Tỉ lệ so với cùng kỳ", en: "Against last year")]
    }

    init(_ r: HotlineReport, labels: [String: String], _ t: Localizer) {
        func label(_ code: String) -> String {
            if let kind = CallKind(rawValue: code) { return t.callKind(kind) }
            if let c = CallChannel(rawValue: code) { return t.channel(c) }
            if let a = CallAction(rawValue: code) { return t.action(a) }
            if code == "unclassified" { return t.pick(vi: "Chưa phân loại", en: "Unclassified") }
            if let sex = Sex(rawValue: code) { return t.sex(sex) }
            if let age = AgeGroup(rawValue: code) { return t.ageGroup(age) }
            if let group = ClientGroup(rawValue: code) { return t.clientGroup(group) }
            return labels[code] ?? code
        }
        let calls = t.pick(vi: "Số cuộc", en: "Calls")
        func table(_ id: String, _ title: String, _ counts: [HotlineReport.Count], nested: Bool = false,
                   label: (String) -> String = label) -> ReportTable {
            ReportTable(id: id, title: title, column: calls, counts: counts.flatMap { c in
                [(label(c.code), c.count, false)] + (nested ? (c.children ?? []).map { (label($0.code), $0.count, true) } : [])
            })
        }
        let from = LocalDate(iso: r.from)?.description ?? r.from
        let to = LocalDate(iso: r.to)?.description ?? r.to
        title = t.pick(vi: "Báo cáo tổng đài \(from) – \(to)", en: "Hotline report \(from) – \(to)")
        summary = [
            SummaryRow(label: t.pick(vi: "Tổng số cuộc gọi", en: "Total calls"), now: r.total, before: r.previous.total),
            SummaryRow(label: t.pick(vi: "Cuộc gọi tư vấn", en: "Counselling calls"), now: r.counselling, before: r.previous.counselling),
            SummaryRow(label: t.pick(vi: "Cuộc gọi không tư vấn", en: "Non-counselling calls"), now: r.nonData, before: r.previous.nonData),
            SummaryRow(label: t.pick(vi: "Trường hợp xử lý từ tổng đài", en: "Cases handled from the hotline"),
                       now: r.cases.received, before: r.cases.previous.received),
            SummaryRow(label: t.pick(vi: "— trong đó đã kết thúc", en: "— of which closed"), now: r.cases.closed, before: r.cases.previous.closed),
        ]
        tables = [
            ReportTable(id: "cases-by-group", title: t.pick(vi: "Trường hợp từ tổng đài theo nhóm đối tượng", en: "Hotline cases by client group"),
                        column: t.pick(vi: "Số trường hợp", en: "Cases"),
                        counts: r.cases.byClientGroup.map { (label($0.code), $0.received, false) }),
            table("by-topic", t.pick(vi: "Theo chủ đề chính (mỗi cuộc tính một lần)", en: "By primary topic (each call once)"), r.byTopic, nested: true),
            table("by-kind", t.pick(vi: "Cuộc gọi không tư vấn theo loại", en: "Non-counselling calls by kind"), r.byNonDataKind),
            table("topic-mentions", t.pick(vi: "Số lần chủ đề được nêu", en: "Topic mentions"), r.topicMentions, nested: true),
            table("by-channel", t.pick(vi: "Theo kênh", en: "By channel"), r.byChannel),
            table("by-line", t.pick(vi: "Theo đường dây", en: "By line"), r.byLine),
            table("by-action", t.pick(vi: "Đã xử lý", en: "Actions taken"), r.byAction),
            table("by-month", t.pick(vi: "Theo tháng", en: "By month"), r.byMonth, label: Self.month),
            table("by-caller-sex", t.pick(vi: "Cuộc gọi tư vấn theo giới tính người gọi", en: "Counselling calls by caller's sex"), r.byCallerSex),
            table("by-caller-age", t.pick(vi: "Cuộc gọi tư vấn theo tuổi người gọi", en: "Counselling calls by caller's age"), r.byCallerAgeGroup),
            table("by-handoff", t.pick(vi: "Chuyển tiếp theo nơi nhận", en: "Hand-offs by where they went"), r.byHandoffTarget,
                  label: { HandoffTarget(rawValue: $0).map(t.handoffTarget) ?? label($0) }),
            table("by-person-group", t.pick(vi: "Cuộc gọi tư vấn theo người được hỗ trợ", en: "Counselling calls by person concerned"), r.byPersonGroup,
                  label: { code in code == "child" ? t.pick(vi: "Trẻ em", en: "Child") : code == "adult" ? t.pick(vi: "Người lớn", en: "Adult") : label(code) }),
            table("by-person-sex", t.pick(vi: "Cuộc gọi tư vấn theo giới tính người được hỗ trợ", en: "Counselling calls by sex of the person concerned"), r.byPersonSex),
            table("by-person-age", t.pick(vi: "Cuộc gọi tư vấn theo nhóm tuổi người được hỗ trợ", en: "Counselling calls by age band of the person concerned"),
                  r.byPersonAgeGroup),
            table("by-province", t.pick(vi: "Cuộc gọi tư vấn theo tỉnh của người được hỗ trợ", en: "Counselling calls by province of the person concerned"), r.byPersonProvince),
            table("by-commune", t.pick(vi: "Cuộc gọi tư vấn theo xã, phường của người được hỗ trợ", en: "Counselling calls by commune of the person concerned"), r.byPersonCommune),
        ]
    }

    /// `2026-06` as written in Vietnam: `06/2026` (one rule for pages and reports: `FormDates`).
    static func month(_ code: String) -> String { FormDates.display(code) }

    /// The same tables as a workbook: the title and the summary first (kept in view), then
    /// every table below it with its own bold header row.
    func spreadsheet(_ t: Localizer) -> Spreadsheet {
        var rows: [[Spreadsheet.Cell]] = [[.title(title)], [.header("")] + Self.summaryColumns(t).map { .header($0) }]
        rows += summary.map { [.text($0.label)] + $0.cells }
        for table in tables {
            rows += [[]] + table.sheetRows
        }
        return Spreadsheet(sheets: [.init(name: t.pick(vi: "Báo cáo", en: "Report"), rows: rows, frozenRows: 2)])
    }
}

/// The hotline report on screen, and on paper as an administrative document (the print
/// stylesheet hides the controls and shows the heading and the signature).
enum HotlineReportPage {
    static func view(_ tables: HotlineReportTables, from: String, to: String, heading: DocumentHeading? = nil, _ req: Request) -> BodyNode {
        let t = req.t
        let query = "?from=\(from)&to=\(to)"
        return .group(
            heading?.top(title: tables.title, period: nil) ?? .empty,
            .el("h1", [.cls("screen-title")], [.txt(tables.title)]),
            .el("form", [.id("report-filter"), .action(.hotlineReport), .getMethod, .cls("filters")], [
                FormField.text("from", label: t(.auditFrom), value: from, errors: FieldErrors(), type: "date"),
                FormField.text("to", label: t(.auditTo), value: to, errors: FieldErrors(), type: "date"),
                .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
            .el("p", [.cls("form-actions screen-only")], [
                .el("a", [.id("report-xlsx"), .hrefRaw(SiteURL.hotlineReportExport.path + query + "&format=xlsx"), .cls("button-secondary")],
                    [.txt(t.pick(vi: "Tải Excel (.xlsx)", en: "Download Excel (.xlsx)"))]),
            ]),
            .el("table", [.id("report-summary"), .cls("summary")], [
                .el("thead", [], [.el("tr", [], [.el("th", [], [])] + HotlineReportTables.summaryColumns(t).map { .el("th", [], [.txt($0)]) })]),
                .el("tbody", [], tables.summary.map { s in
                    .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(s.label)])]
                        + s.cells.map { .el("td", [.cls("num")], [.txt($0.display)]) })
                }),
            ]),
            .group(tables.tables.map { $0.view(t) }),
            heading?.signature ?? .empty
        )
    }
}
