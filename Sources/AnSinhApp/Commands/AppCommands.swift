import Vapor

/// The `ansinh` subcommands besides Vapor's `serve` and `routes`.
enum AppCommands {
    static func register(_ app: Application) {
        app.asyncCommands.use(MigrateCommand(), as: "migrate")
        app.asyncCommands.use(UserCommands(), as: "user")
        app.asyncCommands.use(TokenCommands(), as: "token")
        app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
        app.asyncCommands.use(BackupCommand(), as: "backup")
        // Listed here for `ansinh --help`; `main.swift` runs it without configuring the app
        // (`RestoreCommand.prepare`), since a configured app has already filled its data directory.
        app.asyncCommands.use(RestoreCommand(), as: "restore")
    }
}

/// Creates the center and the first administrator on a new installation.
public enum Bootstrap {
    /// Runs the migrations and makes sure a center and an administrator exist. Safe to call on
    /// every start.
    public static func prepare(_ app: Application) async throws {
        try await app.autoMigrate()
        try await ensureCenterAndAdmin(app)
    }

    static func ensureCenterAndAdmin(_ app: Application) async throws {
        let db = app.db
        var center = try await OrgUnit.center(on: db)
        if center == nil {
            let unit = OrgUnit(name: "Trung tâm Công tác xã hội", kind: .center, code: "CTXH", parentID: nil)
            try await unit.create(on: db)
            center = unit
        }
        guard try await User.query(on: db).count() == 0, let centerID = center?.id else { return }
        let configured = app.ansinh.adminPassword
        if configured == nil, app.ansinh.isProduction {
            throw AppConfig.StartupError(description: "ANSINH_ENV=production with no accounts needs ANSINH_ADMIN_PASSWORD for the first administrator.")
        }
        let password = configured ?? TemporaryPassword.generate()
        let admin = User(username: "admin", fullName: "Quản trị hệ thống", passwordHash: try await app.password.async.hash(password),
                         role: .admin, unitID: centerID, mustChangePassword: true)
        try await admin.create(on: db)
        try await CommandAudit.record(app, .userCreated, entity: .user, entityID: admin.id?.uuidString,
                                      summary: "first administrator created at start-up")
        if configured == nil {
            // Printed once: the password is not stored anywhere in clear.
            app.logger.notice("Created the administrator 'admin' with the one-time password: \(password) (it must be changed at first login)")
        } else {
            app.logger.notice("Created the administrator 'admin' with the password from ANSINH_ADMIN_PASSWORD (it must be changed at first login)")
        }
    }
}

struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Creates or updates the database tables (also done by serve on start)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await Bootstrap.prepare(context.application)
        context.console.print("Migrations are up to date.")
    }
}
