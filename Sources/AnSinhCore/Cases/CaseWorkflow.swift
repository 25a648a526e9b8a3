/// The legal steps of a case (Decree 56/2017 ch. III for child protection, Circular 02/2020 for
/// social work clients) as states and the moves allowed between them.
public enum CaseState: String, CaseIterable, Codable, Sendable {
    case received, initialAssessment, emergencyIntervention, assessment, planning, planApproved, inProgress, review, closed, reopened

    public var isOpen: Bool { self != .closed }
}

/// Who moves a case and with what: enough for the workflow to decide.
public struct TransitionContext: Sendable {
    public var actorMayApprove: Bool
    /// The actor wrote the plan being approved.
    public var actorWrotePlan: Bool
    /// An approved plan version is in force, or the move is the approval of one.
    public var planInForce: Bool
    public var reason: String?
    public var closureReason: ClosureReason?

    public init(actorMayApprove: Bool, actorWrotePlan: Bool = false, planInForce: Bool = false, reason: String? = nil,
                closureReason: ClosureReason? = nil) {
        self.actorMayApprove = actorMayApprove
        self.actorWrotePlan = actorWrotePlan
        self.planInForce = planInForce
        self.reason = reason
        self.closureReason = closureReason
    }
}

public enum CaseWorkflow {
    /// Why a move is refused.
    public enum Refusal: Error, Equatable, Sendable {
        /// No such step from this state.
        case notAllowed(from: CaseState, to: CaseState)
        /// Closing needs a closure reason; reopening and going back need a written reason.
        case reasonRequired
        case closureReasonRequired
        /// Approving a plan or a closure is for a supervisor or the director.
        case approverRequired
        /// No one approves their own plan.
        case ownPlan
        /// "Plan approved" and the work on it need an approved plan version: without one the
        /// case would leave the overdue list with nothing agreed.
        case approvedPlanRequired
    }

    /// The steps each state may go to.
    public static let moves: [CaseState: Set<CaseState>] = [
        .received: [.initialAssessment],
        .initialAssessment: [.emergencyIntervention, .assessment],
        .emergencyIntervention: [.assessment],
        .assessment: [.planning],
        .planning: [.planApproved],
        // A returned or revised plan goes back to planning.
        .planApproved: [.inProgress, .planning],
        .inProgress: [.review, .planning],
        // After a review: close, or plan again.
        .review: [.closed, .planning, .inProgress],
        .closed: [.reopened],
        .reopened: [.assessment],
    ]

    /// Moves that go backwards in the procedure and must say why.
    static let needReason: Set<[CaseState]> = [[.planApproved, .planning], [.inProgress, .planning], [.review, .planning],
                                                [.review, .inProgress], [.closed, .reopened]]

    /// Whether a move can be taken back by the move the other way ("plan approved" back to
    /// planning); the others (a step done, a case closed) ask for confirmation on the page.
    public static func isUndoable(from: CaseState, to: CaseState) -> Bool {
        moves[to]?.contains(from) == true
    }

    /// Nil when the move is allowed, else why not.
    public static func check(from: CaseState, to: CaseState, _ context: TransitionContext) -> Refusal? {
        guard moves[from]?.contains(to) == true else { return .notAllowed(from: from, to: to) }
        if needReason.contains([from, to]), (context.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            return .reasonRequired
        }
        switch to {
        case .planApproved:
            guard context.actorMayApprove else { return .approverRequired }
            if context.actorWrotePlan { return .ownPlan }
            guard context.planInForce else { return .approvedPlanRequired }
        case .inProgress, .review:
            // Work and its review follow a plan; the states before them guarantee one only
            // as long as nobody moved a case around the plan decision.
            guard context.planInForce else { return .approvedPlanRequired }
        case .closed:
            guard context.closureReason != nil else { return .closureReasonRequired }
            guard context.actorMayApprove else { return .approverRequired }
        default:
            break
        }
        return nil
    }
}
