import Fluent
import SQLKit

struct CreateUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrgUnit.schema)
            .id()
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("created_by", .uuid)
            .field("version", .int, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("parent_id", .uuid, .references(OrgUnit.schema, "id"))
            .field("province_code", .string)
            .field("commune_code", .string)
            .field("address_detail", .string)
            .field("phone", .string)
            .field("active", .bool, .required)
            .unique(on: "code")
            .create()
        try await (database as! any SQLDatabase).create(index: "units_parent").on(OrgUnit.schema).column("parent_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrgUnit.schema).delete()
    }
}
