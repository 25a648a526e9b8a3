import Fluent
import SQLKit

/// Forms sent after their session expired, waiting for their owner's next login (`HeldForm`).
struct CreateHeldForms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(HeldForm.schema)
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("sealed", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "held_forms_created").on(HeldForm.schema).column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HeldForm.schema).delete()
    }
}
