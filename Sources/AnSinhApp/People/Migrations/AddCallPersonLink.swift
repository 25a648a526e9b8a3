import Fluent

/// The person record a call is about, once it is known.
struct AddCallPersonLink: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Call.schema).field("person_id", .uuid, .references(Person.schema, "id")).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Call.schema).deleteField("person_id").update()
    }
}
