import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// A person related to a case besides the person it is about: a caregiver, a family member, an
/// alleged abuser. Abusers' names and details are shown to the case team only.
final class CaseParticipant: Model, @unchecked Sendable {
    static let schema = "case_persons"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "role") var role: CaseRole
    @OptionalField(key: "details") var details: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

enum TransferStatus: String, Codable, CaseIterable, Sendable {
    case pending, accepted, declined
}

/// A request to hand a case to another unit (the client moved, or another office is nearer).
/// The receiving unit's supervisor or the director accepts or declines it; until then the case
/// stays where it is.
final class CaseTransfer: Model, @unchecked Sendable {
    static let schema = "case_transfers"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "from_unit_id") var fromUnitID: UUID
    @Field(key: "to_unit_id") var toUnitID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "status") var status: TransferStatus
    @OptionalField(key: "requested_by") var requestedBy: UUID?
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "comment") var comment: String?

    init() {}
}

struct CreateCaseParticipantsAndTransfers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseParticipant.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("role", .string, .required).field("details", .string)
            .field("created_by", .uuid, .references(User.schema, "id")).field("created_at", .datetime)
            .unique(on: "case_id", "person_id")
            .create()
        try await database.schema(CaseTransfer.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id", onDelete: .cascade))
            .field("from_unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("to_unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("reason", .string, .required).field("status", .string, .required)
            .field("requested_by", .uuid, .references(User.schema, "id")).field("requested_at", .datetime, .required)
            .field("decided_by", .uuid, .references(User.schema, "id")).field("decided_at", .datetime)
            .field("comment", .string)
            .create()
        let sql = database as! any SQLDatabase
        // A person's other cases (and the merge of two person records) go through person_id.
        try await sql.raw("CREATE INDEX case_persons_person ON case_persons (person_id)").run()
        try await sql.raw("CREATE INDEX case_transfers_to ON case_transfers (to_unit_id, status)").run()
        try await sql.raw("CREATE INDEX case_transfers_case ON case_transfers (case_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseTransfer.schema).delete()
        try await database.schema(CaseParticipant.schema).delete()
    }
}
