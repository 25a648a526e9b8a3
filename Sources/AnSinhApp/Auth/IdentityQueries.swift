import Fluent
import SQLKit
import Vapor

/// The look-ups every signed-in request makes: a credential and its account in one hand-written
/// join. Built with Fluent's query builder, serializing that join and decoding its row by
/// reflection were a fifth of the server's CPU when recording calls under load. These statements
/// are fixed text with one bound value, and the rows decode property by property (`storedProperties`)
/// into the same models Fluent would return, so saving them later works as usual. On SQLite they
/// run on connections that keep them prepared (`SQLitePreparedReads`).
enum IdentityQueries {
    /// An unrevoked API token by the SHA-256 of its secret, with its account.
    /// Future-based, like the middleware that calls it on every request.
    static func token(hash: String, on db: any Database, reads: SQLitePreparedReads? = nil) -> EventLoopFuture<(APIToken, User)?> {
        first("""
            SELECT u.*, t.id AS t_id, t.user_id AS t_user_id, t.name AS t_name, t.token_hash AS t_token_hash,
                t.prefix AS t_prefix, t.created_at AS t_created_at, t.last_used_at AS t_last_used_at, t.revoked_at AS t_revoked_at
            FROM \(ident: APIToken.schema) t JOIN \(ident: User.schema) u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL LIMIT 1
            """, on: db, reads).flatMapThrowing { row in
            guard let row, let user = account(of: row) else { return nil }
            return (try decode(APIToken(), from: PrefixedRow(row, prefix: "t_")), user)
        }
    }

    /// A session by its id (the SHA-256 of the cookie's token), with its account.
    static func session(id: String, on db: any Database, reads: SQLitePreparedReads? = nil) -> EventLoopFuture<(UserSession, User)?> {
        first("""
            SELECT u.*, s.id AS s_id, s.user_id AS s_user_id, s.csrf_token AS s_csrf_token, s.created_at AS s_created_at,
                s.last_seen_at AS s_last_seen_at, s.ip AS s_ip
            FROM \(ident: UserSession.schema) s JOIN \(ident: User.schema) u ON u.id = s.user_id
            WHERE s.id = \(bind: id) LIMIT 1
            """, on: db, reads).flatMapThrowing { row in
            guard let row, let user = account(of: row) else { return nil }
            return (try decode(UserSession(), from: PrefixedRow(row, prefix: "s_")), user)
        }
    }

    private static func first(_ query: SQLQueryString, on db: any Database, _ reads: SQLitePreparedReads?) -> EventLoopFuture<(any SQLRow)?> {
        let sql = db as! any SQLDatabase
        if let reads { return reads.first(query, database: sql, on: db.eventLoop) }
        return sql.raw(query).first()
    }

    /// The account of a credential's row; an account row that no longer decodes (a role since
    /// removed, say) means nobody is signed in, as it did with Fluent's join, rather than a 500.
    private static func account(of row: any SQLRow) -> User? {
        try? decode(User(), from: row)
    }

    /// What `row.decode(fluentModel:)` does, without finding the properties by reflection.
    static func decode<M: StoredProperties>(_ model: M, from row: any SQLRow) throws -> M {
        let output = RowOutput(row: row)
        for property in model.storedProperties { try property.output(from: output) }
        return model
    }

}

/// A model whose stored properties are listed by hand. `IdentityQueriesTests` checks each list
/// against the properties Fluent finds, and each select list against Fluent's own decoding, so a
/// field added to the model cannot be forgotten here.
protocol StoredProperties: Model {
    var storedProperties: [any AnyDatabaseProperty] { get }
}

extension User: StoredProperties {
    var storedProperties: [any AnyDatabaseProperty] {
        [$id, $createdAt, $updatedAt, $createdBy, $version, $username, $fullName, $passwordHash, $role, $unitID, $active,
         $mustChangePassword, $failedLogins, $lockedUntil, $language, $lastLoginAt]
    }
}

extension APIToken: StoredProperties {
    var storedProperties: [any AnyDatabaseProperty] { [$id, $userID, $name, $tokenHash, $prefix, $createdAt, $lastUsedAt, $revokedAt] }
}

extension UserSession: StoredProperties {
    var storedProperties: [any AnyDatabaseProperty] { [$id, $userID, $csrfToken, $createdAt, $lastSeenAt, $ip] }
}

/// A SQL row as Fluent's model decoding reads it (FluentSQL's own adapter is internal).
private struct RowOutput: DatabaseOutput {
    let row: any SQLRow

    var description: String { "\(row)" }
    func schema(_ schema: String) -> any DatabaseOutput { self }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: key.description) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: key.description) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: key.description, as: T.self) }
}

/// A row read through a column prefix: `t_name` is read as `name`.
private struct PrefixedRow: SQLRow {
    let base: any SQLRow
    let prefix: String

    init(_ base: any SQLRow, prefix: String) {
        self.base = base
        self.prefix = prefix
    }

    var allColumns: [String] {
        base.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    func contains(column: String) -> Bool { base.contains(column: prefix + column) }

    func decodeNil(column: String) throws -> Bool { try base.decodeNil(column: prefix + column) }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { try base.decode(column: prefix + column, as: D.self) }
}
