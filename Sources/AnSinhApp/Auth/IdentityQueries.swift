import Fluent
import FluentPostgresDriver
import SQLKit
import Vapor

/// The look-ups every signed-in request makes: a credential and its account in one join. Built with Fluent's query builder, serializing that join and decoding its row by
/// reflection were a fifth of the server's CPU when recording calls under load. These statements
/// are fixed text with one bound value, kept prepared: on SQLite by `SQLitePreparedReads`, on
/// PostgreSQL per connection by PostgresNIO (planning the join on every request was most of
/// PostgreSQL's own work when recording calls). The rows decode property by property
/// (`storedProperties`) into the same models Fluent would return, so saving them later works as
/// usual. `$1` is the one parameter in both SQL dialects. On PostgreSQL, token rows are also
/// kept in `IdentityCache`, which is told of every change to accounts and tokens.
enum IdentityQueries {
    static let tokenSQL = """
        SELECT \(columns(User(), "u")), \(columns(APIToken(), "t", prefix: "t_"))
        FROM "\(APIToken.schema)" t JOIN "\(User.schema)" u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL LIMIT 1
        """

    static let sessionSQL = """
        SELECT \(columns(User(), "u")), \(columns(UserSession(), "s", prefix: "s_"))
        FROM "\(UserSession.schema)" s JOIN "\(User.schema)" u ON u.id = s.user_id
        WHERE s.id = $1 LIMIT 1
        """

    /// The model's columns by name (never `*`: a prepared statement must keep its columns when a
    /// later migration adds one), as `alias."column" AS "prefixcolumn"`.
    private static func columns(_ model: some StoredProperties, _ alias: String, prefix: String = "") -> String {
        model.storedProperties.flatMap(\.keys).map { key in
            "\(alias).\"\(key.description)\"" + (prefix.isEmpty ? "" : " AS \"\(prefix)\(key.description)\"")
        }.joined(separator: ", ")
    }

    /// An unrevoked API token by the SHA-256 of its secret, with its account.
    /// Future-based, like the middleware that calls it on every request.
    /// `db` is only asked for when the database is read (not on a hit of the cache).
    /// `reads`: the app's `sqlitePreparedReads` (nil on PostgreSQL).
    /// `cache`: the app's `identityCache` (PostgreSQL only).
    static func token(hash: String, on db: @autoclosure () -> any Database, eventLoop: any EventLoop,
                      reads: SQLitePreparedReads?, cache: IdentityCache?) -> EventLoopFuture<(APIToken, User)?> {
        let lookup = Lookup<TokenSQL>(value: hash)
        guard let cache else { return first(lookup, on: db(), reads).flatMapThrowing(tokenAndAccount) }
        if let values = cache.row(for: hash) { return eventLoop.makeCompletedFuture { try tokenAndAccount(values) } }
        let generation = cache.generation()
        return first(lookup, on: db(), reads).flatMapThrowing { row in
            guard let row else { return nil }
            // The cache keeps the values decoded here, so that later requests do not decode the row again.
            let recorder = RowRecorder(row)
            let found = try tokenAndAccount(recorder)
            if found != nil, let generation { cache.store(recorder.recorded, for: hash, readAt: generation) }
            return found
        }
    }

    private static func tokenAndAccount(_ row: (any SQLRow)?) throws -> (APIToken, User)? {
        guard let row, let user = account(of: row) else { return nil }
        return (try decode(APIToken(), from: PrefixedRow(row, prefix: "t_")), user)
    }

    /// A session by its id (the SHA-256 of the cookie's token), with its account.
    static func session(id: String, on db: any Database, reads: SQLitePreparedReads?) -> EventLoopFuture<(UserSession, User)?> {
        first(Lookup<SessionSQL>(value: id), on: db, reads).flatMapThrowing { row in
            guard let row, let user = account(of: row) else { return nil }
            return (try decode(UserSession(), from: PrefixedRow(row, prefix: "s_")), user)
        }
    }

    private static func first<Text>(_ lookup: Lookup<Text>, on db: any Database, _ reads: SQLitePreparedReads?) -> EventLoopFuture<(any SQLRow)?> {
        if let reads { return reads.first(sql: Text.sql, binds: [.text(lookup.value)], on: db.eventLoop) }
        guard let postgres = db as? any PostgresDatabase else {
            return db.eventLoop.makeFailedFuture(Abort(.internalServerError, reason: "SQLite look-ups need the prepared read connections"))
        }
        let logger = db.logger
        return postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                var first: (any SQLRow)?
                for try await row in try await connection.execute(lookup, logger: logger) where first == nil {
                    first = row.sql()
                }
                return first
            }
        }
    }

    /// A look-up as a PostgreSQL prepared statement: prepared once per connection, by name.
    private struct Lookup<Text: LookupText>: PostgresPreparedStatement {
        static var name: String { Text.name }
        static var sql: String { Text.sql }
        let value: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(value)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
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

/// A model whose stored properties are listed by hand (they also make the look-ups' select
/// lists). `IdentityQueriesTests` checks each list against the properties Fluent finds, and the
/// rows read against Fluent's own decoding, so a field added to the model cannot be forgotten.
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

/// The values a model decoding read from a row, to be read again without decoding: what the
/// identity cache keeps. Each answer is kept as it was given (`contains`, `decodeNil`, and
/// `decode` by column), so decoding the same models again takes the same path.
/// `@unchecked Sendable`: it holds decoded column values only (ids, strings, dates, numbers,
/// booleans, enums of them and optionals of those), which are values, and it never changes.
struct RecordedRow: SQLRow, @unchecked Sendable {
    fileprivate(set) var present: [String: Bool] = [:]
    fileprivate(set) var nulls: [String: Bool] = [:]
    fileprivate(set) var values: [String: Any] = [:]

    var allColumns: [String] { Array(present.keys) }

    func contains(column: String) -> Bool { present[column] ?? false }

    func decodeNil(column: String) throws -> Bool {
        guard let isNull = nulls[column] else { throw RecordedRowError(column: column) }
        return isNull
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let value = values[column] as? D else { throw RecordedRowError(column: column) }
        return value
    }
}

/// A column the first decoding did not read (or read as another type).
struct RecordedRowError: Error, CustomStringConvertible {
    let column: String
    var description: String { "column \(column) was not recorded" }
}

/// A row that records what is read from it. Used by one look-up, on one event loop, and
/// dropped once its `recorded` values are taken (hence `@unchecked Sendable`).
private final class RowRecorder: SQLRow, @unchecked Sendable {
    let base: any SQLRow
    private(set) var recorded = RecordedRow()

    init(_ base: any SQLRow) { self.base = base }

    var allColumns: [String] { base.allColumns }

    func contains(column: String) -> Bool {
        let found = base.contains(column: column)
        recorded.present[column] = found
        return found
    }

    func decodeNil(column: String) throws -> Bool {
        let isNull = try base.decodeNil(column: column)
        recorded.nulls[column] = isNull
        return isNull
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let value = try base.decode(column: column, as: D.self)
        recorded.values[column] = value
        return value
    }
}

/// The name and text of a look-up's prepared statement.
private protocol LookupText: Sendable {
    static var name: String { get }
    static var sql: String { get }
}

private enum TokenSQL: LookupText {
    static let name = "ansinh_identity_token"
    static var sql: String { IdentityQueries.tokenSQL }
}

private enum SessionSQL: LookupText {
    static let name = "ansinh_identity_session"
    static var sql: String { IdentityQueries.sessionSQL }
}
