import Fluent
import SQLKit

/// Persons, their phones and the word index their names are searched with.
struct CreatePeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .id()
            .field("created_at", .datetime).field("updated_at", .datetime)
            .field("created_by", .uuid, .references(User.schema, "id"))
            .field("version", .int, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("full_name", .string, .required).field("search_key", .string, .required)
            .field("sex", .string, .required)
            .field("birth_precision", .string).field("birth_year", .int).field("birth_month", .int).field("birth_day", .int)
            .field("ethnicity", .string).field("id_number", .string)
            .field("province_code", .string).field("commune_code", .string).field("address_line", .string)
            .field("legacy_commune_code", .string).field("school_or_occupation", .string)
            .field("groups", .string, .required)
            .field("disability_type", .string).field("disability_severity", .string).field("poverty_status", .string)
            .field("notes", .string)
            .create()
        try await database.schema(PersonPhone.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("phone", .string, .required).field("position", .int, .required)
            .unique(on: "person_id", "phone")
            .create()
        let sql = database as! any SQLDatabase
        // Duplicate checks: the same folded name born about the same year; the same ID number.
        try await sql.raw("CREATE INDEX persons_name_year ON persons (search_key, birth_year)").run()
        // Partial: most persons have no ID number on file, and with every NULL in the index its
        // statistics made SQLite's planner prefer a full scan for `id_number = ?`.
        try await sql.raw("CREATE INDEX persons_id_number ON persons (id_number) WHERE id_number IS NOT NULL").run()
        try await sql.raw("CREATE INDEX person_phones_phone ON person_phones (phone)").run()
        // One row per word of each name, with what ranking and scope need, so that a search reads
        // only this index until it has its answer (see PersonSearch). Byte order ("C") so that a
        // prefix is a range; on SQLite a WITHOUT ROWID table is that index itself.
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE TABLE person_name_tokens (
                    token TEXT NOT NULL, person_id BLOB NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
                    search_key TEXT NOT NULL, birth_year INTEGER, unit_id BLOB NOT NULL,
                    PRIMARY KEY (token, person_id)) WITHOUT ROWID
                """).run()
        } else {
            try await sql.raw("""
                CREATE TABLE person_name_tokens (
                    token TEXT COLLATE "C" NOT NULL, person_id UUID NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
                    search_key TEXT NOT NULL, birth_year INTEGER, unit_id UUID NOT NULL,
                    PRIMARY KEY (token, person_id))
                """).run()
        }
        try await sql.raw("CREATE INDEX person_name_tokens_person ON person_name_tokens (person_id)").run()
        if sql.dialect.name != "sqlite" {
            // PostgreSQL keeps rows apart from the primary key: a covering index lets a search
            // read names, years and units from the index alone (an index-only scan).
            try await sql.raw("""
                CREATE INDEX person_name_tokens_covering ON person_name_tokens (token) INCLUDE (person_id, search_key, birth_year, unit_id)
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE person_name_tokens").run()
        try await database.schema(PersonPhone.schema).delete()
        try await database.schema(Person.schema).delete()
    }
}
