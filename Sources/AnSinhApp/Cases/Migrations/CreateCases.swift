import Fluent
import SQLKit

/// Case files, their client groups, their moves, their teams, and the per-unit yearly counters
/// that number them.
struct CreateCases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseFile.schema)
            .id()
            .field("created_at", .datetime).field("updated_at", .datetime)
            .field("created_by", .uuid, .references(User.schema, "id"))
            .field("version", .int, .required)
            .field("number", .string, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("type", .string, .required).field("source", .string, .required)
            .field("received_at", .datetime, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("protection_level", .string).field("risk_level", .string)
            .field("state", .string, .required)
            .field("assigned_to", .uuid, .references(User.schema, "id"))
            .field("restricted", .bool, .required)
            .field("summary", .string)
            .field("source_call_id", .uuid, .references(Call.schema, "id"))
            .field("initial_due_at", .datetime, .required).field("plan_due_at", .datetime, .required)
            .field("closure_reason", .string).field("outcome", .string).field("closed_at", .datetime)
            .unique(on: "number")
            .create()
        try await database.schema(CaseClientGroup.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("code", .string, .required)
            .unique(on: "case_id", "code")
            .create()
        try await database.schema(CaseTransition.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("from_state", .string).field("to_state", .string, .required)
            .field("at", .datetime, .required)
            .field("by", .uuid, .references(User.schema, "id"))
            .field("reason", .string)
            .create()
        try await database.schema(CaseTeamMember.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .unique(on: "case_id", "user_id")
            .create()
        try await database.schema("case_counters")
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("year", .int, .required).field("last", .int, .required)
            .compositeIdentifier(over: "unit_id", "year")
            .create()
        let sql = database as! any SQLDatabase
        // A worker's list, the unit's open cases, and reports by date of receipt.
        try await sql.raw("CREATE INDEX cases_assigned ON cases (assigned_to, state)").run()
        try await sql.raw("CREATE INDEX cases_unit_received ON cases (unit_id, received_at)").run()
        try await sql.raw("CREATE INDEX cases_received ON cases (received_at)").run()
        try await sql.raw("CREATE INDEX cases_closed ON cases (closed_at)").run()
        try await sql.raw("CREATE INDEX cases_person ON cases (person_id)").run()
        try await sql.raw("CREATE INDEX case_client_groups_code ON case_client_groups (code, case_id)").run()
        try await sql.raw("CREATE INDEX case_transitions_case ON case_transitions (case_id, at)").run()
        try await sql.raw("CREATE INDEX case_team_user ON case_team (user_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["case_counters", CaseTeamMember.schema, CaseTransition.schema, CaseClientGroup.schema, CaseFile.schema] {
            try await database.schema(table).delete()
        }
    }
}
