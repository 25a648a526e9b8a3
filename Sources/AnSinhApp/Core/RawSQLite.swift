import SQLiteKit
// SQLiteNIO's own SQLite build, reached directly: a second copy of SQLite in the process would
// not share its file locks (POSIX locks are per process), which can corrupt the database.
import VaporCSQLite

/// The few C calls that the app's own SQLite connections (`SQLiteGroupWriter`,
/// `SQLitePreparedReads`) share. Each caller uses a handle under its own lock.
enum RawSQLite {
    struct Failure: Error, CustomStringConvertible {
        let code: Int32
        let message: String
        var description: String { "SQLite error \(code): \(message)" }
    }

    /// A connection with `pragmas` set (each `name=value`); closed again if any fails.
    static func open(_ path: String, flags: Int32, pragmas: [String]) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard opened == SQLITE_OK, let handle else {
            let error = failure(opened, handle)
            sqlite_nio_sqlite3_close(handle)
            throw error
        }
        do {
            for pragma in pragmas { try exec("PRAGMA \(pragma)", on: handle) }
        } catch {
            sqlite_nio_sqlite3_close(handle)
            throw error
        }
        return handle
    }

    static func exec(_ sql: String, on handle: OpaquePointer?) throws {
        let result = sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil)
        guard result == SQLITE_OK else { throw failure(result, handle) }
    }

    /// Binds one value as SQLiteNIO does; SQLite's result code.
    static func bind(_ value: SQLiteData, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let v): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(v))
        case .float(let v): sqlite_nio_sqlite3_bind_double(statement, index, v)
        case .text(let v): sqlite_nio_sqlite3_bind_text64(statement, index, v, UInt64(v.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .blob(let v):
            v.withUnsafeReadableBytes { sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient) }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    static func failure(_ code: Int32, _ handle: OpaquePointer?) -> Failure {
        Failure(code: code, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "no connection")
    }

    /// SQLite copies the value before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
