import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// Finds persons by what a worker types: a name fragment with or without tone marks, a birth
/// year, a phone number, an ID number, in one box; plus an optional commune.
///
/// Names are found through `person_name_tokens` (one row per word and per pair of neighbouring
/// words of each name, with the folded name, birth year and unit): the typed word or pair with
/// the fewest matches drives the search, all the typed words are then checked on the folded name
/// held in the same rows, and only the persons shown are read from `persons`. When even the
/// rarest key matches too many names to rank them all (a fragment like "nguyen van"), the first
/// matches are shown and the user is asked to add a birth year or more of the name.
struct PersonSearch {
    struct Query {
        var text: String
        var birthYear: Int?
        var communeCode: String?
        var limit = 20
    }

    struct Result {
        let persons: [Person]
        let phones: [UUID: [String]]
        /// True when more persons match than could be ranked: the list is a sample.
        let tooMany: Bool
    }

    /// Above this many names per word, ranking every match costs more than a search may take.
    static let rankLimit = 5000

    let db: any Database
    let scope: UnitScope

    func run(_ q: Query) async throws -> Result {
        var words: [String] = []
        var birthYear = q.birthYear
        var phone: String?
        var idNumber: String?
        for word in PersonName.searchKey(q.text).split(separator: " ").map(String.init) {
            if word.allSatisfy(\.isNumber) {
                if word.count == 4, let y = Int(word), (1890...2100).contains(y) { birthYear = y }
                else if word.count == 12 { idNumber = word }
                else if let p = PhoneNumber.normalize(word) { phone = p }
            } else {
                words.append(word)
            }
        }
        let sql = db as! any SQLDatabase
        var ids: [UUID] = []
        var tooMany = false
        if let idNumber {
            ids = try await Person.query(on: db).filter(\.$idNumber == idNumber).all().compactMap(\.id)
        } else if let phone {
            ids = try await PersonPhone.query(on: db).filter(\.$phone == phone).limit(q.limit * 5).all().map(\.personID)
        } else if !words.isEmpty {
            (ids, tooMany) = try await byName(words, birthYear: birthYear, limit: q.limit, sql)
        } else if birthYear == nil, q.communeCode == nil {
            return Result(persons: [], phones: [:], tooMany: false)
        }

        var query = Person.query(on: db).filter(\.$mergedInto == nil)
        if !ids.isEmpty || !words.isEmpty || idNumber != nil || phone != nil { query = query.filter(\.$id ~~ ids) }
        if let birthYear, words.isEmpty { query = query.filter(\.$birthYear >= birthYear - 1).filter(\.$birthYear <= birthYear + 1) }
        if let commune = q.communeCode, !commune.isEmpty { query = query.filter(\.$communeCode == commune) }
        if case .units(let units) = scope { query = query.filter(\.$unitID ~~ units) }
        var persons = try await query.limit(max(q.limit, ids.count)).all()
        // Name matches keep their rank; other searches sort by name.
        let order = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        persons.sort { (order[$0.id!] ?? Int.max, $0.searchKey) < (order[$1.id!] ?? Int.max, $1.searchKey) }
        persons = Array(persons.prefix(q.limit))
        let phoneRows = persons.isEmpty ? [] : try await PersonPhone.query(on: db).filter(\.$personID ~~ persons.compactMap(\.id)).sort(\.$position).all()
        return Result(persons: persons, phones: Dictionary(grouping: phoneRows, by: \.personID).mapValues { $0.map(\.phone) }, tooMany: tooMany)
    }

    /// Person ids whose name holds the typed words in that order, best first: the whole name, then
    /// the given name (the fragment ends the name), the start of the name, the start of a word, the
    /// fragment anywhere, the words apart.
    private func byName(_ words: [String], birthYear: Int?, limit: Int, _ sql: any SQLDatabase) async throws -> ([UUID], Bool) {
        let fragment = words.joined(separator: " ")
        // The driving key: the typed word, or pair of neighbouring typed words, with the fewest
        // index rows (counted up to the rank limit). A pair whose first word was typed only in
        // part matches no pair key; it is then left out rather than taken for "no such name".
        let pairs = zip(words, words.dropFirst()).map { "\($0) \($1)" }
        var best: (word: String, count: Int)?
        for key in Set(words + pairs) {
            let n = try await sql.raw("""
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM person_name_tokens WHERE token >= \(bind: key) AND token < \(bind: PersonName.prefixUpperBound(key)) LIMIT \(literal: Self.rankLimit + 1)) AS m
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            if key.contains(" "), n == 0 { continue }
            if best == nil || n < best!.count { best = (key, n) }
        }
        guard let best, best.count > 0 else { return ([], false) }
        let tooMany = best.count > Self.rankLimit
        // Every word, in the order typed, anywhere in the name ("nguyen hoa" finds Nguyễn Thị Hoà).
        let inOrder = "%" + words.joined(separator: "%") + "%"
        var where_: SQLQueryString = "t.token >= \(bind: best.word) AND t.token < \(bind: PersonName.prefixUpperBound(best.word)) AND t.search_key LIKE \(bind: inOrder)"
        if case .units(let units) = scope { where_ = where_ + " AND t.unit_id IN (\(binds: Array(units)))" }
        let rank: SQLQueryString = """
            CASE WHEN t.search_key = \(bind: fragment) THEN 0 WHEN t.search_key LIKE \(bind: "% " + fragment) THEN 1 \
            WHEN t.search_key LIKE \(bind: fragment + "%") THEN 2 WHEN t.search_key LIKE \(bind: "% " + fragment + "%") THEN 3 \
            WHEN t.search_key LIKE \(bind: "%" + fragment + "%") THEN 4 ELSE 5 END
            """
        let yearDistance: SQLQueryString = birthYear.map { "ABS(COALESCE(t.birth_year, 0) - \(literal: $0))" } ?? "0"
        if tooMany {
            // Too many to rank: the first matches in index order. No DISTINCT and no ORDER BY, so
            // the scan stops after a few rows; a person met twice (two keys) is dropped here.
            let rows = try await sql.raw("""
                SELECT t.person_id AS id FROM person_name_tokens t WHERE \(where_) LIMIT \(literal: limit * 3)
                """).all()
            var seen: Set<UUID> = []
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }.filter { seen.insert($0).inserted }
            return (Array(ids.prefix(limit)), true)
        }
        let rows = try await sql.raw("""
            SELECT DISTINCT t.person_id AS id, \(rank) AS r, \(yearDistance) AS d, t.search_key FROM person_name_tokens t WHERE \(where_) ORDER BY r, d, t.search_key LIMIT \(literal: limit)
            """).all()
        return (try rows.map { try $0.decode(column: "id", as: UUID.self) }, false)
    }
}

/// Likely duplicates of a person about to be registered: the same folded name born within a
/// year of each other, the same ID number, or a shared phone number. Matches in units the user
/// may not see are counted, not shown.
struct PersonDuplicates {
    struct Candidate: Content {
        let id: UUID?
        let fullName: String?
        let birthYear: Int?
        let reasons: [String]
        /// False for a record outside the user's units: only its existence is told.
        let visible: Bool
    }

    let req: Request

    func find(for p: Person, phones: [String]) async throws -> [Candidate] {
        var reasons: [UUID: [String]] = [:]
        var byName = Person.query(on: req.db).filter(\.$searchKey == p.searchKey)
        if let year = p.birthYear { byName = byName.filter(\.$birthYear >= year - 1).filter(\.$birthYear <= year + 1) }
        for match in try await byName.limit(20).all() { reasons[match.id!, default: []].append("nameAndBirthYear") }
        if let number = p.idNumber {
            for match in try await Person.query(on: req.db).filter(\.$idNumber == number).all() { reasons[match.id!, default: []].append("idNumber") }
        }
        if !phones.isEmpty {
            for row in try await PersonPhone.query(on: req.db).filter(\.$phone ~~ phones).limit(20).all() {
                if !(reasons[row.personID]?.contains("phone") ?? false) { reasons[row.personID, default: []].append("phone") }
            }
        }
        reasons[p.id ?? UUID()] = nil
        guard !reasons.isEmpty else { return [] }
        let scope = try await req.unitScope()
        let persons = try await Person.query(on: req.db).filter(\.$id ~~ Array(reasons.keys)).filter(\.$mergedInto == nil).all()
        return persons.sorted { $0.searchKey < $1.searchKey }.map { m in
            scope.contains(m.unitID)
                ? Candidate(id: m.id, fullName: m.fullName, birthYear: m.birthYear, reasons: reasons[m.id!] ?? [], visible: true)
                : Candidate(id: nil, fullName: nil, birthYear: nil, reasons: reasons[m.id!] ?? [], visible: false)
        }
    }
}
