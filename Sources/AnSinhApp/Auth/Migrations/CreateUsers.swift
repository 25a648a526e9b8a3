import Fluent
import SQLKit

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("created_by", .uuid)
            .field("version", .int, .required)
            .field("username", .string, .required)
            .field("full_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("active", .bool, .required)
            .field("must_change_password", .bool, .required)
            .field("failed_logins", .int, .required)
            .field("locked_until", .datetime)
            .field("language", .string)
            .field("last_login_at", .datetime)
            .unique(on: "username")
            .create()
        try await (database as! any SQLDatabase).create(index: "users_unit").on(User.schema).column("unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
