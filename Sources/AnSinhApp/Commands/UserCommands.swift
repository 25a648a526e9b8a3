import AnSinhCore
import Fluent
import Vapor

struct UserCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] = ["create": CreateUser(), "reset-password": ResetPassword()]
    var help: String { "Manage accounts: create, reset-password." }

    struct CreateUser: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "username", help: "Login name (lowercase)") var username: String?
            @Option(name: "role", help: "admin, director, supervisor, caseWorker, counsellor, collaborator or viewer") var role: String?
            @Option(name: "unit", help: "Code of the unit (e.g. CTXH)") var unit: String?
            @Option(name: "password", help: "Initial password; a random one is printed when absent") var password: String?
            @Option(name: "full-name", help: "Full name (defaults to the username)") var fullName: String?
        }
        var help: String { "Creates an account. The user must change the password at first login." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await Bootstrap.prepare(app)
            guard let username = signature.username?.lowercased(), User.isValidUsername(username) else {
                throw CommandFailure("--username is required: 3–32 of a-z, 0-9, '.', '_', '-', starting with a letter")
            }
            guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
                throw CommandFailure("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let code = signature.unit?.uppercased(),
                  let unit = try await OrgUnit.query(on: app.db).filter(\.$code == code).first(), unit.active else {
                throw CommandFailure("--unit must be the code of an active unit")
            }
            if try await User.find(username: username, on: app.db) != nil {
                throw CommandFailure("The username \(username) is taken")
            }
            let password = signature.password ?? TemporaryPassword.generate()
            if let problem = PasswordRules.problems(password: password, username: username).first {
                throw CommandFailure("The password is not acceptable: \(problem)")
            }
            let user = User(username: username, fullName: signature.fullName ?? username,
                            passwordHash: try await app.password.async.hash(password), role: role, unitID: unit.id!)
            try await user.create(on: app.db)
            try await CommandAudit.record(app, .userCreated, entity: .user, entityID: user.id?.uuidString,
                                          summary: "\(username) role=\(role.rawValue) unit=\(code) (command line)")
            context.console.print("Created \(username) (\(role.rawValue)) in \(unit.name).")
            if signature.password == nil { context.console.print("One-time password: \(password)") }
        }
    }

    struct ResetPassword: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "username", help: "The account") var username: String?
        }
        var help: String { "Sets a random one-time password, unlocks the account and ends its sessions." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await Bootstrap.prepare(app)
            guard let name = signature.username, let user = try await User.find(username: name, on: app.db) else {
                throw CommandFailure("No such user")
            }
            let password = TemporaryPassword.generate()
            user.passwordHash = try await app.password.async.hash(password)
            user.mustChangePassword = true
            user.failedLogins = 0
            user.lockedUntil = nil
            user.active = true
            user.version += 1
            try await user.save(on: app.db)
            try await UserSession.query(on: app.db).filter(\.$userID == user.id!).delete()
            try await CommandAudit.record(app, .passwordReset, entity: .user, entityID: user.id?.uuidString,
                                          summary: "\(user.username) (command line)")
            context.console.print("One-time password for \(user.username): \(password)")
        }
    }
}

struct TokenCommands: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] = ["create": CreateToken()]
    var help: String { "Manage API tokens: create." }

    struct CreateToken: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "user", help: "The account the token acts as") var user: String?
            @Option(name: "name", help: "A label for the token") var name: String?
        }
        var help: String { "Creates a personal API token and prints it as the last line." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await Bootstrap.prepare(app)
            guard let name = signature.user, let user = try await User.find(username: name, on: app.db), user.active else {
                throw CommandFailure("--user must name an active account")
            }
            let (token, secret) = try await TokenController.issue(for: user, name: signature.name ?? "command line", on: app.db)
            try await CommandAudit.record(app, .tokenCreated, entity: .apiToken, entityID: token.id?.uuidString,
                                          summary: "\(user.username) (command line)")
            context.console.print("Token for \(user.username) (shown once):")
            context.console.print(secret)
        }
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Audit entries for actions taken on the server's command line (no request, no user).
enum CommandAudit {
    static func record(_ app: Application, _ action: AuditAction, entity: AuditEntity?, entityID: String?, summary: String) async throws {
        let event = AuditEvent()
        event.at = app.clock.now()
        event.action = action.rawValue
        event.entityType = entity?.rawValue
        event.entityID = entityID
        event.summary = summary
        try await event.create(on: app.db)
    }
}
