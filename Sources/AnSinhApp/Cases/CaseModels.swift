import AnSinhCore
import Fluent
import Foundation

/// A case file (hồ sơ trường hợp): one person's path through the legal steps.
final class CaseFile: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    /// `{unitCode}-{year}-{sequence}`, e.g. `HLONG-2026-0007`; unique.
    @Field(key: "number") var number: String
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "type") var type: CaseType
    @Field(key: "source") var source: CaseSource
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "protection_level") var protectionLevel: ProtectionLevel?
    @OptionalField(key: "risk_level") var riskLevel: RiskLevel?
    @Field(key: "state") var state: CaseState
    @OptionalField(key: "assigned_to") var assignedTo: UUID?
    /// Visible only to the case team, supervisors of the unit and the director (e.g. sexual abuse).
    @Field(key: "restricted") var restricted: Bool
    @OptionalField(key: "summary") var summary: String?
    /// The hotline call the case came from, if any.
    @OptionalField(key: "source_call_id") var sourceCallID: UUID?
    /// Deadlines from the receipt (`CaseDeadlines`), kept for the overdue lists.
    @Field(key: "initial_due_at") var initialDueAt: Date
    @Field(key: "plan_due_at") var planDueAt: Date
    @OptionalField(key: "closure_reason") var closureReason: ClosureReason?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}

    /// The deadline of the current step, if the step has one.
    var currentDueAt: Date? {
        switch state {
        case .received, .initialAssessment, .emergencyIntervention: initialDueAt
        case .assessment, .planning: planDueAt
        case .planApproved, .inProgress, .review, .closed, .reopened: nil
        }
    }
}

extension CaseFile: Versioned {}

/// The client groups of a case, one row per code (reports count cases by group).
final class CaseClientGroup: Model, @unchecked Sendable {
    static let schema = "case_client_groups"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "code") var code: String

    init() {}

    init(caseID: UUID, code: String) {
        self.id = UUID()
        self.caseID = caseID
        self.code = code
    }
}

/// Each move of a case: who, when, from where to where, and why.
final class CaseTransition: Model, @unchecked Sendable {
    static let schema = "case_transitions"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @OptionalField(key: "from_state") var fromState: CaseState?
    @Field(key: "to_state") var toState: CaseState
    @Field(key: "at") var at: Date
    @OptionalField(key: "by") var by: UUID?
    @OptionalField(key: "reason") var reason: String?

    init() {}

    init(caseID: UUID, from: CaseState?, to: CaseState, at: Date, by: UUID?, reason: String?) {
        self.id = UUID()
        self.caseID = caseID
        self.fromState = from
        self.toState = to
        self.at = at
        self.by = by
        self.reason = reason
    }
}

/// The case team: who may open a restricted case besides supervisors and the director.
final class CaseTeamMember: Model, @unchecked Sendable {
    static let schema = "case_team"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "user_id") var userID: UUID

    init() {}

    init(caseID: UUID, userID: UUID) {
        self.id = UUID()
        self.caseID = caseID
        self.userID = userID
    }
}

extension CaseFile: UnitOwned { static var unitKey: KeyPath<CaseFile, FieldProperty<CaseFile, UUID>> { \.$unitID } }
