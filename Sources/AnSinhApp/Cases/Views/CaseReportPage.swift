import AnSinhCore
import Plot
import Vapor

/// The case report's tables in display form, shared by the page and the .xlsx file.
struct CaseReportTables {
    struct Row {
        let label: String
        let received: Int
        let closed: Int
    }

    struct Table {
        let id: String
        let title: String
        let rows: [Row]
    }

    let title: String
    /// (label, this period, same period last year).
    let summary: [(String, String, String)]
    let tables: [Table]

    /// `groupLabels`: the labels of the center's own client groups (built-in ones are known).
    init(_ r: CaseReport, unitNames: [String: String], communeNames: [String: String], groupLabels: [String: String] = [:], _ t: Localizer) {
        let from = LocalDate(iso: r.from)?.description ?? r.from
        let to = LocalDate(iso: r.to)?.description ?? r.to
        let track = switch CaseReport.Track(rawValue: r.track) {
        case .hotline: t.pick(vi: " (trường hợp từ tổng đài)", en: " (hotline cases)")
        case .files: t.pick(vi: " (hồ sơ quản lý trường hợp)", en: " (case files)")
        default: ""
        }
        title = t.pick(vi: "Báo cáo quản lý trường hợp \(from) – \(to)", en: "Case report \(from) – \(to)") + track
        let change = r.previous.percent.map { "\(r.previous.difference >= 0 ? "+" : "")\(VNFormat.number(r.previous.difference)) (\($0)%)" } ?? "—"
        summary = [
            (t.pick(vi: "Tiếp nhận", en: "Received"), VNFormat.number(r.received), VNFormat.number(r.previous.received)),
            (t.pick(vi: "Đã kết thúc (trong số tiếp nhận)", en: "Closed (of those received)"),
             "\(VNFormat.number(r.closed))/\(VNFormat.number(r.received))", "\(VNFormat.number(r.previous.closed))/\(VNFormat.number(r.previous.received))"),
            (t.pick(vi: "Kết thúc trong kỳ", en: "Closed in the period"), VNFormat.number(r.closedInPeriod), ""),
            (t.pick(vi: "Đang quản lý cuối kỳ", en: "Open at the end"), VNFormat.number(r.openAtEnd), ""),
            (t.pick(vi: "So với cùng kỳ", en: "Against the same period"), change, ""),
            (t.pick(vi: "Kế hoạch năm", en: "Annual plan"),
             r.target.map { "\(VNFormat.number($0.value)) · \($0.percent)%" } ?? t.pick(vi: "chưa đặt", en: "not set"), ""),
        ]
        func rows(_ counts: [CaseReport.GroupCount], _ label: (String) -> String) -> [Row] {
            counts.map { Row(label: label($0.code), received: $0.received, closed: $0.closed) }
        }
        let unclassified = t.pick(vi: "Chưa phân loại", en: "Unclassified")
        tables = [
            Table(id: "by-group", title: t.pick(vi: "Theo nhóm đối tượng", en: "By client group"),
                  rows: rows(r.byClientGroup) { ClientGroup(rawValue: $0).map(t.clientGroup) ?? groupLabels[$0] ?? $0 }),
            Table(id: "by-type", title: t.pick(vi: "Theo loại", en: "By type"), rows: rows(r.byType) { CaseType(rawValue: $0).map(t.caseType) ?? $0 }),
            Table(id: "by-source", title: t.pick(vi: "Theo nguồn", en: "By source"), rows: rows(r.bySource) { CaseSource(rawValue: $0).map(t.caseSource) ?? $0 }),
            Table(id: "by-unit", title: t.pick(vi: "Theo đơn vị", en: "By unit"), rows: rows(r.byUnit) { unitNames[$0.uppercased()] ?? unitNames[$0] ?? $0 }),
            Table(id: "by-commune", title: t.pick(vi: "Theo xã, phường", en: "By commune"),
                  rows: rows(r.byCommune) { $0 == "unclassified" ? unclassified : communeNames[$0] ?? $0 }),
        ]
    }

    func spreadsheet(_ t: Localizer) -> Spreadsheet {
        var rows: [[Spreadsheet.Cell]] = [[.text(title)], [],
            [.text(""), .text(t.pick(vi: "Kỳ này", en: "This period")), .text(t.pick(vi: "Cùng kỳ năm trước", en: "Same period last year"))]]
        rows += summary.map { [.text($0.0), .text($0.1), .text($0.2)] }
        for table in tables {
            rows += [[], [.text(table.title), .text(t.pick(vi: "Tiếp nhận", en: "Received")), .text(t.pick(vi: "Đã kết thúc", en: "Closed"))]]
            rows += table.rows.map { [.text($0.label), .number($0.received), .number($0.closed)] }
        }
        return Spreadsheet(sheets: [.init(name: t.pick(vi: "Báo cáo", en: "Report"), rows: rows)])
    }
}

enum CaseReportPage {
    static func view(_ tables: CaseReportTables, from: String, to: String, track: String, _ req: Request) -> BodyNode {
        let t = req.t
        let sections: [BodyNode] = tables.tables.map { table in
            .el("section", [.id(table.id)], [
                .el("h2", [], [.txt(table.title)]),
                DataTable.view(headers: ["", t.pick(vi: "Tiếp nhận", en: "Received"), t.pick(vi: "Đã kết thúc", en: "Closed")], rows: table.rows.map { row in
                    .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(row.label)]),
                                   .el("td", [.cls("num")], [.txt(VNFormat.number(row.received))]),
                                   .el("td", [.cls("num")], [.txt(VNFormat.number(row.closed))])])
                }, empty: t(.noRecords)),
            ])
        }
        let query = "?from=\(from)&to=\(to)&track=\(track)"
        return .group(
            .el("h1", [], [.txt(tables.title)]),
            .el("form", [.id("case-report-filter"), .action(.caseReport), .getMethod, .cls("filters")], [
                FormField.text("from", label: t(.auditFrom), value: from, errors: FieldErrors(), type: "date"),
                FormField.text("to", label: t(.auditTo), value: to, errors: FieldErrors(), type: "date"),
                FormField.select("track", label: t.pick(vi: "Phạm vi", en: "Cases"), options: [
                    ("all", t.pick(vi: "Tất cả", en: "All")), ("hotline", t.pick(vi: "Từ tổng đài", en: "From the hotline")),
                    ("files", t.pick(vi: "Hồ sơ quản lý trường hợp", en: "Case files")),
                ], selected: track, errors: FieldErrors()),
                .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
            .el("p", [.cls("form-actions")], [
                .el("a", [.id("case-report-xlsx"), .hrefRaw(SiteURL.caseReportExport.path + query + "&format=xlsx"), .cls("button-secondary")],
                    [.txt(t.pick(vi: "Tải Excel (.xlsx)", en: "Download Excel (.xlsx)"))]),
            ]),
            .el("table", [.id("case-report-summary"), .cls("summary")], [
                .el("thead", [], [.el("tr", [], [.el("th", [], []), .el("th", [], [.txt(t.pick(vi: "Kỳ này", en: "This period"))]),
                                                .el("th", [], [.txt(t.pick(vi: "Cùng kỳ năm trước", en: "Same period last year"))])])]),
                .el("tbody", [], tables.summary.map { s in
                    .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(s.0)]), .el("td", [.cls("num")], [.txt(s.1)]),
                                   .el("td", [.cls("num")], [.txt(s.2)])])
                }),
            ]),
            .group(sections)
        )
    }
}
