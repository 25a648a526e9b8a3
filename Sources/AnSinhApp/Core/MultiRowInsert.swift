import SQLKit

/// `INSERT INTO table (columns) VALUES (…), (…)`: one statement for many rows, every value a
/// bind, for the demo data generators. Written as a query string rather than with
/// `SQLInsertBuilder`, whose per-row expression trees cost more than the inserts themselves.
/// (Recorded calls have their own path: `CallRows`.)
enum MultiRowInsert {
    static func statement(_ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) -> SQLQueryString {
        let tuples: [SQLQueryString] = rows.map { "(\(binds: $0))" }
        return "INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES " + tuples.joined(separator: ", ")
    }
}
