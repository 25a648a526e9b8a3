import Crypto
import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Every setting AnSinh reads from its environment, read once at start-up.
///
/// Production (`ANSINH_ENV=production`) refuses to start without the secrets it needs instead of
/// falling back to a generated or default value.
public struct AppConfig: Sendable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case postgres(url: String)
    }

    public var database: Database
    public var dataDirectory: String
    public var adminPassword: String?
    public var sessionIdleMinutes: Int
    public var secureCookies: Bool
    public var secret: [UInt8]
    public var isProduction: Bool
    /// bcrypt cost; tests lower it because debug builds hash slowly.
    public var bcryptCost: Int
    /// Load the 24,000 rows of administrative units in the migration. Tests that do not need
    /// addresses switch it off so that each test's fresh database is quick to build.
    public var loadAdministrativeUnits: Bool
    /// Failed logins from one IP address in the throttle window before that address is refused.
    public var ipThrottleLimit: Int
    /// The file in the data directory the secret was read from or generated into; nil when it
    /// came from `ANSINH_SECRET` (then the operator keeps it, and backups cannot hold it).
    public var secretFile: String?

    public init(
        database: Database, dataDirectory: String, adminPassword: String? = nil,
        sessionIdleMinutes: Int = 30, secureCookies: Bool = false, secret: [UInt8],
        isProduction: Bool = false, bcryptCost: Int = 12, loadAdministrativeUnits: Bool = true,
        ipThrottleLimit: Int = 30, secretFile: String? = nil
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.adminPassword = adminPassword
        self.sessionIdleMinutes = sessionIdleMinutes
        self.secureCookies = secureCookies
        self.secret = secret
        self.isProduction = isProduction
        self.bcryptCost = bcryptCost
        self.loadAdministrativeUnits = loadAdministrativeUnits
        self.ipThrottleLimit = ipThrottleLimit
        self.secretFile = secretFile
    }

    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the environment. Creates the data directory (0700) or tightens an older one whose
    /// modes are looser, pre-creates the SQLite file (0600) and, outside production, a random
    /// secret file in it when `ANSINH_SECRET` is absent.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment,
                                       logger: Logger = Logger(label: "ansinh.config")) throws -> AppConfig {
        // Whatever this process creates from here on (SQLite's -wal and -shm, VACUUM INTO
        // output, files written by libraries) is private to its owner, even where a mode is not
        // given explicitly. Process-wide, and set before any file of the data directory is made.
        DataDirectory.restrictNewFiles()
        let production = env["ANSINH_ENV"] == "production"
        let (dataDir, database) = locations(env)
        try DataDirectory.prepare(dataDir, logger: logger)
        if case .sqliteFile(let path) = database {
            // SQLite gives a new -wal and -shm the mode of the database file: a database created
            // 0600 here keeps every file it makes private, whatever the umask of a later process.
            try DataDirectory.createEmptyFile(path)
        }

        let secret: [UInt8]
        var secretFile: String?
        if let s = try environmentSecret(env) {
            secret = s
        } else if production {
            throw StartupError(description: "ANSINH_ENV=production needs ANSINH_SECRET (32+ random characters).")
        } else {
            let path = secretPath(in: dataDir)
            secret = try loadOrCreateSecret(at: path)
            secretFile = path
        }

        let idle = Int(env["ANSINH_SESSION_IDLE_MINUTES"] ?? "") ?? 30
        var config = AppConfig(
            database: database,
            dataDirectory: dataDir,
            adminPassword: env["ANSINH_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
            sessionIdleMinutes: max(1, idle),
            secureCookies: ["1", "true", "yes"].contains((env["ANSINH_SECURE_COOKIES"] ?? "").lowercased()),
            secret: secret,
            isProduction: production
        )
        config.secretFile = secretFile
        return config
    }

    /// The data directory and the database the environment names, without creating anything
    /// (`ansinh restore` needs them while the data directory must still be empty).
    public static func locations(_ env: [String: String]) -> (dataDirectory: String, database: Database) {
        let dataDir = env["ANSINH_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        if let url = env["DATABASE_URL"], !url.isEmpty {
            return (dataDir, .postgres(url: url))
        }
        return (dataDir, .sqliteFile(path: (dataDir as NSString).appendingPathComponent("ansinh.sqlite")))
    }

    /// `ANSINH_SECRET` when it is set; nil when the secret is to live in the data directory.
    public static func environmentSecret(_ env: [String: String]) throws -> [UInt8]? {
        guard let s = env["ANSINH_SECRET"], !s.isEmpty else { return nil }
        guard s.utf8.count >= 32 else {
            throw StartupError(description: "ANSINH_SECRET must be at least 32 characters.")
        }
        return Array(s.utf8)
    }

    static func secretPath(in dataDir: String) -> String {
        (dataDir as NSString).appendingPathComponent("secret")
    }

    /// The secret lives beside the database so that keyed hashes stay stable across restarts.
    private static func loadOrCreateSecret(at path: String) throws -> [UInt8] {
        if let existing = FileManager.default.contents(atPath: path), existing.count >= 32 {
            return Array(existing)
        }
        let bytes = Array(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
        let hex = Array(Secrets.hex(bytes).utf8)
        do {
            // Atomic and synced: a crash never leaves a short secret, which the next start would
            // replace, and every repeat-caller hash with it.
            try DataDirectory.writeFile(hex, to: path)
        } catch {
            throw StartupError(description: "Cannot write the secret file \(path): \(error)")
        }
        return hex
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    public var ansinh: AppConfig {
        get {
            guard let c = storage[ConfigKey.self] else { fatalError("AppConfig not set: call configure(_:config:) first") }
            return c
        }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    var ansinh: AppConfig { application.ansinh }
}

/// The data directory's files are private to the account that runs AnSinh: the database, its
/// -wal and -shm, the secret, attachments and photos hold personal data of callers and children.
/// Directories are 0700 and files 0600, on creation and, for an older directory, at start-up.
/// Files are written to a temporary name, synced and renamed, so that a file a committed row
/// refers to is complete on disk.
public enum DataDirectory {
    public static let directoryMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600
    // The file type bits of `st_mode` (S_IFMT, S_IFDIR, S_IFREG), typed as `st_mode` is.
    private static let fileTypeMask: mode_t = 0o170000
    private static let directoryType: mode_t = 0o040000
    private static let regularType: mode_t = 0o100000

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ what: String, _ path: String, errno code: Int32 = errno) {
            description = "\(what) \(path): \(String(cString: strerror(code)))"
        }
        init(_ description: String) { self.description = description }
    }

    /// One mode that start-up tightened.
    public struct ModeChange: Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let from: mode_t
        public let to: mode_t
        public var description: String { "\(path) \(String(from, radix: 8)) -> \(String(to, radix: 8))" }
    }

    /// Every file this process creates without an explicit mode is private to its owner.
    public static func restrictNewFiles() {
        umask(0o077)
    }

    /// Creates the directory (0700, with any missing parents) or tightens it and everything in
    /// it, logging each mode changed. Returns the changes.
    @discardableResult
    public static func prepare(_ path: String, logger: Logger) throws -> [ModeChange] {
        try makeDirectories(path)
        let (changes, foreign) = try tighten(path)
        for change in changes {
            logger.notice("data directory: tightened \(change.description)")
        }
        if !changes.isEmpty {
            logger.notice("data directory: \(changes.count) modes tightened to 0700 (directories) and 0600 (files)")
        }
        for path in foreign {
            logger.warning("data directory: \(path) belongs to another account; its mode is left as it is")
        }
        return changes
    }

    /// Takes group and other permissions away from `root` and everything under it: directories
    /// become 0700, files 0600. Symbolic links are neither followed nor changed (a link could
    /// lead outside the data directory), nor is what another account owns (`lost+found` at the
    /// top of a volume): those are returned as `foreign`.
    public static func tighten(_ root: String) throws -> (changes: [ModeChange], foreign: [String]) {
        var changes: [ModeChange] = []
        var foreign: [String] = []
        let owner = geteuid()
        func visit(_ path: String) throws {
            var info = stat()
            guard lstat(path, &info) == 0 else { throw Failure("Cannot read the mode of", path) }
            let type = info.st_mode & fileTypeMask
            let mode = info.st_mode & 0o7777
            guard type == directoryType || type == regularType else { return }
            guard info.st_uid == owner else {
                foreign.append(path)
                return
            }
            if type == directoryType {
                // Exactly 0700: no one else, and the owner (the app) must be able to write.
                if mode != directoryMode {
                    guard chmod(path, directoryMode) == 0 else { throw Failure("Cannot change the mode of", path) }
                    changes.append(ModeChange(path: path, from: mode, to: directoryMode))
                }
                let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                for name in names { try visit(path + "/" + name) }
            } else if mode & 0o7177 != 0 {
                // Any permission beyond the owner's read and write (group, other, execute, set-id).
                guard chmod(path, fileMode) == 0 else { throw Failure("Cannot change the mode of", path) }
                changes.append(ModeChange(path: path, from: mode, to: fileMode))
            }
        }
        try visit(root)
        return (changes, foreign)
    }

    /// `mkdir -p` where every directory made is 0700 and its creation is synced into its parent.
    static func makeDirectories(_ path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & fileTypeMask == directoryType else { throw Failure("\(path) exists and is not a directory") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, directoryMode) != 0 {
            guard errno == EEXIST else { throw Failure("Cannot create the directory", path) }
            return
        }
        // mkdir applies the umask; the mode is explicit whatever the umask was.
        guard chmod(path, directoryMode) == 0 else { throw Failure("Cannot change the mode of", path) }
        try syncDirectory(parent.isEmpty ? "." : parent)
    }

    /// An empty file with mode 0600 unless one exists (an empty file is an empty SQLite database).
    static func createEmptyFile(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if fd < 0 {
            guard errno == EEXIST else { throw Failure("Cannot create", path) }
            return
        }
        defer { close(fd) }
        guard fchmod(fd, fileMode) == 0, fsync(fd) == 0 else { throw Failure("Cannot create", path) }
        try syncDirectory(parentOf(path))
    }

    /// Writes `bytes` to `path` (0600) through a temporary file in the same directory: synced,
    /// then renamed, then the directory synced. The file is never seen half-written, and once
    /// this returns it survives a crash, before the row that names it is committed.
    static func writeFile(_ bytes: [UInt8], to path: String) throws {
        try writeAtomically(to: path) { fd, temp in
            try bytes.withUnsafeBytes { try writeAll(fd, $0, temp) }
        }
    }

    /// Copies `source` to `target` as `writeFile` writes (0600, synced, renamed), hashing what
    /// it copies. The size and SHA-256 are of the bytes written.
    static func copyFile(_ source: String, to target: String) throws -> (size: Int, sha256: String) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Failure("Cannot open", source) }
        defer { close(input) }
        var hasher = SHA256()
        var size = 0
        try writeAtomically(to: target) { fd, temp in
            try readChunks(input, source) { chunk in
                hasher.update(bufferPointer: chunk)
                size += chunk.count
                try writeAll(fd, chunk, temp)
            }
        }
        return (size, Secrets.hex(hasher.finalize()))
    }

    /// Size and SHA-256 of a file, read in chunks (attachments are up to 10 MB, databases more).
    static func hashFile(_ path: String) throws -> (size: Int, sha256: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure("Cannot open", path) }
        defer { close(fd) }
        var hasher = SHA256()
        var size = 0
        try readChunks(fd, path) { chunk in
            hasher.update(bufferPointer: chunk)
            size += chunk.count
        }
        return (size, Secrets.hex(hasher.finalize()))
    }

    /// Makes `path` (an existing file, e.g. SQLite's `VACUUM INTO` output) 0600 and synced.
    static func restrictAndSync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure("Cannot open", path) }
        defer { close(fd) }
        guard fchmod(fd, fileMode) == 0 else { throw Failure("Cannot change the mode of", path) }
        guard fsync(fd) == 0 else { throw Failure("Cannot sync", path) }
        try syncDirectory(parentOf(path))
    }

    /// Syncs a directory, so that the names created or renamed in it survive a crash.
    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure("Cannot open the directory", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Failure("Cannot sync the directory", path) }
    }

    static func parentOf(_ path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    private static func writeAtomically(to path: String, _ body: (Int32, String) throws -> Void) throws {
        let directory = parentOf(path)
        let temp = directory + "/." + (path as NSString).lastPathComponent + ".tmp-" + Secrets.randomToken(bytes: 9)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw Failure("Cannot create", temp) }
        do {
            defer { close(fd) }
            try body(fd, temp)
            guard fchmod(fd, fileMode) == 0 else { throw Failure("Cannot change the mode of", temp) }
            guard fsync(fd) == 0 else { throw Failure("Cannot sync", temp) }
        } catch {
            unlink(temp)
            throw error
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw Failure("Cannot rename into", path, errno: code)
        }
        try syncDirectory(directory)
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, _ path: String) throws {
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure("Cannot write", path)
            }
            offset += n
        }
    }

    private static func readChunks(_ fd: Int32, _ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let capacity = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress!, capacity)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure("Cannot read", path)
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
