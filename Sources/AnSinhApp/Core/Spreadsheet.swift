import Foundation
import AnSinhCore
import Vapor

/// A table of cells written as .xlsx (one sheet per table, inline strings, typed numbers with
/// their number format, bold frozen headers, fitted column widths) or CSV.
struct Spreadsheet {
    enum Cell: Equatable {
        case text(String)
        /// A count, shown `1.234`.
        case number(Int)
        /// A difference, shown with its sign: `+12`, `-31`, `0`.
        case signed(Int)
        /// A share as a fraction (0.94 is 94%), written as a percent cell.
        case percent(Double)
        /// A column header: bold.
        case header(String)
        /// The sheet's title: bold, larger.
        case title(String)
        /// A row label one level down (a subtopic under its topic): indented.
        case child(String)
        case empty

        /// The text a page shows for the cell (Vietnamese number formats).
        var display: String {
            switch self {
            case .text(let s), .header(let s), .title(let s), .child(let s): s
            case .number(let n): VNFormat.number(n)
            case .signed(let n): (n > 0 ? "+" : "") + VNFormat.number(n)
            case .percent(let x): VNFormat.percent(x)
            case .empty: ""
            }
        }

        var isNumeric: Bool {
            switch self {
            case .number, .signed, .percent: true
            default: false
            }
        }

        /// The index of the cell's format in styles.xml (`cellXfs`).
        fileprivate var style: Int {
            switch self {
            case .text, .empty: 0
            case .header: 1
            case .number: 2
            case .percent: 3
            case .signed: 4
            case .title: 5
            case .child: 6
            }
        }
    }

    struct Sheet {
        let name: String
        var rows: [[Cell]]
        /// Rows kept in view when scrolling (the title and the header row); the text cells of
        /// these rows are bold even when given as `.text`.
        var frozenRows: Int = 1

        init(name: String, rows: [[Cell]], frozenRows: Int = 1) {
            self.name = name
            self.rows = rows
            self.frozenRows = frozenRows
        }
    }

    var sheets: [Sheet]

    /// Formats: 0 text, 1 bold header, 2 `#,##0`, 3 `0%`, 4 `+#,##0;-#,##0;0`, 5 title, 6 indented label.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="+#,##0;-#,##0;0"/></numFmts>\
        <fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>\
        <font><b/><sz val="13"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment indent="1"/></xf></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    func xlsx() -> Data {
        var zip = ZipArchive()
        let sheetList = sheets.indices
        zip.add("[Content_Types].xml", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(sheetList.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())\
            </Types>
            """.utf8))
        zip.add("_rels/.rels", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """.utf8))
        zip.add("xl/workbook.xml", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            \(sheetList.map { "<sheet name=\"\(Self.xml(Self.sheetName(sheets[$0].name)))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined())\
            </sheets></workbook>
            """.utf8))
        zip.add("xl/_rels/workbook.xml.rels", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(sheetList.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined())\
            <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """.utf8))
        zip.add("xl/styles.xml", Data(Self.styles.utf8))
        for (i, sheet) in sheets.enumerated() {
            zip.add("xl/worksheets/sheet\(i + 1).xml", Data(Self.worksheet(sheet).utf8))
        }
        return zip.finish()
    }

    static func worksheet(_ sheet: Sheet) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        if sheet.frozenRows > 0, sheet.rows.count > sheet.frozenRows {
            let top = "A\(sheet.frozenRows + 1)"
            xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(sheet.frozenRows)\" topLeftCell=\"\(top)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                + "<selection pane=\"bottomLeft\" activeCell=\"\(top)\" sqref=\"\(top)\"/></sheetView></sheetViews>"
        }
        let widths = columnWidths(sheet)
        if !widths.isEmpty {
            xml += "<cols>" + widths.enumerated().map { c, w in
                "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
            }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, var cell) in row.enumerated() {
                if r < sheet.frozenRows, case .text(let s) = cell { cell = .header(s) }
                let ref = Self.column(c) + String(r + 1)
                let style = cell.style == 0 ? "" : " s=\"\(cell.style)\""
                switch cell {
                case .empty: continue
                case .text(let s), .header(let s), .title(let s), .child(let s):
                    xml += "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Self.xml(s))</t></is></c>"
                case .number(let n), .signed(let n): xml += "<c r=\"\(ref)\"\(style)><v>\(n)</v></c>"
                case .percent(let x): xml += "<c r=\"\(ref)\"\(style)><v>\(x.isFinite ? x : 0)</v></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// Widths in characters, from the longest text of each column (titles, which span the
    /// row, are not counted), between 8 and 60.
    static func columnWidths(_ sheet: Sheet) -> [Int] {
        var widths: [Int] = []
        for row in sheet.rows {
            for (c, cell) in row.enumerated() {
                if case .title = cell { continue }
                while widths.count <= c { widths.append(8) }
                let length = cell.display.count + (cell.isNumeric ? 2 : 0) + (cell.style == 6 ? 3 : 0) + (cell.style == 1 ? 2 : 0)
                widths[c] = max(widths[c], min(60, length + 2))
            }
        }
        return widths
    }

    /// Excel's limits on a sheet name: 31 characters, none of `[]:*?/\`.
    static func sheetName(_ name: String) -> String {
        String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
    }

    /// CSV of every sheet, one after the other with an empty line between, UTF-8 with a
    /// byte-order mark so that Excel reads Vietnamese.
    func csv() -> Data {
        let blocks = sheets.map { sheet in
            sheet.rows.map { row in
                row.map { cell -> String in
                    switch cell {
                    case .number(let n): return String(n)
                    case .signed(let n): return (n > 0 ? "+" : "") + String(n)
                    case .percent(let x): return String(Int((x * 100).rounded())) + "%"
                    case .empty: return ""
                    case .text(var s), .header(var s), .title(var s), .child(var s):
                        // A leading = + - @ would run as a formula in a spreadsheet.
                        if let f = s.first, "=+-@".contains(f) { s = "'" + s }
                        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    }
                }.joined(separator: ",")
            }.joined(separator: "\r\n")
        }
        return Data("\u{FEFF}".utf8) + Data(blocks.joined(separator: "\r\n\r\n").utf8) + Data("\r\n".utf8)
    }

    func response(xlsx: Bool, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: xlsx
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename).\(xlsx ? "xlsx" : "csv")\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: xlsx ? self.xlsx() : csv()))
    }

    static func column(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(65 + r)!) + s; n = (n - 1) / 26 }
        return s
    }

    static func xml(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // Control characters other than tab and newlines are not allowed in XML.
            case _ where ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r": continue
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
