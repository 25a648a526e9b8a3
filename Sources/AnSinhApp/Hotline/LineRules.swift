import AnSinhCore
import Fluent
import Vapor

/// The rules of a hotline line, shared by the lines page and the API.
enum LineRules {
    struct Valid {
        let number: String
        let name: String
        let hours: String
    }

    /// Digits only for the number (spaces, dots, dashes allowed when typed), unique; a name.
    static func validate(number: String, name: String, hours: String, db: any Database, _ t: Localizer) async throws -> (Valid?, [FieldProblem]) {
        var problems: [FieldProblem] = []
        let digits = number.filter(\.isNumber)
        if !(3...15).contains(digits.count) || number.contains(where: { !($0.isNumber || " .-".contains($0)) }) {
            problems.append(.init(field: "number", message: t.pick(vi: "Số đường dây gồm 3–15 chữ số.", en: "A line number has 3–15 digits.")))
        } else if try await HotlineLine.query(on: db).filter(\.$number == digits).first() != nil {
            problems.append(.init(field: "number", message: t.pick(vi: "Đường dây này đã có.", en: "This line exists already.")))
        }
        let cleanName = VietnameseText.nfc(name).trimmingCharacters(in: .whitespaces)
        if cleanName.isEmpty || cleanName.count > 120 {
            problems.append(.init(field: "name", message: t.pick(vi: "Nhập tên đường dây (tối đa 120 ký tự).", en: "Enter the line's name (120 characters at most).")))
        }
        if hours.count > 120 {
            problems.append(.init(field: "hours", message: t.pick(vi: "Giờ trực tối đa 120 ký tự.", en: "Hours: 120 characters at most.")))
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (Valid(number: digits, name: cleanName, hours: VietnameseText.nfc(hours)), [])
    }

    /// Creates the line and its audit entry in one transaction.
    static func create(_ valid: Valid, _ req: Request) async throws -> HotlineLine {
        let line = HotlineLine(number: valid.number, name: valid.name, hours: valid.hours, createdBy: try req.user.id)
        try await req.db.transaction { db in
            try await line.create(on: db)
            try await req.audit(.hotlineLineCreated, entity: .hotlineLine, entityID: line.id?.uuidString,
                                summary: "\(valid.number) \(valid.name)", on: db)
        }
        req.application.hotlineCatalog.invalidate()
        return line
    }
}
