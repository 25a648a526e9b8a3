import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLiteKit
// See RawSQLite.
import VaporCSQLite

/// Read-only connections that keep their statements prepared, for the look-ups every request
/// makes (who is calling: `IdentityQueries`).
///
/// SQLiteNIO prepares each statement anew: for the identity join, parsing it was a fifth of the
/// look-up's cost, paid on every API request. Here each connection prepares a statement once and
/// reuses it. The connections are `query_only`, so nothing can write through them; in WAL mode
/// they read beside the writer.
final class SQLitePreparedReads: Sendable {
    private let connections: [Connection]
    private let next = NIOLockedValueBox(0)
    private let threadPool: NIOThreadPool

    /// `count`: connections, so that as many look-ups run at once (one per event loop is enough).
    init(path: String, count: Int, threadPool: NIOThreadPool) throws {
        self.threadPool = threadPool
        connections = try (0..<max(1, count)).map { _ in try Connection(path: path) }
    }

    /// The first row of `sql` with `binds` (its parameters in order).
    func first(sql: String, binds: [SQLiteData], on eventLoop: any EventLoop) -> EventLoopFuture<(any SQLRow)?> {
        let connection = connections[next.withLockedValue { n in
            defer { n = (n + 1) % connections.count }
            return n
        }]
        return threadPool.runIfActive(eventLoop: eventLoop) { try connection.first(sql, binds) }
    }

    func close() {
        connections.forEach { $0.close() }
    }

    /// How many times SQLite had to prepare a kept statement again (for tests: it should not).
    var reprepares: Int { connections.reduce(0) { $0 + $1.reprepares } }

    /// One handle, used under its lock from whichever pool thread runs the job.
    private final class Connection: @unchecked Sendable {
        private let lock = NIOLock()
        private var handle: OpaquePointer?
        /// Each statement with its column names as of its last preparation (`prepared` counts
        /// SQLite's own re-preparations, after which `SELECT u.*` may have other columns).
        private var statements: [String: (statement: OpaquePointer, columns: [String], prepared: Int32)] = [:]

        init(path: String) throws {
            handle = try RawSQLite.open(path, flags: SQLITE_OPEN_READWRITE, pragmas: ["query_only=ON", "busy_timeout=5000", "cache_size=-16384"])
        }

        deinit { closeNow() }

        func close() { lock.withLock(closeNow) }

        var reprepares: Int {
            lock.withLock {
                statements.values.reduce(0) { $0 + Int(sqlite_nio_sqlite3_stmt_status($1.statement, SQLITE_STMTSTATUS_REPREPARE, 0)) }
            }
        }

        private func closeNow() {
            for (statement, _, _) in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements = [:]
            sqlite_nio_sqlite3_close(handle)
            handle = nil
        }

        func first(_ sql: String, _ binds: [SQLiteData]) throws -> (any SQLRow)? {
            try lock.withLock {
                guard handle != nil else { throw RawSQLite.Failure(code: SQLITE_MISUSE, message: "the connection is closed") }
                let statement = try prepared(sql)
                // Reset only: every parameter is bound again on each use, and clearing the bindings
                // would make SQLite prepare the statement again (it does so when a bound value may
                // change the plan, as `x = ?` may).
                defer { sqlite_nio_sqlite3_reset(statement) }
                for (offset, value) in binds.enumerated() {
                    let result = RawSQLite.bind(value, at: Int32(offset + 1), to: statement)
                    guard result == SQLITE_OK else { throw failure(result) }
                }
                switch sqlite_nio_sqlite3_step(statement) {
                case SQLITE_ROW:
                    let columns = columnNames(sql, statement)
                    return PreparedRow(columns: columns, values: (0..<Int32(columns.count)).map { value(statement, $0) })
                case SQLITE_DONE:
                    return nil
                case let result:
                    throw failure(result)
                }
            }
        }

        private func prepared(_ sql: String) throws -> OpaquePointer {
            if let found = statements[sql] { return found.statement }
            var statement: OpaquePointer?
            let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
            guard result == SQLITE_OK, let statement else { throw failure(result) }
            statements[sql] = (statement, Self.names(statement), 0)
            return statement
        }

        /// The statement's column names, read again if SQLite has prepared it again since.
        private func columnNames(_ sql: String, _ statement: OpaquePointer) -> [String] {
            let prepared = sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
            guard let kept = statements[sql], kept.prepared != prepared else { return statements[sql]?.columns ?? Self.names(statement) }
            let columns = Self.names(statement)
            statements[sql] = (statement, columns, prepared)
            return columns
        }

        private static func names(_ statement: OpaquePointer) -> [String] {
            (0..<sqlite_nio_sqlite3_column_count(statement)).map {
                sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? ""
            }
        }

        /// As SQLiteNIO reads a column.
        private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
            case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
            case SQLITE_TEXT: return sqlite_nio_sqlite3_column_text(statement, column).map { .text(String(cString: $0)) } ?? .null
            case SQLITE_BLOB:
                let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                var buffer = ByteBufferAllocator().buffer(capacity: count)
                if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                    buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
                }
                return .blob(buffer)
            default: return .null
            }
        }

        private func failure(_ code: Int32) -> RawSQLite.Failure {
            RawSQLite.failure(code, handle)
        }
    }
}

/// A row read by `SQLitePreparedReads`, decoded as SQLiteKit decodes its own rows.
private struct PreparedRow: SQLRow {
    let columns: [String]
    let values: [SQLiteData]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { columns.contains(column) }

    func decodeNil(column: String) throws -> Bool { value(column) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.firstIndex(of: column) else {
            throw DecodingError.keyNotFound(ColumnKey(stringValue: column), .init(codingPath: [], debugDescription: "No column \(column)"))
        }
        return try SQLiteDataDecoder().decode(D.self, from: values[index])
    }

    private func value(_ column: String) -> SQLiteData {
        columns.firstIndex(of: column).map { values[$0] } ?? .null
    }
}

private struct ColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
