import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// Look-ups in the administrative-unit tables: the 2025 provinces and communes, search by
/// typed text without tone marks, and conversion of legacy commune codes.
struct AddressDirectory {
    let db: any SQLDatabase

    init(_ db: any Database) {
        self.db = db as! any SQLDatabase
    }

    struct Place: Content, Equatable {
        let code: String
        let name: String
        let type: String
        /// Type word and name, as written on documents: "Phường Hạ Long", "Tỉnh Quảng Ninh".
        let displayName: String
        var provinceCode: String?
    }

    func provinces() async throws -> [Place] {
        try await db.select().columns("code", "name", "type").from("adm_provinces").orderBy("name_key").all()
            .map { row in
                let name = try row.decode(column: "name", as: String.self), type = try row.decode(column: "type", as: String.self)
                return Place(code: try row.decode(column: "code", as: String.self), name: name, type: type,
                             displayName: Self.displayName(type: type, name: name))
            }
    }

    func province(code: String) async throws -> Place? {
        try await provinces().first { $0.code == code }
    }

    /// Communes of a province whose folded name contains the folded query; exact matches
    /// first, then names starting with the query, then the rest, alphabetically.
    func searchCommunes(provinceCode: String, query: String, limit: Int = 20) async throws -> [Place] {
        let key = VietnameseText.fold(query)
        let pattern = "%" + Self.escapeLike(key) + "%"
        let rows = try await db.select().columns("code", "name", "type", "province_code", "name_key")
            .from("adm_communes")
            .where("province_code", .equal, provinceCode)
            .where(SQLRaw("name_key LIKE "), SQLBind(pattern), SQLRaw(" ESCAPE '\\'"))
            .orderBy("name_key").all()
        let places = try rows.map { row -> (Place, String) in
            let name = try row.decode(column: "name", as: String.self), type = try row.decode(column: "type", as: String.self)
            return (Place(code: try row.decode(column: "code", as: String.self), name: name, type: type,
                          displayName: Self.displayName(type: type, name: name),
                          provinceCode: try row.decode(column: "province_code", as: String.self)),
                    try row.decode(column: "name_key", as: String.self))
        }
        func rank(_ k: String) -> Int { k == key ? 0 : k.hasPrefix(key) ? 1 : 2 }
        return places.sorted { (rank($0.1), $0.1) < (rank($1.1), $1.1) }.prefix(limit).map(\.0)
    }

    func commune(code: String) async throws -> Place? {
        guard let row = try await db.select().columns("code", "name", "type", "province_code")
            .from("adm_communes").where("code", .equal, code).first() else { return nil }
        let name = try row.decode(column: "name", as: String.self), type = try row.decode(column: "type", as: String.self)
        return Place(code: code, name: name, type: type, displayName: Self.displayName(type: type, name: name),
                     provinceCode: try row.decode(column: "province_code", as: String.self))
    }

    /// Several communes by code in one query (report labels); unknown codes are left out.
    func communes(codes: [String]) async throws -> [Place] {
        guard !codes.isEmpty else { return [] }
        return try await db.select().columns("code", "name", "type", "province_code")
            .from("adm_communes").where("code", .in, SQLBind.group(codes)).all().map { row in
                let name = try row.decode(column: "name", as: String.self), type = try row.decode(column: "type", as: String.self)
                return Place(code: try row.decode(column: "code", as: String.self), name: name, type: type,
                             displayName: Self.displayName(type: type, name: name),
                             provinceCode: try row.decode(column: "province_code", as: String.self))
            }
    }

    /// What a commune field resolves to.
    enum Resolution: Equatable {
        case found(Place)
        case notFound
        case ambiguous([Place])
    }

    /// Resolves a commune typed in a form: by its code when the picker filled it, else by
    /// the typed name (folded, with or without the type word) within the province.
    func resolveCommune(provinceCode: String, code: String?, typed: String) async throws -> Resolution {
        if let code, let place = try await commune(code: code), place.provinceCode == provinceCode,
           VietnameseText.fold(typed) == VietnameseText.fold(place.name) || VietnameseText.fold(typed) == VietnameseText.fold(place.displayName) {
            return .found(place)
        }
        let key = VietnameseText.fold(typed)
        let candidates = try await searchCommunes(provinceCode: provinceCode, query: Self.stripTypeWord(key), limit: 50)
        // Search by the name without a leading type word ("phuong ha long" → "ha long"), but accept
        // only whole-name matches, so that a commune whose name starts like a type word still matches.
        let exact = candidates.filter { VietnameseText.fold($0.name) == key || VietnameseText.fold($0.displayName) == key }
        switch exact.count {
        case 1: return .found(exact[0])
        case 0: return .notFound
        default: return .ambiguous(exact)
        }
    }

    /// The 2025 commune a legacy commune became. A split commune answers the row that took all
    /// its residents (`part_all_residents`) when there is one; otherwise a person's address
    /// needs a human choice among the candidates.
    enum Conversion: Equatable {
        case converted(Place)
        case split([Place])
        case unknown
    }

    func convertLegacyCommune(code: String) async throws -> Conversion {
        let rows = try await db.select().columns("new_code", "portion").from("adm_commune_conversions")
            .where("legacy_code", .equal, code).orderBy("new_code").all()
        let targets = try rows.map { (try $0.decode(column: "new_code", as: String.self), try $0.decode(column: "portion", as: String.self)) }
        guard !targets.isEmpty else { return .unknown }
        let chosen = targets.count == 1 ? targets.first : targets.first { $0.1 == "part_all_residents" }
        if let chosen, let place = try await commune(code: chosen.0) { return .converted(place) }
        var places: [Place] = []
        for target in targets { if let p = try await commune(code: target.0) { places.append(p) } }
        return .split(places)
    }

    static func displayName(type: String, name: String) -> String {
        let word: String
        if type.hasPrefix("thành phố") {
            word = "Thành phố"
        } else {
            word = type.prefix(1).uppercased() + type.dropFirst()
        }
        return "\(word) \(name)"
    }

    private static func stripTypeWord(_ folded: String) -> String {
        for word in ["phuong ", "xa ", "dac khu ", "thi tran "] where folded.hasPrefix(word) {
            return String(folded.dropFirst(word.count))
        }
        return folded
    }

    private static func escapeLike(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
