@testable import AnSinhApp
import AnSinhCore
import ConsoleKit
import Crypto
import Fluent
import Foundation
import Logging
import SQLKit
import Testing
import Vapor
import VaporTesting
#if canImport(Glibc)
import Glibc
#endif

/// `ansinh backup` and `ansinh restore`, and the modes of the data directory's files. On SQLite,
/// and on PostgreSQL when the suite runs with `ANSINH_TEST_DATABASE_URL` (pg_dump and pg_restore
/// on the PATH). Serialized: one test changes the process's umask for a while.
@Suite("Backup, restore and file modes", .serialized)
struct BackupTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 96)
    static let repeatedPhone = "0901234123"

    // MARK: - Backup and restore

    @Test func backupAndRestoreRoundTripKeepsFilesAndRepeatCallers() async throws {
        try await Installation.using { source, target in
            let backup = Installation.tempPath("ansinh-backup")
            let again = Installation.tempPath("ansinh-backup-again")
            defer { try? FileManager.default.removeItem(atPath: backup); try? FileManager.default.removeItem(atPath: again) }
            var seeded: Seeded?
            var secret: [UInt8] = []
            try await source.withApp { app in
                #expect(app.ansinh.secretFile == source.dataDirectory + "/secret")
                seeded = try await Self.seed(app)
                secret = app.ansinh.secret
                try await Self.command(app, ["backup", "--to", backup])
                // The backup is recorded in the live audit log, after its snapshot.
                #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.backup.rawValue).count() == 1)
            }
            let s = try #require(seeded)

            let manifest = try BackupManifest.read(from: backup)
            let databaseFile = source.isPostgres ? "database.pgdump" : "database.sqlite"
            #expect(manifest.database == .init(kind: source.isPostgres ? "postgresql" : "sqlite", file: databaseFile))
            #expect(manifest.tables["calls"] == 4)
            #expect(manifest.tables["case_attachments"] == 1)
            #expect(manifest.tables["audit_events"].map { $0 > 0 } == true)
            #expect(Set(manifest.files.map(\.path)) == [databaseFile, "secret", s.attachmentPath, s.photoPath])
            for entry in manifest.files {
                let found = try DataDirectory.hashFile(backup + "/" + entry.path)
                #expect(found.size == entry.size && found.sha256 == entry.sha256, "\(entry.path)")
            }
            #expect(manifest.secret.storage == "file")
            #expect(manifest.secret.fingerprint == BackupManifest.fingerprint(of: secret))

            try await Self.restore(backup, into: target)
            #expect(FileManager.default.contents(atPath: target.dataDirectory + "/" + s.attachmentPath) == Data(Self.pdf))
            #expect(FileManager.default.contents(atPath: target.dataDirectory + "/" + s.photoPath) == Data(Self.png))
            #expect(FileManager.default.contents(atPath: target.dataDirectory + "/secret") == Data(secret))
            // Nothing of the staging directory is left.
            #expect(try FileManager.default.contentsOfDirectory(atPath: target.dataDirectory).filter { $0.hasPrefix(".") }.isEmpty)

            try await target.withApp { app in
                #expect(app.ansinh.secret == secret)
                // Backed up again before anything else writes: the same rows and files, plus the
                // restore's own audit line.
                try await Self.command(app, ["backup", "--to", again])
                #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.restore.rawValue).count() == 1)

                let counsellor = try #require(try await User.find(username: "u.counsellor", on: app.db))
                let client = try await TestClient.signedIn(app, as: counsellor)
                let check = try await client.get(SiteURL.apiRepeatCaller.path + "?phone=" + Self.repeatedPhone)
                #expect(check.status == .ok)
                #expect(try HotlineTests.decode(HotlineAPIController.RepeatCaller.self, check).count == 3)
                let worker = try await TestClient.signedIn(app, as: try #require(try await User.find(username: "u.caseworker", on: app.db)))
                let file = try await worker.get(SiteURL.caseAttachment(s.caseID, s.attachmentID).path)
                #expect(file.status == .ok && Array(file.body.readableBytesView) == Self.pdf)
                let photo = try await worker.get(SiteURL.personPhoto(s.personID).path)
                #expect(photo.status == .ok && Array(photo.body.readableBytesView) == Self.png)
            }
            let second = try BackupManifest.read(from: again)
            #expect(second.database == manifest.database)
            #expect(second.secret == manifest.secret)
            #expect(second.files.filter { $0.path != databaseFile } == manifest.files.filter { $0.path != databaseFile })
            var expected = manifest.tables
            expected["audit_events", default: 0] += 1
            #expect(second.tables == expected)
        }
    }

    @Test func aDamagedBackupOrANonEmptyTargetIsRefused() async throws {
        try await Installation.using { source, target in
            let backup = Installation.tempPath("ansinh-backup")
            defer { try? FileManager.default.removeItem(atPath: backup) }
            var seeded: Seeded?
            try await source.withApp { app in
                seeded = try await Self.seed(app)
                try await Self.command(app, ["backup", "--to", backup])
            }
            let s = try #require(seeded)

            // A data directory with anything in it: refused, left as it was.
            try await Installation.withAnother { busy in
                try DataDirectory.makeDirectories(busy.dataDirectory)
                try DataDirectory.writeFile(Array("ghi chú".utf8), to: busy.dataDirectory + "/notes.txt")
                await #expect(throws: (any Error).self) { try await Self.restore(backup, into: busy) }
                let left = try FileManager.default.contentsOfDirectory(atPath: busy.dataDirectory)
                #expect(left == ["notes.txt"])
            }
            if source.isPostgres {
                // A database that is not empty (the source's own), with an empty data directory.
                let intoFull = Installation(dataDirectory: Installation.tempPath("ansinh-data"), database: source.database, ownsDatabase: false)
                await #expect(throws: (any Error).self) { try await Self.restore(backup, into: intoFull) }
                #expect(!FileManager.default.fileExists(atPath: intoFull.dataDirectory))
                await intoFull.remove()
            }

            // One byte of the attachment changed in the backup: found before anything is written.
            let attachment = backup + "/" + s.attachmentPath
            let original = try #require(FileManager.default.contents(atPath: attachment))
            var tampered = original
            tampered[tampered.count - 2] ^= 0x01
            try tampered.write(to: URL(fileURLWithPath: attachment))
            await #expect(throws: (any Error).self) { try await Self.restore(backup, into: target) }
            #expect(!FileManager.default.fileExists(atPath: target.dataDirectory))
            // A file deleted from the backup: the same.
            try FileManager.default.removeItem(atPath: attachment)
            await #expect(throws: (any Error).self) { try await Self.restore(backup, into: target) }
            #expect(!FileManager.default.fileExists(atPath: target.dataDirectory))
            try original.write(to: URL(fileURLWithPath: attachment))

            // A manifest counting one call more than the database holds: found by the checks after
            // the database is restored; the data directory is left empty.
            let manifestPath = backup + "/" + BackupManifest.fileName
            let goodManifest = try #require(FileManager.default.contents(atPath: manifestPath))
            var wrong = try BackupManifest.read(from: backup)
            wrong.tables["calls", default: 0] += 1
            try Data(try wrong.encoded()).write(to: URL(fileURLWithPath: manifestPath))
            try await Installation.withAnother { checked in
                await #expect(throws: (any Error).self) { try await Self.restore(backup, into: checked) }
                let left = try FileManager.default.contentsOfDirectory(atPath: checked.dataDirectory)
                #expect(left.isEmpty, "\(left)")
            }
            try goodManifest.write(to: URL(fileURLWithPath: manifestPath))

            // The backup as written restores into the target the refusals left untouched.
            try await Self.restore(backup, into: target)
            #expect(FileManager.default.contents(atPath: target.dataDirectory + "/" + s.attachmentPath) == Data(Self.pdf))
            // And not twice into the same place.
            await #expect(throws: (any Error).self) { try await Self.restore(backup, into: target) }
        }
    }

    @Test func aBackupFailsWhenAFileTheDatabaseNamesIsMissingOrDamaged() async throws {
        try await Installation.using { source, _ in
            try await source.withApp { app in
                let s = try await Self.seed(app)
                let stored = source.dataDirectory + "/" + s.attachmentPath
                let backup = Installation.tempPath("ansinh-backup")
                try FileManager.default.removeItem(atPath: stored)
                await #expect(throws: (any Error).self) { try await Self.command(app, ["backup", "--to", backup]) }
                // Nothing half-made is left to be mistaken for a backup.
                #expect(!FileManager.default.fileExists(atPath: backup))
                try DataDirectory.writeFile(Array("%PDF-1.4 something else".utf8), to: stored)
                await #expect(throws: (any Error).self) { try await Self.command(app, ["backup", "--to", backup]) }
                #expect(!FileManager.default.fileExists(atPath: backup))
                try DataDirectory.writeFile(Self.pdf, to: stored)
                try await Self.command(app, ["backup", "--to", backup])
                #expect(FileManager.default.fileExists(atPath: backup + "/" + BackupManifest.fileName))
                // An existing directory or one inside the data directory is refused.
                await #expect(throws: (any Error).self) { try await Self.command(app, ["backup", "--to", backup]) }
                await #expect(throws: (any Error).self) {
                    try await Self.command(app, ["backup", "--to", source.dataDirectory + "/backup"])
                }
                try? FileManager.default.removeItem(atPath: backup)
            }
        }
    }

    @Test func anExternalSecretIsNamedInTheManifestAndRequiredToRestore() async throws {
        let secret = "bi-mat-cua-may-chu-0123456789-abcdefghij"
        try await Installation.using(environment: ["ANSINH_SECRET": secret]) { source, target in
            let backup = Installation.tempPath("ansinh-backup")
            defer { try? FileManager.default.removeItem(atPath: backup) }
            try await source.withApp { app in
                #expect(app.ansinh.secretFile == nil)
                _ = try await Self.seed(app)
                try await Self.command(app, ["backup", "--to", backup])
            }
            let manifest = try BackupManifest.read(from: backup)
            #expect(manifest.secret.storage == "external")
            #expect(manifest.secret.note.contains("ANSINH_SECRET"))
            #expect(!manifest.files.contains { $0.path == "secret" })
            #expect(!FileManager.default.fileExists(atPath: backup + "/secret"))

            var without = target
            without.environment["ANSINH_SECRET"] = nil
            await #expect(throws: (any Error).self) { try await Self.restore(backup, into: without) }
            var other = target
            other.environment["ANSINH_SECRET"] = String(secret.reversed())
            await #expect(throws: (any Error).self) { try await Self.restore(backup, into: other) }
            #expect(!FileManager.default.fileExists(atPath: target.dataDirectory))
            try await Self.restore(backup, into: target)
            #expect(!FileManager.default.fileExists(atPath: target.dataDirectory + "/secret"))
            try await target.withApp { app in
                let counsellor = try #require(try await User.find(username: "u.counsellor", on: app.db))
                let check = try await TestClient.signedIn(app, as: counsellor).get(SiteURL.apiRepeatCaller.path + "?phone=" + Self.repeatedPhone)
                #expect(try HotlineTests.decode(HotlineAPIController.RepeatCaller.self, check).count == 3)
            }
        }
    }

    // MARK: - File modes

    @Test func newDataFilesAreOwnerOnlyWhateverTheUmask() async throws {
        try await Installation.using { source, _ in
            let backup = Installation.tempPath("ansinh-backup")
            defer { try? FileManager.default.removeItem(atPath: backup) }
            // A looser umask after start-up (a library, a service manager's default): the modes
            // the app sets itself must hold anyway.
            try await source.withApp(umaskAfterConfiguration: 0o022) { app in
                let s = try await Self.seed(app)
                try await Self.command(app, ["backup", "--to", backup])
                let data = source.dataDirectory
                #expect(Self.mode(data) == 0o700)
                #expect(Self.mode(data + "/secret") == 0o600)
                #expect(Self.mode(data + "/attachments") == 0o700)
                #expect(Self.mode(data + "/" + (s.attachmentPath as NSString).deletingLastPathComponent) == 0o700)
                #expect(Self.mode(data + "/" + s.attachmentPath) == 0o600)
                #expect(Self.mode(data + "/photos") == 0o700)
                #expect(Self.mode(data + "/" + s.photoPath) == 0o600)
                if case .sqliteFile(let path) = app.ansinh.database {
                    for file in [path, path + "-wal", path + "-shm"] {
                        #expect(FileManager.default.fileExists(atPath: file), "\(file)")
                        #expect(Self.mode(file) == 0o600, "\(file)")
                    }
                }
                #expect(Self.mode(backup) == 0o700)
                #expect(Self.mode(backup + "/" + BackupManifest.fileName) == 0o600)
                #expect(Self.mode(backup + "/" + (source.isPostgres ? "database.pgdump" : "database.sqlite")) == 0o600)
                // Everything, including what this test did not name.
                for tree in [data, backup] {
                    let loose = try Self.looseModes(tree)
                    #expect(loose.isEmpty, "\(loose)")
                }
            }
        }
    }

    @Test func anOlderLooserDataDirectoryIsTightenedAtStart() throws {
        let dir = Installation.tempPath("ansinh-old-data")
        let outside = Installation.tempPath("ansinh-outside")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        let caseDir = dir + "/attachments/" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: caseDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/photos", withIntermediateDirectories: true)
        let secret = String(repeating: "ab", count: 32)
        let files = ["/secret": Data(secret.utf8), "/ansinh.sqlite": Data(), "/ansinh.sqlite-wal": Data(),
                     "/photos/" + String(repeating: "c", count: 64): Data(Self.png),
                     "/attachments/" + (caseDir as NSString).lastPathComponent + "/" + UUID().uuidString.lowercased(): Data(Self.pdf)]
        for (path, contents) in files {
            try contents.write(to: URL(fileURLWithPath: dir + path))
            #expect(chmod(dir + path, 0o644) == 0)
        }
        for directory in [dir, dir + "/attachments", caseDir, dir + "/photos"] { #expect(chmod(directory, 0o755) == 0) }
        // A link to a file outside: neither followed nor changed.
        try Data("ngoài".utf8).write(to: URL(fileURLWithPath: outside))
        #expect(chmod(outside, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: outside)
        // What another account owns (lost+found at the top of a volume) is left alone, with a
        // warning: only root can make such a directory here.
        let foreignDir = dir + "/lost+found"
        let asRoot = geteuid() == 0
        if asRoot {
            try FileManager.default.createDirectory(atPath: foreignDir, withIntermediateDirectories: false)
            #expect(chmod(foreignDir, 0o755) == 0 && chown(foreignDir, 65534, 65534) == 0)
        }

        let lines = LogLines()
        let config = try AppConfig.fromEnvironment(["ANSINH_DATA_DIR": dir], logger: Logger(label: "test") { _ in CapturingLogHandler(sink: lines) })
        #expect(config.secret == Array(secret.utf8))
        #expect(try Self.looseModes(dir).filter { !$0.hasPrefix("lost+found") }.isEmpty)
        for directory in [dir, dir + "/attachments", caseDir, dir + "/photos"] { #expect(Self.mode(directory) == 0o700, "\(directory)") }
        for path in files.keys { #expect(Self.mode(dir + path) == 0o600, "\(path)") }
        #expect(Self.mode(outside) == 0o644)
        // Each change is logged, with the path and both modes.
        let logged = lines.all.joined(separator: "\n")
        for path in files.keys { #expect(logged.contains(dir + path + " 644 -> 600"), "\(path)") }
        #expect(logged.contains(caseDir + " 755 -> 700"))
        // A second start finds nothing to change.
        let second = try DataDirectory.tighten(dir)
        #expect(second.changes.isEmpty)
        if asRoot {
            #expect(second.foreign == [foreignDir])
            #expect(Self.mode(foreignDir) == 0o755)
            #expect(logged.contains(foreignDir + " belongs to another account"))
        }
    }

    // MARK: - Helpers

    struct Seeded {
        let caseID: UUID
        let attachmentID: UUID
        let personID: UUID
        var attachmentPath: String { CaseAttachmentFiles.relativePath(caseID: caseID, id: attachmentID) }
        var photoPath: String { PersonPhotoFiles.relativePath(sha256: Secrets.hex(SHA256.hash(data: BackupTests.png))) }
    }

    /// The fixture's accounts, four calls (three from one number), a person with a photo and a
    /// case with an attachment, all through the API.
    static func seed(_ app: Application) async throws -> Seeded {
        let fx = try await Fixture.make(app)
        let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
        try await HotlineTests.setUpLine(counsellor)
        for (day, phone) in [(10, repeatedPhone), (11, repeatedPhone), (12, "0912345678"), (13, repeatedPhone)] {
            let res = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["psych.crisis"],
                "startedAt": "2026-11-\(day)T08:00:00+07:00", "caller": ["phone": phone]])
            #expect(res.status == .created, "\(res.text)")
        }
        let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
        let personID = try await CaseTests.person(worker)
        let c = try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(worker, person: personID))
        let uploaded = try await CaseAttachmentTests.upload(worker, c.id, name: "biên bản.pdf", bytes: pdf)
        #expect(uploaded.status == .created, "\(uploaded.text)")
        let attachment = try HotlineTests.decode(AttachmentController.AttachmentOutput.self, uploaded)
        let photo = try await CaseAttachmentTests.upload(worker, personID, name: "anh.png", bytes: png, path: SiteURL.personPhoto(personID).path)
        #expect(photo.status == .seeOther)
        return Seeded(caseID: c.id, attachmentID: attachment.id, personID: personID)
    }

    /// Runs `ansinh <args>` on a configured app.
    static func command(_ app: Application, _ args: [String]) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["ansinh"] + args))
        context.application = app
        try await app.asyncCommands.group().run(using: &context)
    }

    /// `ansinh restore --from backup` as `main.swift` runs it: on an app that is not configured.
    static func restore(_ backup: String, into installation: Installation) async throws {
        let app = try await Application.make(.testing)
        do {
            RestoreCommand.prepare(app, target: try RestoreTarget.fromEnvironment(installation.environment))
            var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["ansinh", "restore", "--from", backup]))
            context.application = app
            try await app.asyncCommands.group().run(using: &context)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    /// Every directory under `root` that is not 0700 and every file that is not 0600.
    static func looseModes(_ root: String) throws -> [String] {
        var loose: [String] = []
        if mode(root) != 0o700 { loose.append(root) }
        for name in try FileManager.default.subpathsOfDirectory(atPath: root) {
            let path = root + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & 0o170000 {
            case 0o040000 where info.st_mode & 0o7777 != 0o700: loose.append("\(name) \(String(info.st_mode & 0o7777, radix: 8))")
            case 0o100000 where info.st_mode & 0o7777 != 0o600: loose.append("\(name) \(String(info.st_mode & 0o7777, radix: 8))")
            default: break
            }
        }
        return loose
    }
}

/// A data directory and a database as `ansinh` uses them, configured from the environment
/// (`AppConfig.fromEnvironment`): the secret is generated into the data directory unless
/// `ANSINH_SECRET` is given. The directory is not created: start-up or a restore makes it.
struct Installation: Sendable {
    let dataDirectory: String
    let database: TestDatabase
    /// False for an installation that borrows another's database.
    let ownsDatabase: Bool
    var environment: [String: String]

    init(dataDirectory: String, database: TestDatabase, ownsDatabase: Bool = true, environment extra: [String: String] = [:]) {
        self.dataDirectory = dataDirectory
        self.database = database
        self.ownsDatabase = ownsDatabase
        var env = extra
        env["ANSINH_DATA_DIR"] = dataDirectory
        if case .postgres(let url) = database.config { env["DATABASE_URL"] = url }
        environment = env
    }

    var isPostgres: Bool { database.config.isPostgres }

    static func tempPath(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    }

    static func make(environment: [String: String] = [:]) async throws -> Installation {
        let dir = tempPath("ansinh-data")
        // For SQLite this only names a file (the environment decides where the database goes).
        return Installation(dataDirectory: dir, database: try await TestDatabase.create(sqliteDirectory: dir), environment: environment)
    }

    /// Two new installations, a source and a restore target, removed afterwards.
    static func using(environment: [String: String] = [:], _ body: (Installation, Installation) async throws -> Void) async throws {
        let source = try await make(environment: environment)
        let target: Installation
        do { target = try await make(environment: environment) } catch { await source.remove(); throw error }
        do {
            try await body(source, target)
        } catch {
            await source.remove()
            await target.remove()
            throw error
        }
        await source.remove()
        await target.remove()
    }

    /// One more new installation for `body`, removed afterwards.
    static func withAnother(_ body: (Installation) async throws -> Void) async throws {
        let extra = try await make()
        do {
            try await body(extra)
        } catch {
            await extra.remove()
            throw error
        }
        await extra.remove()
    }

    func remove() async {
        if ownsDatabase { await database.drop() }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// Starts an app on this installation as `ansinh serve` would (without its HTTP server).
    func withApp(umaskAfterConfiguration: mode_t? = nil, _ body: (Application) async throws -> Void) async throws {
        var config = try AppConfig.fromEnvironment(environment)
        config.bcryptCost = 4
        config.loadAdministrativeUnits = false
        config.ipThrottleLimit = 1000
        let previous = umaskAfterConfiguration.map { umask($0) }
        defer { if let previous { umask(previous) } }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            try await app.autoMigrate()
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// Log messages kept for a test to read.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        lines.append(line)
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

struct CapturingLogHandler: LogHandler {
    let sink: LogLines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink.append(event.message.description)
    }
}
