import Fluent

/// The due time of the call-back a counsellor promised, and when it was made.
struct AddCallbackDue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema(Call.schema).field("callback_due_at", .datetime).update()
        try await database.schema(Call.schema).field("callback_done_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Call.schema).deleteField("callback_done_at").update()
        try await database.schema(Call.schema).deleteField("callback_due_at").update()
    }
}
