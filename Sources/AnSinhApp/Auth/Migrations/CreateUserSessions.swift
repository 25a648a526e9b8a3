import Fluent
import SQLKit

struct CreateUserSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("ip", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "user_sessions_user").on(UserSession.schema).column("user_id").run()
        try await sql.create(index: "user_sessions_last_seen").on(UserSession.schema).column("last_seen_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserSession.schema).delete()
    }
}
