import AnSinhCore
import Plot
import Vapor

/// The report's tables in display form, shared by the page and the .xlsx file so that both
/// show the same numbers.
struct HotlineReportTables {
    struct Row {
        let label: String
        let count: Int
        let isChild: Bool
    }

    struct Table {
        let id: String
        let title: String
        let rows: [Row]
    }

    struct SummaryRow {
        let label: String
        let now: Int
        let before: Int

        var change: String {
            let diff = now - before
            let pct = before == 0 ? "—" : VNFormat.percent(Double(now) / Double(before))
            return "\(diff >= 0 ? "+" : "")\(VNFormat.number(diff)) (\(pct))"
        }
    }

    let title: String
    let summary: [SummaryRow]
    let tables: [Table]

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
        func rows(_ counts: [HotlineReport.Count], nested: Bool = false) -> [Row] {
            counts.flatMap { c in
                [Row(label: label(c.code), count: c.count, isChild: false)]
                    + (nested ? (c.children ?? []).map { Row(label: label($0.code), count: $0.count, isChild: true) } : [])
            }
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
            Table(id: "cases-by-group", title: t.pick(vi: "Trường hợp từ tổng đài theo nhóm đối tượng", en: "Hotline cases by client group"),
                  rows: r.cases.byClientGroup.map { Row(label: label($0.code), count: $0.received, isChild: false) }),
            Table(id: "by-topic", title: t.pick(vi: "Theo chủ đề chính (mỗi cuộc tính một lần)", en: "By primary topic (each call once)"), rows: rows(r.byTopic, nested: true)),
            Table(id: "by-kind", title: t.pick(vi: "Cuộc gọi không tư vấn theo loại", en: "Non-counselling calls by kind"), rows: rows(r.byNonDataKind)),
            Table(id: "topic-mentions", title: t.pick(vi: "Số lần chủ đề được nêu", en: "Topic mentions"), rows: rows(r.topicMentions, nested: true)),
            Table(id: "by-channel", title: t.pick(vi: "Theo kênh", en: "By channel"), rows: rows(r.byChannel)),
            Table(id: "by-line", title: t.pick(vi: "Theo đường dây", en: "By line"), rows: rows(r.byLine)),
            Table(id: "by-action", title: t.pick(vi: "Đã xử lý", en: "Actions taken"), rows: rows(r.byAction)),
            Table(id: "by-month", title: t.pick(vi: "Theo tháng", en: "By month"), rows: rows(r.byMonth)),
            Table(id: "by-caller-sex", title: t.pick(vi: "Cuộc gọi tư vấn theo giới tính người gọi", en: "Counselling calls by caller's sex"), rows: rows(r.byCallerSex)),
            Table(id: "by-caller-age", title: t.pick(vi: "Cuộc gọi tư vấn theo tuổi người gọi", en: "Counselling calls by caller's age"), rows: rows(r.byCallerAgeGroup)),
            Table(id: "by-province", title: t.pick(vi: "Cuộc gọi tư vấn theo tỉnh của người được hỗ trợ", en: "Counselling calls by province of the person concerned"), rows: rows(r.byPersonProvince)),
            Table(id: "by-commune", title: t.pick(vi: "Cuộc gọi tư vấn theo xã, phường của người được hỗ trợ", en: "Counselling calls by commune of the person concerned"), rows: rows(r.byPersonCommune)),
        ]
    }

    /// The same tables as a workbook: the summary first, then every table below it.
    func spreadsheet(_ t: Localizer) -> Spreadsheet {
        var rows: [[Spreadsheet.Cell]] = [[.text(title)], [],
            [.text(""), .text(t.pick(vi: "Kỳ này", en: "This period")), .text(t.pick(vi: "Cùng kỳ năm trước", en: "Same period last year")),
             .text(t.pick(vi: "Chênh lệch", en: "Change"))]]
        rows += summary.map { [.text($0.label), .number($0.now), .number($0.before), .text($0.change)] }
        for table in tables {
            rows += [[], [.text(table.title)]]
            rows += table.rows.map { [.text(($0.isChild ? "  " : "") + $0.label), .number($0.count)] }
        }
        return Spreadsheet(sheets: [.init(name: t.pick(vi: "Báo cáo", en: "Report"), rows: rows)])
    }
}

/// The hotline report on screen (and on paper: the print stylesheet hides the controls).
enum HotlineReportPage {
    static func view(_ tables: HotlineReportTables, from: String, to: String, _ req: Request) -> BodyNode {
        let t = req.t
        let sections: [BodyNode] = tables.tables.map { table in
            .el("section", [.id(table.id)], [
                .el("h2", [], [.txt(table.title)]),
                DataTable.view(headers: ["", t.pick(vi: "Số cuộc", en: "Calls")], rows: table.rows.map { row in
                    .el("tr", row.isChild ? [.cls("child")] : [], [
                        .el("th", [Attr("scope", "row")], [.txt((row.isChild ? "— " : "") + row.label)]),
                        .el("td", [.cls("num")], [.txt(VNFormat.number(row.count))]),
                    ])
                }, empty: t(.noRecords)),
            ])
        }
        let query = "?from=\(from)&to=\(to)"
        return .group(
            .el("h1", [], [.txt(tables.title)]),
            .el("form", [.id("report-filter"), .action(.hotlineReport), .getMethod, .cls("filters")], [
                FormField.text("from", label: t(.auditFrom), value: from, errors: FieldErrors(), type: "date"),
                FormField.text("to", label: t(.auditTo), value: to, errors: FieldErrors(), type: "date"),
                .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
            .el("p", [.cls("form-actions")], [
                .el("a", [.id("report-xlsx"), .hrefRaw(SiteURL.hotlineReportExport.path + query + "&format=xlsx"), .cls("button-secondary")],
                    [.txt(t.pick(vi: "Tải Excel (.xlsx)", en: "Download Excel (.xlsx)"))]),
            ]),
            .el("table", [.id("report-summary"), .cls("summary")], [
                .el("thead", [], [.el("tr", [], [.el("th", [], []), .el("th", [], [.txt(t.pick(vi: "Kỳ này", en: "This period"))]),
                                                .el("th", [], [.txt(t.pick(vi: "Cùng kỳ năm trước", en: "Same period last year"))]),
                                                .el("th", [], [.txt(t.pick(vi: "Chênh lệch", en: "Change"))])])]),
                .el("tbody", [], tables.summary.map { s in
                    .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(s.label)]), .el("td", [.cls("num")], [.txt(VNFormat.number(s.now))]),
                                   .el("td", [.cls("num")], [.txt(VNFormat.number(s.before))]), .el("td", [.cls("num")], [.txt(s.change)])])
                }),
            ]),
            .group(sections)
        )
    }
}
