import AnSinhCore
import Plot
import Vapor

/// One table of a report, from which both the page and the workbook are made, so that they
/// show the same figures: a label per row and one typed value per column (counts, signed
/// differences, percents). A report adds a breakdown by adding a table; a table with more
/// columns (a cross-tabulation) only names them.
struct ReportTable {
    struct Row {
        let label: String
        let values: [Spreadsheet.Cell]
        /// A row one level down (a subtopic under its topic).
        var isChild = false
    }

    let id: String
    let title: String
    /// The headers of the value columns (the label column has none).
    let columns: [String]
    let rows: [Row]

    /// A table of one count per row.
    init(id: String, title: String, column: String, counts: [(label: String, count: Int, isChild: Bool)]) {
        self.init(id: id, title: title, columns: [column],
                  rows: counts.map { Row(label: $0.label, values: [.number($0.count)], isChild: $0.isChild) })
    }

    init(id: String, title: String, columns: [String], rows: [Row]) {
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
    }

    /// The table on a page: `<section id>` with its heading.
    func view(_ t: Localizer) -> BodyNode {
        .el("section", [.id(id)], [
            .el("h2", [], [.txt(title)]),
            tableView(t),
        ])
    }

    func tableView(_ t: Localizer, cssClass: String? = nil) -> BodyNode {
        DataTable.view(headers: [""] + columns, rows: rows.map { row in
            .el("tr", row.isChild ? [.cls("child")] : [], [
                .el("th", [Attr("scope", "row")], [.txt((row.isChild ? "— " : "") + row.label)]),
            ] + row.values.map { value in
                .el("td", value.isNumeric ? [.cls("num")] : [], [.txt(value.display)])
            })
        }, empty: t(.noRecords))
    }

    /// The table's rows in a sheet: its title, the header row (bold), then the rows.
    var sheetRows: [[Spreadsheet.Cell]] {
        [[.title(title)], [.header("")] + columns.map { .header($0) }]
            + rows.map { [$0.isChild ? .child($0.label) : .text($0.label)] + $0.values }
    }
}
