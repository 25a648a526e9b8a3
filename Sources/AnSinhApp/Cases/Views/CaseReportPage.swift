import AnSinhCore
import Plot
import Vapor

/// The case report's tables in display form, shared by the page and the .xlsx file.
struct CaseReportTables {
    /// A summary line: its label, then this period's value and the same period's last year
    /// (empty where there is nothing to compare), each a typed cell.
    struct SummaryRow {
        let label: String
        let cells: [Spreadsheet.Cell]
    }

    let title: String
    let summary: [SummaryRow]
    let tables: [ReportTable]

    static func summaryColumns(_ t: Localizer) -> [String] {
        [t.pick(vi: "Kỳ này", en: "This period"), t.pick(vi: "Cùng kỳ năm trước", en: "Same period last year")]
    }

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
        func share(_ part: Int, _ whole: Int) -> Spreadsheet.Cell { whole == 0 ? .text("—") : .percent(Double(part) / Double(whole)) }
        // Every figure is a cell of its own (a number, a signed change, a percent), never a
        // sentence such as "85/133" or "160 · 83%", so that a spreadsheet can compute with it.
        var rows = [
            SummaryRow(label: t.pick(vi: "Tiếp nhận", en: "Received"), cells: [.number(r.received), .number(r.previous.received)]),
            SummaryRow(label: t.pick(vi: "Đã kết thúc (trong số tiếp nhận)", en: "Closed (of those received)"),
                       cells: [.number(r.closed), .number(r.previous.closed)]),
            SummaryRow(label: t.pick(vi: "Tỉ lệ đã kết thúc", en: "Share closed"),
                       cells: [share(r.closed, r.received), share(r.previous.closed, r.previous.received)]),
            SummaryRow(label: t.pick(vi: "Kết thúc trong kỳ", en: "Closed in the period"), cells: [.number(r.closedInPeriod), .empty]),
            SummaryRow(label: t.pick(vi: "Đang quản lý cuối kỳ", en: "Open at the end"), cells: [.number(r.openAtEnd), .empty]),
            SummaryRow(label: t.pick(vi: "Chênh lệch so với cùng kỳ", en: "Change against the same period"),
                       cells: [.signed(r.previous.difference), .empty]),
            SummaryRow(label: t.pick(vi: "Tỉ lệ so với cùng kỳ", en: "Against the same period"),
                       cells: [r.previous.percent.map { .percent(Double($0) / 100) } ?? .text("—"), .empty]),
        ]
        if let target = r.target {
            rows += [
                SummaryRow(label: t.pick(vi: "Kế hoạch năm", en: "Annual plan"), cells: [.number(target.value), .empty]),
                SummaryRow(label: t.pick(vi: "Tỉ lệ đạt kế hoạch", en: "Share of the plan"), cells: [.percent(Double(target.percent) / 100), .empty]),
            ]
        } else {
            rows.append(SummaryRow(label: t.pick(vi: "Kế hoạch năm", en: "Annual plan"), cells: [.text(t.pick(vi: "chưa đặt", en: "not set")), .empty]))
        }
        summary = rows
        let columns = [t.pick(vi: "Tiếp nhận", en: "Received"), t.pick(vi: "Đã kết thúc", en: "Closed")]
        func table(_ id: String, _ title: String, _ counts: [CaseReport.GroupCount], _ label: (String) -> String) -> ReportTable {
            ReportTable(id: id, title: title, columns: columns,
                        rows: counts.map { .init(label: label($0.code), values: [.number($0.received), .number($0.closed)]) })
        }
        let unclassified = t.pick(vi: "Chưa phân loại", en: "Unclassified")
        tables = [
            table("by-group", t.pick(vi: "Theo nhóm đối tượng", en: "By client group"), r.byClientGroup) {
                ClientGroup(rawValue: $0).map(t.clientGroup) ?? groupLabels[$0] ?? $0
            },
            table("by-type", t.pick(vi: "Theo loại", en: "By type"), r.byType) { CaseType(rawValue: $0).map(t.caseType) ?? $0 },
            table("by-source", t.pick(vi: "Theo nguồn", en: "By source"), r.bySource) { CaseSource(rawValue: $0).map(t.caseSource) ?? $0 },
            table("by-unit", t.pick(vi: "Theo đơn vị", en: "By unit"), r.byUnit) { unitNames[$0.uppercased()] ?? unitNames[$0] ?? $0 },
            table("by-commune", t.pick(vi: "Theo xã, phường", en: "By commune"), r.byCommune) {
                $0 == "unclassified" ? unclassified : communeNames[$0] ?? $0
            },
        ]
    }

    /// The same tables as a workbook: title and summary header kept in view, then every table.
    func spreadsheet(_ t: Localizer) -> Spreadsheet {
        var rows: [[Spreadsheet.Cell]] = [[.title(title)], [.header("")] + Self.summaryColumns(t).map { .header($0) }]
        rows += summary.map { [.text($0.label)] + $0.cells }
        for table in tables {
            rows += [[]] + table.sheetRows
        }
        return Spreadsheet(sheets: [.init(name: t.pick(vi: "Báo cáo", en: "Report"), rows: rows, frozenRows: 2)])
    }
}

enum CaseReportPage {
    static func view(_ tables: CaseReportTables, from: String, to: String, track: String, heading: DocumentHeading? = nil, _ req: Request) -> BodyNode {
        let t = req.t
        let query = "?from=\(from)&to=\(to)&track=\(track)"
        return .group(
            heading?.top(title: tables.title, period: nil) ?? .empty,
            .el("h1", [.cls("screen-title")], [.txt(tables.title)]),
            .el("form", [.id("case-report-filter"), .action(.caseReport), .getMethod, .cls("filters")], [
                FormField.text("from", label: t(.auditFrom), value: from, errors: FieldErrors(), type: "date"),
                FormField.text("to", label: t(.auditTo), value: to, errors: FieldErrors(), type: "date"),
                FormField.select("track", label: t.pick(vi: "Phạm vi", en: "Cases"), options: [
                    ("all", t.pick(vi: "Tất cả", en: "All")), ("hotline", t.pick(vi: "Từ tổng đài", en: "From the hotline")),
                    ("files", t.pick(vi: "Hồ sơ quản lý trường hợp", en: "Case files")),
                ], selected: track, errors: FieldErrors()),
                .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
            .el("p", [.cls("form-actions screen-only")], [
                .el("a", [.id("case-report-xlsx"), .hrefRaw(SiteURL.caseReportExport.path + query + "&format=xlsx"), .cls("button-secondary")],
                    [.txt(t.pick(vi: "Tải Excel (.xlsx)", en: "Download Excel (.xlsx)"))]),
            ]),
            .el("table", [.id("case-report-summary"), .cls("summary")], [
                .el("thead", [], [.el("tr", [], [.el("th", [], [])] + CaseReportTables.summaryColumns(t).map { .el("th", [], [.txt($0)]) })]),
                .el("tbody", [], tables.summary.map { s in
                    .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(s.label)])] + s.cells.map { .el("td", [.cls("num")], [.txt($0.display)]) })
                }),
            ]),
            .group(tables.tables.map { $0.view(t) }),
            heading?.signature ?? .empty
        )
    }
}
