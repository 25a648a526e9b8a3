import Fluent
import Foundation
import SQLKit
import Vapor

/// `ansinh restore --from DIR`: puts a backup (`ansinh backup`) back into an empty data
/// directory (and, for PostgreSQL, an empty database), then checks what it restored: the
/// SHA-256 of every file, `PRAGMA integrity_check` (SQLite), the rows of every table against the
/// manifest, and that every attachment and photo a row names is there and matches it. Prints one
/// line; any mismatch fails the command (non-zero exit).
///
/// Nothing is written when the backup itself is damaged or the target is not empty. Files are
/// copied into a staging directory inside the data directory and moved into place only once
/// every check passed (the database last), so a failed SQLite restore leaves the data
/// directory empty. A failed PostgreSQL restore leaves its database filled: drop and create it
/// again before the next try.
///
/// `main.swift` runs this without configuring the app: configuring opens the database and
/// generates the secret, and the data directory must still be empty when the restore starts.
public struct RestoreCommand: AsyncCommand {
    public struct Signature: CommandSignature {
        @Option(name: "from", help: "The backup directory written by `ansinh backup`") var from: String?
        public init() {}
    }
    public var help: String { "Restores a backup into an empty data directory (and an empty PostgreSQL database), then checks it." }

    public init() {}

    /// Registers `restore` on an app that is not configured, for the data directory and the
    /// database that `target` names.
    public static func prepare(_ app: Application, target: RestoreTarget) {
        app.storage[RestoreTarget.Key.self] = target
        app.asyncCommands.use(RestoreCommand(), as: "restore")
    }

    public func run(using context: CommandContext, signature: Signature) async throws {
        guard let from = signature.from, !from.isEmpty else { throw CommandFailure("--from DIR is required") }
        let app = context.application
        let target = app.storage[RestoreTarget.Key.self] ?? RestoreTarget(app.ansinh)
        do {
            context.console.print(try await Restore.run(from: from, into: target, app))
        } catch {
            context.console.print("restore FAILED: \(error)")
            throw error
        }
    }
}

/// Where a restore goes: the data directory and database `ansinh serve` would use.
public struct RestoreTarget: Sendable {
    struct Key: StorageKey { typealias Value = RestoreTarget }

    public var dataDirectory: String
    public var database: AppConfig.Database
    /// `ANSINH_SECRET`, when the restored server will take its secret from there.
    public var environmentSecret: [UInt8]?

    public init(dataDirectory: String, database: AppConfig.Database, environmentSecret: [UInt8]?) {
        self.dataDirectory = dataDirectory
        self.database = database
        self.environmentSecret = environmentSecret
    }

    /// What the environment names, creating nothing.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> RestoreTarget {
        let (dataDirectory, database) = AppConfig.locations(env)
        return RestoreTarget(dataDirectory: dataDirectory, database: database, environmentSecret: try AppConfig.environmentSecret(env))
    }

    /// The locations of a configured app (its data directory is not empty: the restore refuses).
    init(_ config: AppConfig) {
        self.init(dataDirectory: config.dataDirectory, database: config.database,
                  environmentSecret: config.secretFile == nil ? config.secret : nil)
    }
}

enum Restore {
    static func run(from backup: String, into target: RestoreTarget, _ app: Application) async throws -> String {
        let manifest = try BackupManifest.read(from: backup)
        let postgresURL: String?
        switch (target.database, manifest.database.kind) {
        case (.sqliteFile, "sqlite"): postgresURL = nil
        case (.postgres(let url), "postgresql"): postgresURL = url
        case (.sqliteFile, _): throw CommandFailure("this is a \(manifest.database.kind) backup; set DATABASE_URL to an empty PostgreSQL database")
        case (.postgres, _): throw CommandFailure("this is a \(manifest.database.kind) backup; restore it with DATABASE_URL unset (SQLite)")
        }
        guard manifest.database.file == (postgresURL == nil ? BackupManifest.sqliteFile : BackupManifest.postgresFile),
              manifest.files.contains(where: { $0.path == manifest.database.file }) else {
            throw CommandFailure("the manifest does not list the database file")
        }
        try checkSecret(manifest, target)
        for entry in manifest.files where !isRestorable(entry.path, manifest) {
            throw CommandFailure("the manifest names \(entry.path), which is not a file AnSinh stores: refused")
        }

        // 1. The backup as it is: every file of the manifest, before anything is written.
        var damaged: [String] = []
        for entry in manifest.files {
            guard let found = try? DataDirectory.hashFile(backup + "/" + entry.path) else { damaged.append("\(entry.path) is missing"); continue }
            if found.sha256 != entry.sha256 || found.size != entry.size { damaged.append("\(entry.path) does not match its SHA-256") }
        }
        guard damaged.isEmpty else { throw CommandFailure("the backup is damaged: " + summary(damaged)) }

        // 2. The target is empty.
        try checkEmptyDirectory(target.dataDirectory)
        if case .sqliteFile(let path) = target.database {
            for file in [path, path + "-wal", path + "-shm", path + "-journal"] where FileManager.default.fileExists(atPath: file) {
                throw CommandFailure("\(file) exists: restore only into an empty data directory")
            }
        }
        if let postgresURL { try await checkEmptyDatabase(postgresURL, app) }

        // 3. Copy into a staging directory inside the data directory (same file system: the
        // final moves are renames).
        try DataDirectory.makeDirectories(target.dataDirectory)
        try DataDirectory.prepare(target.dataDirectory, logger: app.logger)
        let staging = target.dataDirectory + "/.restore-" + Secrets.randomToken(bytes: 9)
        try DataDirectory.makeDirectories(staging)
        do {
            let line = try await restore(manifest, from: backup, staging: staging, postgresURL: postgresURL, into: target, app)
            return line
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            if postgresURL != nil {
                throw CommandFailure("\(error) — the data directory is left empty, but the PostgreSQL database may hold the failed restore: drop and create it again before the next try")
            }
            throw error
        }
    }

    private static func restore(_ manifest: BackupManifest, from backup: String, staging: String, postgresURL: String?,
                                into target: RestoreTarget, _ app: Application) async throws -> String {
        var problems: [String] = []
        for entry in manifest.files where !(postgresURL != nil && entry.path == manifest.database.file) {
            let copy = staging + "/" + entry.path
            try DataDirectory.makeDirectories(DataDirectory.parentOf(copy))
            let (size, sha) = try DataDirectory.copyFile(backup + "/" + entry.path, to: copy)
            if sha != entry.sha256 || size != entry.size { problems.append("\(entry.path) changed while it was copied") }
        }
        guard problems.isEmpty else { throw CommandFailure(summary(problems)) }

        // 4. The database, and the checks of what it holds.
        let check: DatabaseCheck
        if let postgresURL {
            let pgRestore = try PostgresTools.find("pg_restore")
            // One transaction: a failing restore leaves the database empty. Objects are owned by
            // the restoring role and carry no grants of the old server's roles, which may not exist.
            try await PostgresTools.run(pgRestore, ["--exit-on-error", "--single-transaction", "--no-owner", "--no-acl",
                                                    backup + "/" + manifest.database.file], url: postgresURL)
            check = try await SideDatabase.withPostgres(postgresURL, app) { db in
                try await DatabaseCheck.run(db, postgres: true, manifest: manifest, filesIn: staging, app)
            }
        } else {
            check = try await SideDatabase.withSQLite(staging + "/" + manifest.database.file, app) { db in
                try await DatabaseCheck.run(db, postgres: false, manifest: manifest, filesIn: staging, app)
            }
        }
        guard check.problems.isEmpty else { throw CommandFailure("the restored data does not match the backup: " + summary(check.problems)) }

        // 5. Into place: files first, the database last (a server started meanwhile finds no
        // database rather than one whose files are still missing).
        let names = try FileManager.default.contentsOfDirectory(atPath: staging).filter { $0 != manifest.database.file }.sorted()
        for name in names {
            try move(staging + "/" + name, to: target.dataDirectory + "/" + name)
        }
        if case .sqliteFile(let path) = target.database {
            try move(staging + "/" + manifest.database.file, to: path)
            try DataDirectory.syncDirectory(DataDirectory.parentOf(path))
        }
        try FileManager.default.removeItem(atPath: staging)
        try DataDirectory.syncDirectory(target.dataDirectory)

        let rows = manifest.tables.values.reduce(0, +)
        return "restore OK: \(manifest.database.kind) backup of \(manifest.createdAt) into \(target.dataDirectory): "
            + "\(manifest.files.count) files match their SHA-256, \(manifest.tables.count) tables with \(rows) rows as in the manifest, "
            + "\(check.referencedFiles) attachments and photos present"
            + (postgresURL == nil ? ", integrity_check ok" : "")
            + (manifest.secret.storage == "file" ? ", secret restored" : ", secret from ANSINH_SECRET (fingerprint matches)")
    }

    /// The restored server must hash callers' numbers with the secret the backed-up one used.
    private static func checkSecret(_ manifest: BackupManifest, _ target: RestoreTarget) throws {
        if let secret = target.environmentSecret {
            guard BackupManifest.fingerprint(of: secret) == manifest.secret.fingerprint else {
                throw CommandFailure("ANSINH_SECRET is not the secret of the backed-up server (fingerprints differ): repeat callers would not be recognized; "
                                     + (manifest.secret.storage == "file" ? "unset it to use the secret in the backup" : "set it to the value the backed-up server used"))
            }
        } else if manifest.secret.storage != "file" || !manifest.files.contains(where: { $0.path == BackupManifest.secretFile }) {
            throw CommandFailure("the backed-up server took its secret from ANSINH_SECRET, which is not in the backup: set ANSINH_SECRET to that value")
        }
    }

    /// Only the database file, the secret and the layouts AnSinh stores (attachments by two ids,
    /// photos by checksum): a manifest cannot make the restore write anywhere else.
    private static func isRestorable(_ path: String, _ manifest: BackupManifest) -> Bool {
        if path == manifest.database.file || path == BackupManifest.secretFile { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let isID = { (s: String) in UUID(uuidString: s) != nil && s == s.lowercased() }
        let isHex = { (s: String) in s.count == 64 && s.allSatisfy { "0123456789abcdef".contains($0) } }
        switch parts.count {
        case 3: return parts[0] == "attachments" && isID(parts[1]) && isID(parts[2])
        case 2: return parts[0] == "photos" && isHex(parts[1])
        default: return false
        }
    }

    private static func checkEmptyDirectory(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard var names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw CommandFailure("\(path) is not a readable directory")
        }
        // A data directory at the top of its own volume has one, which nothing of AnSinh uses.
        names.removeAll { $0 == "lost+found" }
        guard names.isEmpty else {
            throw CommandFailure("the data directory \(path) is not empty (\(names.count) entries): restore only into an empty one")
        }
    }

    private static func checkEmptyDatabase(_ url: String, _ app: Application) async throws {
        let objects = try await SideDatabase.withPostgres(url, app) { db in
            try await db.raw("""
                SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%')
                     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%') AS n
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        guard objects == 0 else {
            throw CommandFailure("the PostgreSQL database is not empty (\(objects) tables, sequences or functions): restore only into a new, empty database")
        }
    }

    private static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else { throw DataDirectory.Failure("Cannot move \(source) to", destination) }
    }

    private static func summary(_ problems: [String]) -> String {
        problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
    }
}

/// What the restored database holds, compared with the manifest and the restored files.
private struct DatabaseCheck {
    var problems: [String] = []
    var referencedFiles = 0

    static func run(_ db: any Database & SQLDatabase, postgres: Bool, manifest: BackupManifest, filesIn directory: String,
                    _ app: Application) async throws -> DatabaseCheck {
        var check = DatabaseCheck()
        if !postgres {
            let results = try await db.raw("PRAGMA integrity_check").all().map { try $0.decode(column: "integrity_check", as: String.self) }
            if results != ["ok"] { check.problems.append("integrity_check: " + results.prefix(3).joined(separator: "; ")) }
        }
        let tables = try await TableCounts.read(db, postgres: postgres)
        for name in Set(tables.keys).union(manifest.tables.keys).sorted() where tables[name] != manifest.tables[name] {
            check.problems.append("table \(name) has \(tables[name].map { String($0) } ?? "no") rows, the manifest says \(manifest.tables[name].map { String($0) } ?? "none")")
        }
        let references = try await StoredFileReference.all(in: db)
        check.referencedFiles = references.count
        for reference in references {
            check.problems += reference.problems(at: directory + "/" + reference.path)
        }
        if check.problems.isEmpty {
            // In the restored log itself: from here on it is that server's history. Plain SQL
            // naming only the columns every version of the table has: a backup made by an older
            // AnSinh is restored before the server migrates it. In a transaction of its own: on
            // PostgreSQL a lone statement's implicit commit is not awaited by the driver (see
            // `ExplicitTransactions`).
            let summary = "restored from a \(manifest.database.kind) backup of \(manifest.createdAt)"
            let (id, at, action) = (UUID(), app.clock.now(), AuditAction.restore.rawValue)
            try await db.transaction { tx in
                try await (tx as! any SQLDatabase).raw("""
                    INSERT INTO audit_events (id, at, action, summary) VALUES (\(bind: id), \(bind: at), \(bind: action), \(bind: summary))
                    """).run()
            }
        }
        return check
    }
}
