import NIOConcurrencyHelpers
import NIOPosix
import SQLiteKit
// See RawSQLite.
import VaporCSQLite

/// A connection of its own that writes many rows in one transaction, in one job on the thread pool.
///
/// Through SQLiteNIO, every statement of a transaction is a separate job: BEGIN, each INSERT and
/// COMMIT each wait for a pool thread and then for an event loop, and on two busy cores each of
/// those hand-offs waits for the scheduler. A group of recorded calls took 12 ms to write that
/// way, nearly all of it waiting, and the group commit was the bottleneck of recording calls.
/// Here the whole transaction is one job, and each statement is prepared once and reused.
///
/// Durability is SQLite's: `synchronous=FULL` in WAL mode, so the group is on disk when `write`
/// returns. Checkpoints (copying the WAL back into the database file, with its own fsync) run
/// on a second connection, beside the writes: done inside a commit, as SQLite does by default
/// every 1000 pages, each one held up every call waiting for that commit. A checkpoint beside
/// the writes never quite catches up under steady load, though, and SQLite starts the WAL over
/// only after one that copied everything: past `walLimit` pages the writer finishes the copy
/// itself after a commit, while it holds the write lock, so the WAL stays bounded.
///
/// The handle and its statements are used under `lock` only, from whichever pool thread runs
/// the job (the caller serializes writes anyway, so the lock is never contended but by a
/// shutdown that gave up waiting).
final class SQLiteGroupWriter: @unchecked Sendable {
    /// Rows for one statement: `sql` has one `?` per value of each row.
    struct Batch: Sendable {
        let sql: String
        let rows: [[SQLiteData]]
    }

    private let lock = NIOLock()
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private let threadPool: NIOThreadPool
    /// Pages in the WAL after the last commit, as SQLite's WAL hook reports them (under `lock`).
    private var walPages: Int32 = 0
    private let checkpointAfter: Int32
    private let walLimit: Int32

    private let checkpointLock = NIOLock()
    private var checkpointHandle: OpaquePointer?
    private let checkpoint = NIOLockedValueBox((running: false, done: 0))

    /// WAL pages past which the writer checkpoints itself, and other connections too
    /// (`wal_autocheckpoint`, SQLiteSettings): about 32 MiB.
    static let walLimit: Int32 = 8000

    /// `checkpointAfter`: WAL pages that start a checkpoint. SQLite's own default is 1000; more
    /// pages between checkpoints copy the pages every group touches (the tables' last pages, the
    /// indexes' upper levels) fewer times. 4000 pages is a WAL of about 16 MiB.
    init(path: String, threadPool: NIOThreadPool, checkpointAfter: Int32 = 4000, walLimit: Int32 = SQLiteGroupWriter.walLimit) throws {
        self.threadPool = threadPool
        self.checkpointAfter = checkpointAfter
        self.walLimit = walLimit
        handle = try Self.open(path)
        checkpointHandle = try Self.open(path)
        // The hook replaces SQLite's automatic checkpoint on this connection.
        sqlite_nio_sqlite3_wal_hook(handle, { context, _, _, pages in
            Unmanaged<SQLiteGroupWriter>.fromOpaque(context!).takeUnretainedValue().walPages = pages
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
        // After a checkpoint lets SQLite start the WAL over, the file is cut back to this size.
        try RawSQLite.exec("PRAGMA journal_size_limit=67108864", on: handle)
    }

    /// A connection with the same settings as the app's others (SQLiteSettings).
    private static func open(_ path: String) throws -> OpaquePointer {
        try RawSQLite.open(path, flags: SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE,
                           pragmas: ["journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000", "cache_size=-65536"])
    }

    /// Writes every batch's rows in one transaction: all of them, or none.
    func write(_ batches: [Batch]) async throws {
        let walPages = try await threadPool.runIfActive { try self.lock.withLock { try self.writeNow(batches); return self.walPages } }
        if walPages >= checkpointAfter, walPages < walLimit { startCheckpoint() }
    }

    /// Checkpoints run so far (for tests).
    var checkpointsRun: Int { checkpoint.withLockedValue { $0.done } }

    /// A PASSIVE checkpoint on the second connection, unless one is running: it copies what it
    /// can without waiting for readers or the writer, and never blocks them.
    private func startCheckpoint() {
        guard checkpoint.withLockedValue({ state in
            guard !state.running else { return false }
            state.running = true
            return true
        }) else { return }
        threadPool.submit { state in
            if state == .active {
                self.checkpointLock.withLock {
                    guard let handle = self.checkpointHandle else { return }
                    _ = sqlite_nio_sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                }
            }
            self.checkpoint.withLockedValue { $0 = (running: false, done: $0.done + (state == .active ? 1 : 0)) }
        }
    }

    /// The value of a PRAGMA that answers a number (for tests).
    func pragma(_ name: String) async throws -> Int64 {
        try await threadPool.runIfActive { try self.lock.withLock {
            let statement = try self.prepared("PRAGMA \(name)")
            defer { sqlite_nio_sqlite3_reset(statement) }
            guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW else { throw self.failure(SQLITE_ERROR) }
            return sqlite_nio_sqlite3_column_int64(statement, 0)
        } }
    }

    /// Closes the connection; no `write` may run or follow.
    func close() {
        lock.withLock(closeNow)
    }

    deinit { closeNow() }

    private func closeNow() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        sqlite_nio_sqlite3_close(handle)
        handle = nil
        checkpointLock.withLock {
            sqlite_nio_sqlite3_close(checkpointHandle)
            checkpointHandle = nil
        }
    }

    private func writeNow(_ batches: [Batch]) throws {
        guard handle != nil else { throw RawSQLite.Failure(code: SQLITE_MISUSE, message: "the call writer is closed") }
        // A transaction left open by a ROLLBACK that failed last time ends here, or nothing is written.
        if sqlite_nio_sqlite3_get_autocommit(handle) == 0 { try RawSQLite.exec("ROLLBACK", on: handle) }
        try step(prepared("BEGIN IMMEDIATE"))
        do {
            for batch in batches where !batch.rows.isEmpty {
                let statement = try prepared(batch.sql)
                for row in batch.rows {
                    // Every parameter is bound on each row; no clearing (see SQLitePreparedReads).
                    defer { sqlite_nio_sqlite3_reset(statement) }
                    try bind(row, to: statement)
                    try step(statement)
                }
            }
            try step(prepared("COMMIT"))
        } catch {
            // A failed COMMIT may leave the transaction open: end it, so the next group starts clean.
            if sqlite_nio_sqlite3_get_autocommit(handle) == 0 { try? RawSQLite.exec("ROLLBACK", on: handle) }
            throw error
        }
        if walPages >= walLimit {
            // Committed already: a failure here loses nothing, and the next group tries again.
            _ = sqlite_nio_sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            walPages = 0
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw failure(result) }
        statements[sql] = statement
        return statement
    }

    private func step(_ statement: OpaquePointer) throws {
        let result = sqlite_nio_sqlite3_step(statement)
        sqlite_nio_sqlite3_reset(statement)
        guard result == SQLITE_DONE || result == SQLITE_ROW else { throw failure(result) }
    }

    private func bind(_ row: [SQLiteData], to statement: OpaquePointer) throws {
        for (offset, value) in row.enumerated() {
            let result = RawSQLite.bind(value, at: Int32(offset + 1), to: statement)
            guard result == SQLITE_OK else { throw failure(result) }
        }
    }

    private func failure(_ code: Int32) -> RawSQLite.Failure {
        RawSQLite.failure(code, handle)
    }
}
