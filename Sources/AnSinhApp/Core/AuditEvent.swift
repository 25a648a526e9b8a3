import Fluent
import Foundation
import Vapor

/// One line of the append-only audit log. The database refuses updates and deletes of this
/// table (see `CreateAuditEvents`).
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "username") var username: String?
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "action") var action: String
    @OptionalField(key: "entity_type") var entityType: String?
    @OptionalField(key: "entity_id") var entityID: String?
    @OptionalField(key: "ip") var ip: String?
    @OptionalField(key: "request_id") var requestID: String?
    @Field(key: "summary") var summary: String
    /// The create's `Idempotency-Key` (hashed with the account and route), on its audit line.
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?

    init() {}
}

/// What happened. Stable strings: reports and filters use them.
enum AuditAction: String, CaseIterable, Sendable {
    case loginSucceeded = "login.succeeded"
    case loginFailed = "login.failed"
    case loginLocked = "login.locked"
    case loginThrottled = "login.throttled"
    case logout = "logout"
    case sessionExpired = "session.expired"
    case passwordChanged = "password.changed"
    case passwordReset = "password.reset"
    case userCreated = "user.created"
    case userUpdated = "user.updated"
    case userDisabled = "user.disabled"
    case userEnabled = "user.enabled"
    case unitCreated = "unit.created"
    case unitUpdated = "unit.updated"
    case unitDeactivated = "unit.deactivated"
    case unitActivated = "unit.activated"
    case tokenCreated = "token.created"
    case tokenRevoked = "token.revoked"
    case calendarChanged = "calendar.changed"
    case backup = "backup"
    case restore = "restore"
    case hotlineLineCreated = "hotline.line.created"
    case hotlineLineChanged = "hotline.line.changed"
    case callCreated = "call.created"
    case callUpdated = "call.updated"
    case callUndone = "call.undone"
    case exported = "export"
    case callerRevealed = "caller.revealed"
    case topicChanged = "hotline.topic.changed"
    case questionAsked = "expert.question.asked"
    case questionUpdated = "expert.question.updated"
    case handoffCreated = "handoff.created"
    case handoffUpdated = "handoff.updated"
    case personCreated = "person.created"
    case personUpdated = "person.updated"
    case personViewed = "person.viewed"
    case caseCreated = "case.created"
    case caseMoved = "case.moved"
    case caseViewed = "case.viewed"
    case targetSet = "target.set"
    case caseNoteAdded = "case.note.added"
    case followUpDone = "case.followup.done"
    case caseAssessed = "case.assessed"
    case planSubmitted = "case.plan.submitted"
    case planApproved = "case.plan.approved"
    case planReturned = "case.plan.returned"
    case attachmentAdded = "case.attachment.added"
    case attachmentDownloaded = "case.attachment.downloaded"
    case caseParticipantAdded = "case.person.added"
    case caseParticipantRemoved = "case.person.removed"
    case caseAssigned = "case.assigned"
    case caseTeamChanged = "case.team.changed"
    case caseTransferRequested = "case.transfer.requested"
    case caseTransferAccepted = "case.transfer.accepted"
    case caseTransferDeclined = "case.transfer.declined"
    case caseUpdated = "case.updated"
    case personsMerged = "person.merged"
    case caseSettingsChanged = "case.settings.changed"
    case caseDataShared = "case.data.shared"
    /// A module's record created or changed; the line's entity says which record.
    case recordCreated = "record.created"
    case recordUpdated = "record.updated"
}

/// What an audit line is about, stored as its raw value in `entity_type` (the log's links and
/// the idempotent replays read it back). A module names its own records in its folder:
/// `extension AuditEntity { static let staffMember = AuditEntity("staff_member") }`.
struct AuditEntity: RawRepresentable, Hashable, Sendable {
    let rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
    init(_ rawValue: String) { self.rawValue = rawValue }

    static let caseFile = AuditEntity("case")
    static let call = AuditEntity("call")
    static let calls = AuditEntity("calls")
    static let person = AuditEntity("person")
    static let user = AuditEntity("user")
    static let unit = AuditEntity("unit")
    static let target = AuditEntity("target")
    static let report = AuditEntity("report")
    static let handoff = AuditEntity("handoff")
    static let deadline = AuditEntity("deadline")
    static let clientGroup = AuditEntity("clientGroup")
    static let apiToken = AuditEntity("api_token")
    static let swappedDay = AuditEntity("swapped_day")
    static let hotlineTopic = AuditEntity("hotline_topic")
    static let hotlineLine = AuditEntity("hotline_line")
    static let expertQuestion = AuditEntity("expert_question")
}

extension Request {
    /// Records an event in the audit log: the one function every feature calls. The actor
    /// defaults to the signed-in user; login failures name the attempted username instead.
    func audit(
        _ action: AuditAction, entity: AuditEntity? = nil, entityID: String? = nil,
        summary: String, user: User? = nil, on db: (any Database)? = nil
    ) async throws {
        try await auditEvent(action, entity: entity, entityID: entityID, summary: summary, user: user)
            .create(on: db ?? self.db)
    }

    /// The audit line for an event, not yet stored (for writers that store it with other rows).
    func auditEvent(_ action: AuditAction, entity: AuditEntity? = nil, entityID: String? = nil,
                    summary: String, user: User? = nil) -> AuditEvent {
        let actor = user ?? identity?.user
        let event = AuditEvent()
        event.at = application.clock.now()
        event.userID = actor?.id
        event.username = actor?.username
        event.unitID = actor?.unitID
        event.action = action.rawValue
        event.entityType = entity?.rawValue
        event.entityID = entityID
        event.ip = remoteIP
        event.requestID = requestID
        event.summary = String(summary.prefix(500))
        event.idempotencyKey = takeIdempotencyKey()
        return event
    }

    /// The client address: the socket's peer, or the first `X-Forwarded-For` hop when the
    /// server sits behind a reverse proxy on the same host.
    var remoteIP: String? {
        let peer = remoteAddress?.ipAddress
        if let peer, peer == "127.0.0.1" || peer == "::1",
           let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").first {
            return String(forwarded.trimmingCharacters(in: .whitespaces).prefix(45))
        }
        return peer
    }
}
