import Fluent
import SQLKit

/// Calls by topic (the list's topic filter when few calls carry it, the reports' counts):
/// `call_topics` was indexed by call only.
struct AddCallTopicIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "call_topics_topic").on(CallTopic.schema)
            .column("topic_code").column("call_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "call_topics_topic").run()
    }
}
