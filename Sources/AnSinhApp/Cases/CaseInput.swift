import AnSinhCore
import Foundation
import Vapor

struct CaseInput: Content {
    var type: String?
    var personId: UUID?
    var clientGroups: [String]?
    var source: String?
    /// ISO 8601 with an offset.
    var receivedAt: String?
    var protectionLevel: String?
    var riskLevel: String?
    var restricted: Bool?
    var summary: String?
    var assignedTo: UUID?
    var sourceCallId: UUID?
    /// For a change (PATCH): the version read.
    var version: Int?
}

struct TransitionInput: Content {
    var to: String?
    var reason: String?
    var closureReason: String?
    /// The outcome evaluation written at closure.
    var outcome: String?
    /// When the step happened, if earlier than now (entering a paper file): ISO 8601 with an
    /// offset, not before the case's previous step.
    var at: String?
    var version: Int?
}

struct CaseOutput: Content {
    struct Transition: Content {
        let from: String?
        let to: String
        let at: String
        let by: UUID?
        let reason: String?
    }

    let id: UUID
    let number: String
    let type: String
    let source: String
    let receivedAt: String
    let personId: UUID
    let clientGroups: [String]
    let protectionLevel: String?
    let riskLevel: String?
    let state: String
    let assignedTo: UUID?
    let restricted: Bool
    let summary: String?
    let sourceCallId: UUID?
    let unitId: UUID
    let initialDueAt: String
    let planDueAt: String
    /// The deadline of the current step, and whether it has passed.
    let dueAt: String?
    let overdue: Bool
    let closureReason: String?
    let outcome: String?
    let closedAt: String?
    let version: Int
    let transitions: [Transition]?

    init(_ c: CaseFile, groups: [String], transitions: [CaseTransition]? = nil, now: Date) {
        id = c.id!
        number = c.number
        type = c.type.rawValue
        source = c.source.rawValue
        receivedAt = ISODateTime.format(c.receivedAt)
        personId = c.personID
        clientGroups = groups
        protectionLevel = c.protectionLevel?.rawValue
        riskLevel = c.riskLevel?.rawValue
        state = c.state.rawValue
        assignedTo = c.assignedTo
        restricted = c.restricted
        summary = c.summary
        sourceCallId = c.sourceCallID
        unitId = c.unitID
        initialDueAt = ISODateTime.format(c.initialDueAt)
        planDueAt = ISODateTime.format(c.planDueAt)
        dueAt = c.currentDueAt.map(ISODateTime.format)
        overdue = c.currentDueAt.map { $0 < now } ?? false
        closureReason = c.closureReason?.rawValue
        outcome = c.outcome
        closedAt = c.closedAt.map(ISODateTime.format)
        version = c.version
        self.transitions = transitions?.map {
            Transition(from: $0.fromState?.rawValue, to: $0.toState.rawValue, at: ISODateTime.format($0.at), by: $0.by, reason: $0.reason)
        }
    }
}
