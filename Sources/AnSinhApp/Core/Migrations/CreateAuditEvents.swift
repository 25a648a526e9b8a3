import Fluent
import SQLKit

/// The audit log, made append-only by the database itself: triggers refuse UPDATE and DELETE,
/// so not even a bug in the program can rewrite history.
struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("at", .datetime, .required)
            .field("user_id", .uuid)
            .field("username", .string)
            .field("unit_id", .uuid)
            .field("action", .string, .required)
            .field("entity_type", .string)
            .field("entity_id", .string)
            .field("ip", .string)
            .field("request_id", .string)
            .field("summary", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_events_at").on(AuditEvent.schema).column("at").run()
        try await sql.create(index: "audit_events_user_at").on(AuditEvent.schema).column("user_id").column("at").run()
        try await sql.create(index: "audit_events_entity").on(AuditEvent.schema).column("entity_type").column("entity_id").run()
        switch sql.dialect.name {
        case "sqlite":
            try await sql.raw("""
                CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
                """).run()
        default: // PostgreSQL
            try await sql.raw("""
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).delete()
    }
}
