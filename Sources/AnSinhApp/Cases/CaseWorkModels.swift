import AnSinhCore
import Fluent
import Foundation
import SQLKit

/// A contact with the client or family: a home visit, a call, a meeting. A follow-up date puts
/// it in the worker's list until it is done.
final class CaseNote: Model, @unchecked Sendable {
    static let schema = "case_notes"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "kind") var kind: ContactKind
    /// Local date of the contact, `YYYY-MM-DD`.
    @Field(key: "on_date") var onDate: String
    @Field(key: "narrative") var narrative: String
    @OptionalField(key: "next_step") var nextStep: String?
    @OptionalField(key: "follow_up_on") var followUpOn: String?
    @Field(key: "follow_up_done") var followUpDone: Bool
    @OptionalField(key: "author") var author: UUID?
    /// Optimistic locking: two changes of one note conflict instead of one overwriting the other.
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

extension CaseNote: Versioned {}

/// An assessment: the initial risk assessment (four dimensions), the needs assessment (eight
/// domains) or a case conference. Its details are kept as JSON of the matching `…Details` type.
final class CaseAssessment: Model, @unchecked Sendable {
    static let schema = "case_assessments"

    enum Kind: String, Codable, CaseIterable {
        case risk, needs, conference
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "kind") var kind: Kind
    @Field(key: "at") var at: Date
    /// For a risk assessment: the overall level (the case's risk history).
    @OptionalField(key: "overall_risk") var overallRisk: RiskLevel?
    @Field(key: "details") var details: String
    @OptionalField(key: "author") var author: UUID?

    init() {}
}

/// One version of a case's plan. A revision is a new row; earlier versions stay.
final class CasePlan: Model, @unchecked Sendable {
    static let schema = "case_plans"

    enum Status: String, Codable, CaseIterable {
        /// Waiting for a supervisor's or the director's decision.
        case submitted
        case approved
        /// Sent back with a comment.
        case returned
        /// Replaced by a later approved version.
        case superseded
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "version_no") var versionNo: Int
    @Field(key: "status") var status: Status
    /// `[PlanGoal]` as JSON.
    @Field(key: "goals") var goals: String
    @OptionalField(key: "author") var author: UUID?
    @Field(key: "submitted_at") var submittedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decision_comment") var decisionComment: String?

    init() {}
}

struct PlanGoal: Codable, Equatable, Sendable {
    struct Action: Codable, Equatable, Sendable {
        var what: String
        /// A staff member or a partner, as written.
        var who: String
        /// `YYYY-MM-DD`.
        var due: String?
        var status: String?
    }

    var goal: String
    var actions: [Action]
}

struct RiskDetails: Codable, Equatable, Sendable {
    var harm: RiskLevel
    var abuserAccess: RiskLevel
    var careObstacles: RiskLevel
    var childCapacity: RiskLevel
    var notes: String?
}

struct NeedsDetails: Codable, Equatable, Sendable {
    struct Domain: Codable, Equatable, Sendable {
        var domain: NeedsDomain
        var needs: String
        var strengths: String?
    }

    var domains: [Domain]
}

struct ConferenceDetails: Codable, Equatable, Sendable {
    var date: String
    var participants: String
    var decisions: String
}

struct CreateCaseWork: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseNote.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required).field("on_date", .string, .required)
            .field("narrative", .string, .required).field("next_step", .string)
            .field("follow_up_on", .string).field("follow_up_done", .bool, .required)
            .field("author", .uuid, .references(User.schema, "id")).field("created_at", .datetime)
            .create()
        try await database.schema(CaseAssessment.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required).field("at", .datetime, .required)
            .field("overall_risk", .string).field("details", .string, .required)
            .field("author", .uuid, .references(User.schema, "id"))
            .create()
        try await database.schema(CasePlan.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("version_no", .int, .required).field("status", .string, .required)
            .field("goals", .string, .required)
            .field("author", .uuid, .references(User.schema, "id")).field("submitted_at", .datetime, .required)
            .field("decided_by", .uuid, .references(User.schema, "id")).field("decided_at", .datetime)
            .field("decision_comment", .string)
            .unique(on: "case_id", "version_no")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX case_notes_case ON case_notes (case_id, on_date)").run()
        try await sql.raw("CREATE INDEX case_notes_follow_up ON case_notes (follow_up_on) WHERE NOT follow_up_done").run()
        try await sql.raw("CREATE INDEX case_assessments_case ON case_assessments (case_id, at)").run()
        try await sql.raw("CREATE INDEX case_plans_status ON case_plans (status, case_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in [CasePlan.schema, CaseAssessment.schema, CaseNote.schema] { try await database.schema(table).delete() }
    }
}
