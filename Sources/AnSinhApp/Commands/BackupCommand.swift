import Crypto
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// `ansinh backup --to DIR`: a new directory holding everything a restore needs, taken while
/// AnSinh keeps serving:
///
/// - `database.sqlite` (SQLite `VACUUM INTO`: one snapshot read inside a transaction, the same
///   guarantee as the online backup API, which sqlite-nio does not expose) or `database.pgdump`
///   (`pg_dump --format=custom`);
/// - every attachment and photo the snapshot's rows name, under the same relative paths as in
///   the data directory;
/// - `secret`, the generated server secret (keyed hashes of callers' numbers need it), unless
///   it comes from `ANSINH_SECRET`, which the operator keeps;
/// - `manifest.json`, written last: format, time, database kind, rows per table, and the size and
///   SHA-256 of every file.
///
/// The database snapshot is taken first and the files copied after it. That is consistent because
/// a file is complete and synced before the row naming it is committed, and never changes or
/// goes away afterwards (`CaseAttachmentFiles.store`, `PersonPhotoFiles.store`): every
/// file the snapshot names is there, in the state the row describes. A file that is missing or
/// does not match its row fails the backup.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The directory to create (must not exist)") var to: String?
    }
    var help: String { "Writes a consistent backup (database, attachments, photos, secret, manifest) to a new directory." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let target = signature.to, !target.isEmpty else { throw CommandFailure("--to DIR is required") }
        do {
            let result = try await Backup.write(context.application, to: target)
            context.console.print(result.line)
        } catch {
            context.console.print("backup FAILED: \(error)")
            throw error
        }
    }

    /// A consistent copy of an SQLite database into `path` (a new file), private and synced:
    /// SQLite itself neither syncs `VACUUM INTO` output nor gives it a mode of its own.
    static func sqliteBackup(_ db: any Database, to path: String) async throws {
        try await (db as! any SQLDatabase).raw("VACUUM INTO \(bind: path)").run()
        try DataDirectory.restrictAndSync(path)
    }

    static func findExecutable(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// What `ansinh backup` writes beside the data and `ansinh restore` checks it against.
struct BackupManifest: Codable, Equatable, Sendable {
    static let formatName = "ansinh-backup"
    static let currentVersion = 1
    static let fileName = "manifest.json"
    static let sqliteFile = "database.sqlite"
    static let postgresFile = "database.pgdump"
    static let secretFile = "secret"

    struct DatabasePart: Codable, Equatable, Sendable {
        /// `sqlite` or `postgresql`.
        var kind: String
        /// The database's file in the backup.
        var file: String
    }

    struct SecretPart: Codable, Equatable, Sendable {
        /// `file`: in the backup as `secret`. `external`: `ANSINH_SECRET`, kept by the operator.
        var storage: String
        var file: String?
        /// An HMAC of a fixed text under the secret: restore checks the secret it is given
        /// against it without the manifest revealing anything of the secret.
        var fingerprint: String
        var note: String
    }

    struct FileEntry: Codable, Equatable, Sendable {
        /// Relative to the backup directory; attachments and photos have the same path under
        /// the data directory.
        var path: String
        var size: Int
        var sha256: String
    }

    var format: String
    var formatVersion: Int
    var createdAt: String
    var database: DatabasePart
    /// Rows per table in the database snapshot.
    var tables: [String: Int]
    var secret: SecretPart
    /// Every file of the backup but the manifest, sorted by path.
    var files: [FileEntry]

    static func fingerprint(of secret: [UInt8]) -> String {
        Secrets.keyedHash("ansinh backup: secret fingerprint", secret: secret)
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    static func read(from directory: String) throws -> BackupManifest {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path) is missing: not a complete AnSinh backup")
        }
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: data)
        } catch {
            throw CommandFailure("\(path) is not a readable manifest: \(error)")
        }
        guard manifest.format == formatName else { throw CommandFailure("\(path) is not an AnSinh backup manifest") }
        guard manifest.formatVersion == currentVersion else {
            throw CommandFailure("\(path) has format version \(manifest.formatVersion); this AnSinh reads version \(currentVersion)")
        }
        return manifest
    }
}

/// A file of the data directory that a database row names, with what the row says about it.
struct StoredFileReference: Sendable, Hashable {
    /// Relative to the data directory.
    var path: String
    var sha256: String
    /// Attachments record their size; photos are named by their checksum only.
    var size: Int?

    /// Every file the database's rows name: case attachments and persons' photos.
    static func all(in db: any SQLDatabase) async throws -> [StoredFileReference] {
        var references: [StoredFileReference] = []
        for row in try await db.raw("SELECT id, case_id, size, sha256 FROM case_attachments").all() {
            let id = try row.decode(column: "id", as: UUID.self)
            let caseID = try row.decode(column: "case_id", as: UUID.self)
            references.append(StoredFileReference(path: CaseAttachmentFiles.relativePath(caseID: caseID, id: id),
                                                  sha256: try row.decode(column: "sha256", as: String.self),
                                                  size: try row.decode(column: "size", as: Int.self)))
        }
        for row in try await db.raw("SELECT DISTINCT photo_sha256 FROM persons WHERE photo_sha256 IS NOT NULL").all() {
            let sha = try row.decode(column: "photo_sha256", as: String.self)
            references.append(StoredFileReference(path: PersonPhotoFiles.relativePath(sha256: sha), sha256: sha, size: nil))
        }
        return references.sorted { $0.path < $1.path }
    }

    /// Problems of the file at `path` compared with this reference; empty when it matches.
    func problems(at path: String) -> [String] {
        guard let found = try? DataDirectory.hashFile(path) else { return ["\(self.path) is missing"] }
        var problems: [String] = []
        if found.sha256 != sha256 { problems.append("\(self.path) does not match its SHA-256") }
        if let expected = size, expected != found.size { problems.append("\(self.path) has \(found.size) bytes, its row says \(expected)") }
        return problems
    }
}

/// Rows per table, read from one snapshot of the database.
enum TableCounts {
    static func read(_ db: any SQLDatabase, postgres: Bool) async throws -> [String: Int] {
        let names: [String]
        if postgres {
            names = try await db.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").all()
                .map { try $0.decode(column: "tablename", as: String.self) }
        } else {
            names = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all()
                .map { try $0.decode(column: "name", as: String.self) }
        }
        var counts: [String: Int] = [:]
        for name in names {
            counts[name] = try await db.raw("SELECT count(*) AS n FROM \(ident: name)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return counts
    }
}

/// SQLite and PostgreSQL access that backups and restores open beside the app's own databases:
/// a backup's SQLite snapshot, a restored database.
enum SideDatabase {
    /// Runs `body` on a connection to the SQLite file at `path`, closed again afterwards.
    static func withSQLite<T>(_ path: String, _ app: Application, _ body: (any Database & SQLDatabase) async throws -> T) async throws -> T {
        try await with(.sqlite(.file(path), sqlLogLevel: nil), id: .init(string: "side-sqlite"), app, body)
    }

    /// Runs `body` on a connection to the PostgreSQL database at `url`, closed again afterwards.
    static func withPostgres<T>(_ url: String, _ app: Application, _ body: (any Database & SQLDatabase) async throws -> T) async throws -> T {
        try await with(try .postgres(url: url, maxConnectionsPerEventLoop: 1, sqlLogLevel: .debug), id: .init(string: "side-psql"), app, body)
    }

    private static func with<T>(_ configuration: DatabaseConfigurationFactory, id: DatabaseID, _ app: Application,
                                _ body: (any Database & SQLDatabase) async throws -> T) async throws -> T {
        let databases = Databases(threadPool: app.threadPool, on: app.eventLoopGroup)
        databases.use(configuration, as: id)
        do {
            guard let db = databases.database(id, logger: app.logger, on: app.eventLoopGroup.any()) as? any Database & SQLDatabase else {
                throw CommandFailure("no SQL database for \(id.string)")
            }
            let result = try await body(db)
            await databases.shutdownAsync()
            return result
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }
}

/// The PostgreSQL client programs (`pg_dump`, `pg_restore`), run as child processes.
enum PostgresTools {
    /// The program's path, or a failure saying how to install it.
    static func find(_ name: String) throws -> String {
        guard let path = BackupCommand.findExecutable(name) else {
            throw CommandFailure("\(name) was not found: install the PostgreSQL client (apt-get install postgresql-client)")
        }
        return path
    }

    /// Runs `program` with the connection URL's password in `PGPASSWORD` instead of on its
    /// command line, where any local user could read it. Its own messages go to our stderr.
    static func run(_ program: String, _ arguments: [String], url: String) async throws {
        let (dbname, password) = splitPassword(url)
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments + ["--dbname=\(dbname)"]
        process.environment = environment
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            throw CommandFailure("\((program as NSString).lastPathComponent) failed with status \(status) (its messages are above)")
        }
    }

    /// The URL without its password, and the password (percent-decoded).
    static func splitPassword(_ url: String) -> (url: String, password: String?) {
        guard var components = URLComponents(string: url), let password = components.password else { return (url, nil) }
        components.password = nil
        return (components.string ?? url, password.removingPercentEncoding ?? password)
    }
}

/// Writes a backup directory (see `BackupCommand`).
enum Backup {
    struct Result: Sendable {
        let manifest: BackupManifest
        let line: String
    }

    private struct Snapshot: Sendable {
        var tables: [String: Int]
        var files: [StoredFileReference]
    }

    static func write(_ app: Application, to target: String) async throws -> Result {
        let config = app.ansinh
        var info = stat()
        guard lstat(target, &info) != 0 else { throw CommandFailure("\(target) exists; choose a new directory") }
        if let data = realPath(config.dataDirectory), let parent = realPath(DataDirectory.parentOf(target)),
           parent == data || parent.hasPrefix(data + "/") {
            throw CommandFailure("\(target) is inside the data directory; a backup there is lost with it: choose another disk or directory")
        }
        try DataDirectory.makeDirectories(target)
        do {
            let result = try await fill(target, app, config)
            try await CommandAudit.record(app, .backup, entity: nil, entityID: nil,
                                          summary: "backup to \(target): \(result.manifest.files.count) files")
            return result
        } catch {
            // A partial backup must not be mistaken for one (nor keep personal data about).
            try? FileManager.default.removeItem(atPath: target)
            throw error
        }
    }

    private static func fill(_ target: String, _ app: Application, _ config: AppConfig) async throws -> Result {
        // 1. The database snapshot.
        let databasePart: BackupManifest.DatabasePart
        let snapshot: Snapshot
        switch config.database {
        case .sqliteFile:
            databasePart = .init(kind: "sqlite", file: BackupManifest.sqliteFile)
            let file = target + "/" + BackupManifest.sqliteFile
            try await BackupCommand.sqliteBackup(app.db, to: file)
            snapshot = try await SideDatabase.withSQLite(file, app) { db in
                // The copy keeps the live database's WAL mode; in rollback mode, reading it here
                // and restoring it leave no -wal or -shm beside it (the server sets WAL again).
                _ = try await db.raw("PRAGMA journal_mode=DELETE").all()
                return Snapshot(tables: try await TableCounts.read(db, postgres: false), files: try await StoredFileReference.all(in: db))
            }
        case .postgres(let url):
            databasePart = .init(kind: "postgresql", file: BackupManifest.postgresFile)
            snapshot = try await postgresDump(url, to: target + "/" + BackupManifest.postgresFile, app)
        }
        var entries = [try entry(databasePart.file, in: target)]

        // 2. The files the snapshot names, after it: they were complete before their rows were
        // committed and never change.
        var problems: [String] = []
        for reference in snapshot.files {
            let source = config.dataDirectory + "/" + reference.path
            let copy = target + "/" + reference.path
            guard FileManager.default.fileExists(atPath: source) else {
                problems.append("\(reference.path) is missing")
                continue
            }
            try DataDirectory.makeDirectories(DataDirectory.parentOf(copy))
            let (size, sha) = try DataDirectory.copyFile(source, to: copy)
            if sha != reference.sha256 || (reference.size.map { $0 != size } ?? false) {
                problems.append("\(reference.path) does not match its row (damaged in the data directory)")
            }
            entries.append(.init(path: reference.path, size: size, sha256: sha))
        }
        guard problems.isEmpty else {
            throw CommandFailure("\(problems.count) of the \(snapshot.files.count) files the database names cannot be backed up: "
                                 + problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; …" : ""))
        }

        // 3. The secret.
        let fingerprint = BackupManifest.fingerprint(of: config.secret)
        let secret: BackupManifest.SecretPart
        if let file = config.secretFile {
            let (size, sha) = try DataDirectory.copyFile(file, to: target + "/" + BackupManifest.secretFile)
            // The file must hold the secret this server hashes with, or the restored server
            // would not recognize the callers it has.
            guard sha == Secrets.hex(SHA256.hash(data: config.secret)) else {
                throw CommandFailure("\(file) no longer holds the secret this server started with; restart it, then back up")
            }
            entries.append(.init(path: BackupManifest.secretFile, size: size, sha256: sha))
            secret = .init(storage: "file", file: BackupManifest.secretFile, fingerprint: fingerprint,
                           note: "the server secret (keyed hashes of callers' numbers) is in this backup: keep the backup as private as the data")
        } else {
            secret = .init(storage: "external", file: nil, fingerprint: fingerprint,
                           note: "the server secret comes from ANSINH_SECRET and is NOT in this backup: the operator must keep it; restore needs the same value (this fingerprint identifies it) or repeat callers are no longer recognized")
        }

        // 4. The manifest, last: a directory without one is not a backup.
        let manifest = BackupManifest(format: BackupManifest.formatName, formatVersion: BackupManifest.currentVersion,
                                      createdAt: ISO8601DateFormatter().string(from: app.clock.now()), database: databasePart,
                                      tables: snapshot.tables, secret: secret, files: entries.sorted { $0.path < $1.path })
        try DataDirectory.writeFile(try manifest.encoded(), to: target + "/" + BackupManifest.fileName)
        try DataDirectory.syncDirectory(DataDirectory.parentOf(target))

        let rows = snapshot.tables.values.reduce(0, +)
        let bytes = entries.map(\.size).reduce(0, +)
        let line = "backup OK: \(target): \(databasePart.kind), \(snapshot.tables.count) tables, \(rows) rows, "
            + "\(snapshot.files.count) attachments and photos, \(entries.count) files (\(bytes) bytes) with SHA-256, "
            + (config.secretFile == nil ? "secret external (ANSINH_SECRET: keep it yourself)" : "secret included")
        return Result(manifest: manifest, line: line)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func entry(_ name: String, in directory: String) throws -> BackupManifest.FileEntry {
        let (size, sha) = try DataDirectory.hashFile(directory + "/" + name)
        return .init(path: name, size: size, sha256: sha)
    }

    /// `pg_dump` of one exported snapshot, with the row counts and file references read from that
    /// same snapshot: the transaction that exports it stays open until pg_dump is done.
    private static func postgresDump(_ url: String, to file: String, _ app: Application) async throws -> Snapshot {
        let pgDump = try PostgresTools.find("pg_dump")
        // Created here so that pg_dump writes into a private file (it would give it 0644 & ~umask).
        try DataDirectory.createEmptyFile(file)
        let snapshot = try await app.db.transaction { db -> Snapshot in
            let sql = db as! any SQLDatabase
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            guard let id = try await sql.raw("SELECT pg_export_snapshot() AS id").first()?.decode(column: "id", as: String.self) else {
                throw CommandFailure("PostgreSQL exported no snapshot")
            }
            try await PostgresTools.run(pgDump, ["--format=custom", "--snapshot=\(id)", "--file=\(file)"], url: url)
            return Snapshot(tables: try await TableCounts.read(sql, postgres: true), files: try await StoredFileReference.all(in: sql))
        }
        try DataDirectory.restrictAndSync(file)
        return snapshot
    }
}
