import AnSinhCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Generates persons for demos and benchmarks: deterministic (a fixed seed), Vietnamese names
/// with family names in their real proportions (Nguyễn about 38 %), spread over the demo
/// offices, written with multi-row INSERTs, 500 persons (and their name words) per transaction.
enum DemoPeople {
    /// Family names and their share in percent (the common ones; the rest share what is left).
    static let familyNames: [(String, Int)] = [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4), ("Vũ", 4), ("Võ", 3),
        ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trịnh", 1),
        ("Đoàn", 1), ("Lương", 1),
    ]
    static let middleFemale = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Bảo", "Phương", "Hồng", "Khánh"]
    static let middleMale = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Anh", "Xuân", "Trọng"]
    static let givenFemale = ["Lan", "Hoa", "Hương", "Mai", "Linh", "Trang", "Hà", "Thảo", "Ngọc", "Nhung", "Hạnh", "Huyền", "Thủy",
                              "Yến", "Vy", "Anh", "Châu", "Diệp", "Giang", "Hằng", "Hiền", "Loan", "My", "Nga", "Oanh", "Phượng",
                              "Quyên", "Tâm", "Thơ", "Uyên", "Vân", "Xuân", "Duyên", "Liên", "Ly", "Nhi", "Tuyết", "Trâm", "Hậu", "Thắm"]
    static let givenMale = ["Nam", "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Long", "Sơn", "Thắng", "Quân", "Huy", "Khoa", "Phúc",
                            "Bình", "Cường", "Đạt", "Hiếu", "Hoàng", "Kiên", "Lâm", "Lộc", "Mạnh", "Nghĩa", "Phong", "Quang",
                            "Tài", "Thành", "Trung", "Tú", "Việt", "Vinh", "Bảo", "Duy", "Hưng", "Khải", "Lực", "Nhân", "Tín", "Toàn", "Vũ"]

    static func generate(_ count: Int, app: Application) async throws {
        let db = app.db
        let units = try await OrgUnit.query(on: db).all().compactMap(\.id)
        guard !units.isEmpty else { return }
        var rng = SeededGenerator(seed: 1769)
        let weighted = familyNames.flatMap { Array(repeating: $0.0, count: $0.1) }
        let year = LocalDate(app.clock.now()).year
        var made = 0
        while made < count {
            let size = min(500, count - made)
            var persons: [[any Encodable & Sendable]] = []
            var tokens: [[any Encodable & Sendable]] = []
            let now = Date()
            for _ in 0..<size {
                let female = Bool.random(using: &rng)
                let family = Int.random(in: 0..<100, using: &rng) < weighted.count ? weighted.randomElement(using: &rng)! : familyNames.randomElement(using: &rng)!.0
                let middle = (female ? middleFemale : middleMale).randomElement(using: &rng)!
                let given = (female ? givenFemale : givenMale).randomElement(using: &rng)!
                let name = Int.random(in: 0..<5, using: &rng) == 0
                    ? "\(family) \(middle) \((female ? middleFemale : middleMale).randomElement(using: &rng)!) \(given)"
                    : "\(family) \(middle) \(given)"
                let id = UUID()
                let unit = units.randomElement(using: &rng)!
                let birthYear = Int.random(in: 0..<10, using: &rng) < 6 ? Int.random(in: (year - 17)...year, using: &rng)
                    : Int.random(in: (year - 90)...(year - 18), using: &rng)
                let key = PersonName.searchKey(name)
                persons.append([id, now, now, 1, unit, name, key, (female ? Sex.female : Sex.male).rawValue,
                                BirthPrecision.year.rawValue, birthYear, ""])
                for token in PersonName.tokens(name) { tokens.append([token, id, key, birthYear, unit]) }
            }
            let personRows = persons, tokenRows = tokens
            try await db.transaction { tx in
                let sql = tx as! any SQLDatabase
                try await sql.raw(MultiRowInsert.statement("persons", ["id", "created_at", "updated_at", "version", "unit_id", "full_name", "search_key", "sex",
                                                  "birth_precision", "birth_year", "groups"], personRows)).run()
                try await sql.raw(MultiRowInsert.statement("person_name_tokens", ["token", "person_id", "search_key", "birth_year", "unit_id"], tokenRows)).run()
            }
            made += size
        }
        // Fresh statistics after a bulk load, as an operator would gather them: without them
        // PostgreSQL plans the name index as if it were empty until autovacuum catches up, and
        // without a VACUUM its index-only scans still visit the table.
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("ANALYZE").run()
        } else {
            try await sql.raw("VACUUM ANALYZE persons, person_name_tokens").run()
        }
    }
}
