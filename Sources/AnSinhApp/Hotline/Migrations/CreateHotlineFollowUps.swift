import Fluent
import SQLKit

/// The expert council, questions sent to it from calls, and hand-offs of calls.
struct CreateHotlineFollowUps: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ExpertMember.schema)
            .id()
            .field("created_at", .datetime).field("created_by", .uuid)
            .field("name", .string, .required).field("field", .string, .required)
            .field("contact", .string, .required).field("active", .bool, .required)
            .create()
        try await database.schema(ExpertQuestion.schema)
            .id()
            .field("call_id", .uuid, .required, .references(Call.schema, "id"))
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("member_id", .uuid, .required, .references(ExpertMember.schema, "id"))
            .field("question", .string, .required)
            .field("asked_at", .datetime, .required).field("asked_by", .uuid, .required, .references(User.schema, "id"))
            .field("answer", .string).field("answered_at", .datetime).field("called_back_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await database.schema(Handoff.schema)
            .id()
            .field("call_id", .uuid, .required, .references(Call.schema, "id"))
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("target", .string, .required).field("status", .string, .required).field("note", .string, .required)
            .field("created_at", .datetime, .required).field("created_by", .uuid, .required, .references(User.schema, "id"))
            .field("updated_at", .datetime).field("version", .int, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "expert_questions_asked_by").on(ExpertQuestion.schema).column("asked_by").run()
        try await sql.create(index: "expert_questions_call").on(ExpertQuestion.schema).column("call_id").run()
        try await sql.create(index: "handoffs_call").on(Handoff.schema).column("call_id").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [Handoff.schema, ExpertQuestion.schema, ExpertMember.schema] {
            try await database.schema(schema).delete()
        }
    }
}
