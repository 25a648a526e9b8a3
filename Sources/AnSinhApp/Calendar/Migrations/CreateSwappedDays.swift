import Fluent

struct CreateSwappedDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SwappedDayRecord.schema)
            .id()
            .field("created_at", .datetime)
            .field("created_by", .uuid)
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("note", .string, .required)
            .unique(on: "date")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SwappedDayRecord.schema).delete()
    }
}
