@testable import AnSinhApp
import AnSinhCore
import ConsoleKit
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Command line and configuration")
struct CommandAndConfigTests {
    /// Runs `ansinh <args>` against the test app.
    func run(_ app: Application, _ args: [String]) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["ansinh"] + args))
        context.application = app
        try await app.asyncCommands.group().run(using: &context)
    }

    @Test func userCreateResetAndTokenCreate() async throws {
        try await TestApp.run { app, fx in
            try await run(app, ["user", "create", "--username", "tranvanan", "--role", "counsellor", "--unit", "VPB",
                                "--password", "Song-Hong-2026"])
            let user = try #require(try await User.find(username: "tranvanan", on: app.db))
            #expect(user.role == .counsellor)
            #expect(user.unitID == fx.officeB.id)
            #expect(user.mustChangePassword)
            await #expect(throws: (any Error).self) {
                try await run(app, ["user", "create", "--username", "x1", "--role", "boss", "--unit", "VPB"])
            }
            await #expect(throws: (any Error).self) {
                try await run(app, ["user", "create", "--username", "tranvanan", "--role", "viewer", "--unit", "VPB"])
            }
            let before = user.passwordHash
            try await run(app, ["user", "reset-password", "--username", "tranvanan"])
            #expect(try await User.find(user.id, on: app.db)?.passwordHash != before)
            try await run(app, ["token", "create", "--user", "tranvanan"])
            #expect(try await APIToken.query(on: app.db).filter(\.$userID == user.id!).count() == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.tokenCreated.rawValue).count() == 1)
        }
    }

    @Test func seedDemoIsRepeatable() async throws {
        try await TestApp.run { app, _ in
            try await run(app, ["seed-demo"])
            try await run(app, ["seed-demo"])
            #expect(try await OrgUnit.center(on: app.db)?.name == "Trung tâm Công tác xã hội tỉnh Quảng Ninh")
            let offices = try await OrgUnit.query(on: app.db).filter(\.$code ~~ ["HLONG", "CPHA", "UBI", "THCSTD"]).count()
            #expect(offices == 4)
            let roles = Set(try await User.query(on: app.db).all().map(\.role))
            #expect(roles == Set(Role.allCases))
            try await run(app, ["seed-demo", "--calls", "30"])
            #expect(try await Call.query(on: app.db).count() == 30)
            let counselling = try await Call.query(on: app.db).filter(\.$kind == .counselling).all()
            #expect(counselling.allSatisfy { $0.primaryTopic != nil })
        }
    }

    @Test func productionRefusesToStartWithoutItsSecret() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ansinh-cfg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: AppConfig.StartupError.self) {
            try AppConfig.fromEnvironment(["ANSINH_ENV": "production", "ANSINH_DATA_DIR": dir])
        }
        #expect(throws: AppConfig.StartupError.self) {
            try AppConfig.fromEnvironment(["ANSINH_SECRET": "too-short", "ANSINH_DATA_DIR": dir])
        }
        // Outside production a secret is generated once and kept.
        let first = try AppConfig.fromEnvironment(["ANSINH_DATA_DIR": dir])
        let second = try AppConfig.fromEnvironment(["ANSINH_DATA_DIR": dir])
        #expect(first.secret == second.secret)
        #expect(first.secret.count >= 32)
        #expect(first.database == .sqliteFile(path: dir + "/ansinh.sqlite"))
        #expect(first.sessionIdleMinutes == 30)
        let pg = try AppConfig.fromEnvironment(["ANSINH_DATA_DIR": dir, "DATABASE_URL": "postgres://u@db/x",
                                                "ANSINH_SESSION_IDLE_MINUTES": "10", "ANSINH_SECURE_COOKIES": "true"])
        #expect(pg.database == .postgres(url: "postgres://u@db/x"))
        #expect(pg.sessionIdleMinutes == 10)
        #expect(pg.secureCookies)
    }
}
