import Fluent
import SQLKit

/// Calls the telephone system logged and no one has completed yet, per unit: a small partial
/// index, since the work list asks for them on every visit and they are few among many calls.
struct AddIncompleteCallIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX calls_incomplete ON calls (unit_id, started_at) WHERE incomplete").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX calls_incomplete").run()
    }
}
