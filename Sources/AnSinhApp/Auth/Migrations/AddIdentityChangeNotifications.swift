import Fluent
import SQLKit

/// PostgreSQL only: a change to an account or an API token, committed by any process, sends a
/// notification that empties every server's `IdentityCache`. Statement triggers: one
/// notification per statement, and PostgreSQL folds the same notification sent several times
/// in one transaction. (SQLite has no cache to keep true, and nothing here.)
struct AddIdentityChangeNotifications: AsyncMigration {
    static let function = "ansinh_identity_changed"
    static let triggers = [(name: "users_identity_changed", table: User.schema),
                           (name: "api_tokens_identity_changed", table: APIToken.schema)]
    static var triggerNames: [String] { triggers.map(\.name) }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw("""
            CREATE FUNCTION \(ident: Self.function)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify(\(literal: IdentityCache.channel), '');
                RETURN NULL;
            END $$
            """).run()
        for trigger in Self.triggers {
            try await sql.raw("""
                CREATE TRIGGER \(ident: trigger.name) AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(ident: trigger.table)
                FOR EACH STATEMENT EXECUTE FUNCTION \(ident: Self.function)()
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        for trigger in Self.triggers {
            try await sql.raw("DROP TRIGGER \(ident: trigger.name) ON \(ident: trigger.table)").run()
        }
        try await sql.raw("DROP FUNCTION \(ident: Self.function)()").run()
    }
}
