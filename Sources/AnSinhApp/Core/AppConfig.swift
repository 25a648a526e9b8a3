import Foundation
import Vapor

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

    public init(
        database: Database, dataDirectory: String, adminPassword: String? = nil,
        sessionIdleMinutes: Int = 30, secureCookies: Bool = false, secret: [UInt8],
        isProduction: Bool = false, bcryptCost: Int = 12, loadAdministrativeUnits: Bool = true,
        ipThrottleLimit: Int = 30
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
    }

    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the environment. Creates the data directory and, outside production, a random
    /// secret file in it when `ANSINH_SECRET` is absent.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        let production = env["ANSINH_ENV"] == "production"
        let dataDir = env["ANSINH_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)

        let database: Database
        if let url = env["DATABASE_URL"], !url.isEmpty {
            database = .postgres(url: url)
        } else {
            database = .sqliteFile(path: (dataDir as NSString).appendingPathComponent("ansinh.sqlite"))
        }

        let secret: [UInt8]
        if let s = env["ANSINH_SECRET"], !s.isEmpty {
            guard s.utf8.count >= 32 else {
                throw StartupError(description: "ANSINH_SECRET must be at least 32 characters.")
            }
            secret = Array(s.utf8)
        } else if production {
            throw StartupError(description: "ANSINH_ENV=production needs ANSINH_SECRET (32+ random characters).")
        } else {
            secret = try loadOrCreateSecret(in: dataDir)
        }

        let idle = Int(env["ANSINH_SESSION_IDLE_MINUTES"] ?? "") ?? 30
        return AppConfig(
            database: database,
            dataDirectory: dataDir,
            adminPassword: env["ANSINH_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 },
            sessionIdleMinutes: max(1, idle),
            secureCookies: ["1", "true", "yes"].contains((env["ANSINH_SECURE_COOKIES"] ?? "").lowercased()),
            secret: secret,
            isProduction: production
        )
    }

    /// The secret lives beside the database so that keyed hashes stay stable across restarts.
    private static func loadOrCreateSecret(in dataDir: String) throws -> [UInt8] {
        let path = (dataDir as NSString).appendingPathComponent("secret")
        if let existing = FileManager.default.contents(atPath: path), existing.count >= 32 {
            return Array(existing)
        }
        let bytes = Array(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
        let hex = Data(bytes.map { String(format: "%02x", $0) }.joined().utf8)
        guard FileManager.default.createFile(atPath: path, contents: hex, attributes: [.posixPermissions: 0o600]) else {
            throw StartupError(description: "Cannot write the secret file \(path).")
        }
        return Array(hex)
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
