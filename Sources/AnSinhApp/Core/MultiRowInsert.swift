import SQLKit

/// `INSERT INTO table (columns) VALUES (…), (…)`: one statement for many rows, every value a
/// bind. Written as a query string rather than with `SQLInsertBuilder` because on the hot path
/// (recorded calls) the builder's per-row expression trees cost more than the insert itself.
enum MultiRowInsert {
    static func statement(_ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) -> SQLQueryString {
        let tuples: [SQLQueryString] = rows.map { "(\(binds: $0))" }
        return "INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES " + tuples.joined(separator: ", ")
    }
}
