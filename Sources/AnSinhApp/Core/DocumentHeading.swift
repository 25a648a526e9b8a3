import AnSinhCore
import Fluent
import Plot
import Vapor

/// The heading and signature of a printed report, as on a Vietnamese administrative document
/// (Decree 30/2020): the issuing unit under its parent on the left, the national motto on the
/// right, place and date, the title; the director's signature at the end. Both blocks are
/// `hidden` on screen and shown by the print stylesheet only.
struct DocumentHeading {
    /// The unit above the issuing one (the center above an office), if any.
    let parentName: String?
    let unitName: String
    /// The province of the unit, as written before the date ("Quảng Ninh").
    let place: String
    let date: LocalDate
    let signerName: String?

    /// The heading of a report as the user asked for it: the unit chosen in the query when in
    /// the user's scope, else the user's unit for staff scoped to units, else the center.
    static func forReport(_ req: Request) async throws -> DocumentHeading {
        let scope = try await req.unitScope()
        if let raw = req.query[String.self, at: "unit"], let id = UUID(uuidString: raw), scope.contains(id) {
            return try await load(req, unit: id)
        }
        if case .units = scope { return try await load(req, unit: try req.user.unitID) }
        return try await load(req, unit: nil)
    }

    /// The heading of a report of `unitID` (nil: the center), dated today.
    static func load(_ req: Request, unit unitID: UUID?) async throws -> DocumentHeading {
        let units = try await OrgUnit.query(on: req.db).all()
        let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
        let center = units.first { $0.parentID == nil }
        let unit = unitID.flatMap { byID[$0] } ?? center
        // The place: the province of the unit, else of the nearest unit above it that has one.
        var placeCode: String?
        var cursor = unit
        var seen = Set<UUID>()
        while let u = cursor, placeCode == nil, seen.insert(u.id!).inserted {
            placeCode = u.provinceCode
            cursor = u.parentID.flatMap { byID[$0] }
        }
        let place = try await placeCode.asyncFlatMap { try await AddressDirectory(req.db).province(code: $0)?.name } ?? ""
        let director = try await User.query(on: req.db).filter(\.$role == .director).filter(\.$active == true)
            .sort(\.$fullName).first()
        return DocumentHeading(parentName: unit?.parentID.flatMap { byID[$0]?.name }, unitName: unit?.name ?? center?.name ?? "",
                               place: place, date: LocalDate(req.application.clock.now()), signerName: director?.fullName)
    }

    /// "ngày 04 tháng 12 năm 2026": days below 10 and the months 1 and 2 take a leading zero.
    static func vietnameseDate(_ d: LocalDate) -> String {
        let day = d.day < 10 ? "0\(d.day)" : "\(d.day)"
        let month = d.month < 3 ? "0\(d.month)" : "\(d.month)"
        return "ngày \(day) tháng \(month) năm \(d.year)"
    }

    /// "Quảng Ninh, ngày 04 tháng 12 năm 2026".
    var placeAndDate: String {
        (place.isEmpty ? "" : place + ", ") + Self.vietnameseDate(date)
    }

    /// The block above the report's title.
    func top(title: String, period: String?) -> BodyNode {
        .el("div", [.cls("print-only doc-heading"), Attr("hidden", "")], [
            .el("div", [.cls("doc-issuer")], [
                parentName.map { .el("div", [.cls("doc-parent")], [.txt($0.uppercased(with: Locale(identifier: "vi_VN")))]) } ?? .empty,
                .el("div", [.cls("doc-unit")], [.txt(unitName.uppercased(with: Locale(identifier: "vi_VN")))]),
            ]),
            .el("div", [.cls("doc-motto")], [
                .el("div", [.cls("doc-country")], [.txt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
                .el("div", [.cls("doc-slogan")], [.txt("Độc lập - Tự do - Hạnh phúc")]),
                .el("div", [.cls("doc-date")], [.txt(placeAndDate)]),
            ]),
            .el("div", [.cls("doc-title")], [.txt(title.uppercased(with: Locale(identifier: "vi_VN")))]),
            period.map { .el("div", [.cls("doc-period")], [.txt($0)]) } ?? .empty,
        ])
    }

    /// The director's signature at the end of the report.
    var signature: BodyNode {
        .el("div", [.cls("print-only doc-signature"), Attr("hidden", "")], [
            .el("div", [.cls("doc-signer-title")], [.txt("GIÁM ĐỐC")]),
            .el("div", [.cls("doc-sign-hint")], [.txt("(Ký, ghi rõ họ tên, đóng dấu)")]),
            .el("div", [.cls("doc-signer-name")], [.txt(signerName ?? "")]),
        ])
    }
}
