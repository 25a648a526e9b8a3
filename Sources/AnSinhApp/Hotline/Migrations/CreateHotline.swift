import AnSinhCore
import Fluent
import SQLKit

/// Lines, the topic taxonomy (seeded with the default topics), calls and their topics.
struct CreateHotline: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(HotlineLine.schema)
            .id()
            .field("created_at", .datetime).field("created_by", .uuid).field("version", .int, .required)
            .field("number", .string, .required).field("name", .string, .required)
            .field("hours", .string, .required).field("active", .bool, .required)
            .unique(on: "number")
            .create()
        try await database.schema(HotlineTopic.schema)
            .field("code", .string, .identifier(auto: false))
            .field("parent_code", .string, .references(HotlineTopic.schema, "code"))
            .field("label_vi", .string, .required).field("label_en", .string, .required)
            .field("retired", .bool, .required).field("sort", .int, .required)
            .create()
        try await database.schema(Call.schema)
            .id()
            .field("created_at", .datetime).field("updated_at", .datetime).field("created_by", .uuid)
            .field("version", .int, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("line_id", .uuid, .required, .references(HotlineLine.schema, "id"))
            .field("channel", .string, .required).field("direction", .string, .required)
            .field("started_at", .datetime, .required).field("ended_at", .datetime)
            .field("counsellor_id", .uuid, .references(User.schema, "id"))
            .field("kind", .string, .required).field("incomplete", .bool, .required)
            .field("primary_topic", .string, .references(HotlineTopic.schema, "code"))
            .field("urgency", .string)
            .field("caller_name", .string).field("caller_phone", .string).field("caller_phone_hash", .string)
            .field("caller_sex", .string).field("caller_age_group", .string).field("caller_relation", .string)
            .field("person_is_child", .bool).field("person_sex", .string).field("person_age_group", .string)
            .field("person_province_code", .string).field("person_commune_code", .string)
            .field("summary", .string).field("actions", .string, .required).field("callback_consent", .bool, .required)
            .create()
        try await database.schema(CallTopic.schema)
            .id()
            .field("call_id", .uuid, .required, .references(Call.schema, "id"))
            .field("topic_code", .string, .required, .references(HotlineTopic.schema, "code"))
            .field("position", .int, .required)
            .unique(on: "call_id", "topic_code")
            .create()
        let sql = database as! any SQLDatabase
        // Reports and lists go by period (the unit scope is filtered row by row: an index on
        // (unit_id, started_at) made SQLite sort a whole unit's calls for each page of the list);
        // repeat callers by hash.
        // (started_at, id): the list's order (newest first, id to break ties) read straight from the index.
        try await sql.create(index: "calls_started").on(Call.schema).column("started_at").column("id").run()
        try await sql.create(index: "calls_phone_hash").on(Call.schema).column("caller_phone_hash").run()
        try await sql.create(index: "call_topics_call").on(CallTopic.schema).column("call_id").run()
        for (i, topic) in HotlineTaxonomy.defaultTopics.enumerated() {
            try await HotlineTopic(topic, sort: i).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [CallTopic.schema, Call.schema, HotlineTopic.schema, HotlineLine.schema] {
            try await database.schema(schema).delete()
        }
    }
}
