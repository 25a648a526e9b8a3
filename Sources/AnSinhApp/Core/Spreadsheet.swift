import Foundation
import Vapor

/// A table of cells written as .xlsx (one sheet per table, inline strings and numbers) or CSV.
struct Spreadsheet {
    enum Cell {
        case text(String)
        case number(Int)
    }

    struct Sheet {
        let name: String
        var rows: [[Cell]]
    }

    var sheets: [Sheet]

    func xlsx() -> Data {
        var zip = ZipArchive()
        let sheetList = sheets.indices
        zip.add("[Content_Types].xml", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
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
            \(sheetList.map { "<sheet name=\"\(Self.xml(String(sheets[$0].name.prefix(31))))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined())\
            </sheets></workbook>
            """.utf8))
        zip.add("xl/_rels/workbook.xml.rels", Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(sheetList.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined())\
            </Relationships>
            """.utf8))
        for (i, sheet) in sheets.enumerated() {
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            for (r, row) in sheet.rows.enumerated() {
                xml += "<row r=\"\(r + 1)\">"
                for (c, cell) in row.enumerated() {
                    let ref = Self.column(c) + String(r + 1)
                    switch cell {
                    case .text(let s): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Self.xml(s))</t></is></c>"
                    case .number(let n): xml += "<c r=\"\(ref)\"><v>\(n)</v></c>"
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData></worksheet>"
            zip.add("xl/worksheets/sheet\(i + 1).xml", Data(xml.utf8))
        }
        return zip.finish()
    }

    /// CSV of the first sheet, UTF-8 with a byte-order mark so that Excel reads Vietnamese.
    func csv() -> Data {
        let lines = (sheets.first?.rows ?? []).map { row in
            row.map { cell -> String in
                switch cell {
                case .number(let n): return String(n)
                case .text(var s):
                    // A leading = + - @ would run as a formula in a spreadsheet.
                    if let f = s.first, "=+-@".contains(f) { s = "'" + s }
                    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }
            }.joined(separator: ",")
        }
        return Data("\u{FEFF}".utf8) + Data(lines.joined(separator: "\r\n").utf8) + Data("\r\n".utf8)
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
