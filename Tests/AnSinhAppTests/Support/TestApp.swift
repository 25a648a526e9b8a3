@testable import AnSinhApp
import AnSinhCore
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Builds an app with its own fresh database for one test: a temporary SQLite file by default,
/// or, with `ANSINH_TEST_DATABASE_URL`, a new PostgreSQL database on that (local) server.
enum TestApp {
    static func run(
        loadAddresses: Bool = false,
        adjust: (inout AppConfig) -> Void = { _ in },
        _ body: (Application, Fixture) async throws -> Void
    ) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ansinh-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let database = try await TestDatabase.create(sqliteDirectory: dir)
        // Made after the database, so that no path leaves an Application without its shutdown.
        let app = try await Application.make(.testing)
        var config = AppConfig(database: database.config, dataDirectory: dir,
                               secret: Array("test-secret-test-secret-test-secret-0123".utf8),
                               bcryptCost: 4, loadAdministrativeUnits: loadAddresses, ipThrottleLimit: 1000)
        adjust(&config)
        do {
            try await configure(app, config: config)
            try await app.autoMigrate()
            let fixture = try await Fixture.make(app)
            try await body(app, fixture)
        } catch {
            try? await app.asyncShutdown()
            await database.drop()
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
        try await app.asyncShutdown()
        await database.drop()
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// A database for one test.
struct TestDatabase {
    let config: AppConfig.Database
    let drop: @Sendable () async -> Void

    static func create(sqliteDirectory dir: String) async throws -> TestDatabase {
        guard let adminURL = ProcessInfo.processInfo.environment["ANSINH_TEST_DATABASE_URL"], !adminURL.isEmpty else {
            return TestDatabase(config: .sqliteFile(path: dir + "/test.sqlite"), drop: {})
        }
        guard let url = URL(string: adminURL), let host = url.host, ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
            // Tests create and drop databases: never against a server that is not on this machine.
            throw TestSetupError("ANSINH_TEST_DATABASE_URL must point at a local server (127.0.0.1, localhost or ::1)")
        }
        let name = "ansinh_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await PostgresAdmin.shared.execute("CREATE DATABASE \(name)", adminURL: adminURL)
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        components.path = "/" + name
        return TestDatabase(config: .postgres(url: components.string!), drop: {
            try? await PostgresAdmin.shared.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", adminURL: adminURL)
        })
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// One connection-owning app to the PostgreSQL server's maintenance database, shared by all
/// tests, to create and drop their databases. Database names are generated, never typed.
actor PostgresAdmin {
    static let shared = PostgresAdmin()
    /// A task, not the app itself: the actor is re-entered while the app is being made, and
    /// every caller must share the one app (an Application dropped without shutdown traps).
    private var app: Task<Application, any Error>?

    func execute(_ statement: String, adminURL: String) async throws {
        if app == nil {
            app = Task {
                let a = try await Application.make(.testing)
                do {
                    // Every test creates and drops a database here, all at once at the start of a
                    // run, and PostgreSQL makes databases one at a time: waiting for a connection
                    // must outlast the whole queue, however many tests there are.
                    a.databases.use(try .postgres(url: adminURL, maxConnectionsPerEventLoop: 2,
                                                  connectionPoolTimeout: .minutes(10)), as: .psql)
                } catch {
                    try? await a.asyncShutdown()
                    throw error
                }
                return a
            }
        }
        let sql = try await app!.value.db as! any SQLDatabase
        try await sql.raw(SQLQueryString(statement)).run()
    }
}

extension AppConfig.Database {
    var isPostgres: Bool { if case .postgres = self { true } else { false } }
}
