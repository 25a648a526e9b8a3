import Fluent
import SQLKit

/// Tables of Vietnam's administrative units: the 2025 model (province → commune), the legacy
/// model (province → district → commune) and the official conversion table. Codes are text,
/// leading zeros kept. `name_key` is the folded name for search.
struct CreateAdministrativeUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "adm_provinces")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull).column("type", type: .text, .notNull)
            .column("name_key", type: .text, .notNull).run()
        try await sql.create(table: "adm_communes")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull).column("type", type: .text, .notNull)
            .column("province_code", type: .text, .notNull, .references("adm_provinces", "code"))
            .column("name_key", type: .text, .notNull).run()
        try await sql.create(table: "adm_legacy_provinces")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull).column("type", type: .text, .notNull).run()
        try await sql.create(table: "adm_legacy_districts")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull).column("type", type: .text, .notNull)
            .column("province_code", type: .text, .notNull, .references("adm_legacy_provinces", "code")).run()
        try await sql.create(table: "adm_legacy_communes")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull).column("type", type: .text, .notNull)
            .column("district_code", type: .text, .notNull, .references("adm_legacy_districts", "code"))
            .column("province_code", type: .text, .notNull, .references("adm_legacy_provinces", "code")).run()
        try await sql.create(table: "adm_commune_conversions")
            .column("legacy_code", type: .text, .notNull, .references("adm_legacy_communes", "code"))
            .column("new_code", type: .text, .notNull, .references("adm_communes", "code"))
            .column("portion", type: .text, .notNull)
            .primaryKey("legacy_code", "new_code").run()
        try await sql.create(index: "adm_communes_province_key").on("adm_communes").column("province_code").column("name_key").run()
        try await sql.create(index: "adm_commune_conversions_new").on("adm_commune_conversions").column("new_code").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["adm_commune_conversions", "adm_legacy_communes", "adm_legacy_districts",
                      "adm_legacy_provinces", "adm_communes", "adm_provinces"] {
            try await database.schema(table).delete()
        }
    }
}
