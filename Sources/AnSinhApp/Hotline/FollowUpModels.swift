import AnSinhCore
import Fluent
import Foundation

/// A member of the advisory council of experts the counsellors pass hard questions to.
final class ExpertMember: Model, @unchecked Sendable {
    static let schema = "expert_members"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "name") var name: String
    @Field(key: "field") var field: ExpertField
    @Field(key: "contact") var contact: String
    @Field(key: "active") var active: Bool

    init() {}
}

/// A question from a call sent to an expert; the answer goes back to the counsellor's work list
/// until they have called the person back.
final class ExpertQuestion: Model, @unchecked Sendable {
    static let schema = "expert_questions"

    @ID(key: .id) var id: UUID?
    @Field(key: "call_id") var callID: UUID
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "member_id") var memberID: UUID
    @Field(key: "question") var question: String
    @Field(key: "asked_at") var askedAt: Date
    @Field(key: "asked_by") var askedBy: UUID
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "called_back_at") var calledBackAt: Date?
    @Field(key: "version") var version: Int

    init() {}
}

/// A call handed on to another hotline or reported to the police, with its status.
final class Handoff: Model, @unchecked Sendable {
    static let schema = "handoffs"

    @ID(key: .id) var id: UUID?
    @Field(key: "call_id") var callID: UUID
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "target") var target: HandoffTarget
    @Field(key: "status") var status: HandoffStatus
    @Field(key: "note") var note: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID
    @OptionalField(key: "updated_at") var updatedAt: Date?
    @Field(key: "version") var version: Int

    init() {}
}

extension ExpertQuestion: Versioned {}
extension Handoff: Versioned {}

extension ExpertQuestion: UnitOwned { static var unitKey: KeyPath<ExpertQuestion, FieldProperty<ExpertQuestion, UUID>> { \.$unitID } }

extension Handoff: UnitOwned { static var unitKey: KeyPath<Handoff, FieldProperty<Handoff, UUID>> { \.$unitID } }
