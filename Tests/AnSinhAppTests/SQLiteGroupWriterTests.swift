@testable import AnSinhApp
import Foundation
import NIOPosix
import SQLiteKit
import Testing

@Suite("SQLite group writer")
struct SQLiteGroupWriterTests {
    /// A database file with one table, read through SQLiteNIO (another connection, as the app's).
    private static func withTable(_ body: (String, SQLiteConnection) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ansinh-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("db.sqlite").path
        let reader = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            _ = try await reader.query("PRAGMA journal_mode=WAL")
            _ = try await reader.query("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, f REAL, s TEXT, b BLOB, n TEXT)")
            try await body(path, reader)
            try await reader.close()
        } catch {
            try? await reader.close()
            throw error
        }
    }

    private static let insert = "INSERT INTO t (id, i, f, s, b, n) VALUES (?, ?, ?, ?, ?, ?)"

    private static func row(_ id: Int) -> [SQLiteData] {
        [.integer(id), .integer(id * 7), .float(Double(id) + 0.25), .text("hàng \(id) – tiếng Việt"),
         .blob(ByteBuffer(bytes: [UInt8(id % 256), 0, 255])), .null]
    }

    @Test func groupsAreWrittenWholeWithEveryKindOfValue() async throws {
        try await Self.withTable { path, reader in
            let writer = try SQLiteGroupWriter(path: path, threadPool: .singleton)
            defer { writer.close() }
            try await writer.write([.init(sql: Self.insert, rows: (1...50).map(Self.row))])
            let rows = try await reader.query("SELECT id, i, f, s, b, n FROM t ORDER BY id")
            #expect(rows.count == 50)
            #expect(rows.last?.column("i") == .integer(350))
            #expect(rows.last?.column("f") == .float(50.25))
            #expect(rows.last?.column("s") == .text("hàng 50 – tiếng Việt"))
            #expect(rows.last?.column("b") == .blob(ByteBuffer(bytes: [50, 0, 255])))
            #expect(rows.last?.column("n") == .null)

            // A group with one bad row (a repeated id) leaves nothing behind, and the next group
            // starts clean.
            await #expect(throws: RawSQLite.Failure.self) {
                try await writer.write([.init(sql: Self.insert, rows: [Self.row(51), Self.row(52), Self.row(51)])])
            }
            #expect(try await reader.query("SELECT id FROM t WHERE id > 50").isEmpty)
            try await writer.write([.init(sql: Self.insert, rows: [Self.row(51)])])
            #expect(try await reader.query("SELECT id FROM t").count == 51)
            #expect(try await writer.pragma("synchronous") == 2)
        }
    }

    /// Checkpoints run beside the writes once the WAL holds enough pages.
    @Test func theWALIsCheckpointedBesideTheWrites() async throws {
        try await Self.withTable { path, reader in
            let writer = try SQLiteGroupWriter(path: path, threadPool: .singleton, checkpointAfter: 8)
            defer { writer.close() }
            for group in 0..<40 {
                try await writer.write([.init(sql: Self.insert, rows: (1...25).map { Self.row(group * 25 + $0) })])
            }
            var waited = 0
            while writer.checkpointsRun == 0, waited < 500 {
                try await Task.sleep(for: .milliseconds(10))
                waited += 1
            }
            #expect(writer.checkpointsRun > 0)
            #expect(try await reader.query("SELECT id FROM t").count == 1000)
        }
    }

    /// Under steady load a checkpoint beside the writes never quite catches up, and SQLite only
    /// starts the WAL over after one that copied everything: past its limit the writer finishes
    /// the copy itself. Here no checkpoint runs beside the writes, so only that keeps the WAL
    /// from holding all 80 groups (about 150 pages).
    @Test func pastItsLimitTheWriterCheckpointsItself() async throws {
        try await Self.withTable { path, reader in
            let writer = try SQLiteGroupWriter(path: path, threadPool: .singleton, checkpointAfter: 1_000_000, walLimit: 16)
            defer { writer.close() }
            var largestWAL = 0
            for group in 0..<80 {
                try await writer.write([.init(sql: Self.insert, rows: (1...25).map { Self.row(group * 25 + $0) })])
                let size = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
                largestWAL = max(largestWAL, size ?? 0)
            }
            #expect(writer.checkpointsRun == 0)
            #expect(largestWAL > 0)
            #expect(largestWAL < 64 * 4096, "WAL of \(largestWAL) bytes")
            #expect(try await reader.query("SELECT id FROM t").count == 2000)
        }
    }
}

@Suite("SQLite prepared reads")
struct SQLitePreparedReadsTests {
    @Test func readsRowsAsSQLiteKitDoesAndRefusesWrites() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ansinh-reads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("db.sqlite").path
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            let reads = try SQLitePreparedReads(path: path, count: 2, threadPool: .singleton)
            defer { reads.close() }
            let sql = connection.sql()
            try await sql.raw("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, at REAL, note TEXT)").run()
            let id = UUID(), at = Date(timeIntervalSince1970: 1_795_140_000.25)
            try await sql.raw("INSERT INTO t VALUES (\(bind: id), 7, \(bind: at), NULL)").run()
            for other in 0..<6 {
                try await sql.raw("INSERT INTO t VALUES (\(bind: UUID()), \(bind: other), NULL, 'x')").run()
            }
            // Twice on each connection: the second time from the prepared statement.
            for _ in 0..<4 {
                let row = try #require(try await reads.first(sql: "SELECT * FROM t WHERE id = $1", binds: [.text(id.uuidString)],
                                                             on: connection.eventLoop).get())
                let expected = try #require(try await sql.raw("SELECT * FROM t WHERE id = \(bind: id)").first())
                #expect(try row.decode(column: "id", as: UUID.self) == expected.decode(column: "id", as: UUID.self))
                #expect(try row.decode(column: "n", as: Int.self) == 7)
                #expect(try row.decode(column: "at", as: Date.self) == expected.decode(column: "at", as: Date.self))
                #expect(try row.decodeNil(column: "note"))
                #expect(row.allColumns == ["id", "n", "at", "note"])
                #expect(throws: (any Error).self) { try row.decode(column: "missing", as: String.self) }
            }
            #expect(try await reads.first(sql: "SELECT * FROM t WHERE id = $1", binds: [.text(UUID().uuidString)], on: connection.eventLoop).get() == nil)
            // Other values in the same statements: each is used as prepared, not prepared again.
            for n in 0..<6 {
                let row = try await reads.first(sql: "SELECT * FROM t WHERE n = ?", binds: [.integer(n)], on: connection.eventLoop).get()
                #expect(try row?.decode(column: "n", as: Int.self) == n)
            }
            #expect(reads.reprepares == 0)
            // query_only: nothing is written through these connections.
            await #expect(throws: RawSQLite.Failure.self) {
                _ = try await reads.first(sql: "DELETE FROM t", binds: [], on: connection.eventLoop).get()
            }
            #expect(try await sql.raw("SELECT id FROM t").all().count == 7)
        } catch {
            Issue.record(error)
        }
        try await connection.close()
    }
}
