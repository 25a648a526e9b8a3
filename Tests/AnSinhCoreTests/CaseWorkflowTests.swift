import AnSinhCore
import Foundation
import Testing

private func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d)! }

@Suite("Case workflow")
struct CaseWorkflowTests {
    /// Every allowed move, with what it needs; everything else is refused.
    static let allowed: Set<[CaseState]> = [
        [.received, .initialAssessment],
        [.initialAssessment, .emergencyIntervention], [.initialAssessment, .assessment],
        [.emergencyIntervention, .assessment],
        [.assessment, .planning],
        [.planning, .planApproved],
        [.planApproved, .inProgress], [.planApproved, .planning],
        [.inProgress, .review], [.inProgress, .planning],
        [.review, .closed], [.review, .planning], [.review, .inProgress],
        [.closed, .reopened],
        [.reopened, .assessment],
    ]

    static let approver = TransitionContext(actorMayApprove: true, planInForce: true, reason: "lý do", closureReason: .goalsAchieved)

    @Test(arguments: CaseState.allCases)
    func everyMoveFrom(state: CaseState) {
        for target in CaseState.allCases {
            let refusal = CaseWorkflow.check(from: state, to: target, Self.approver)
            if Self.allowed.contains([state, target]) {
                #expect(refusal == nil, "\(state) → \(target)")
            } else {
                #expect(refusal == .notAllowed(from: state, to: target), "\(state) → \(target)")
            }
        }
    }

    @Test func movesThatNeedMore() {
        let worker = TransitionContext(actorMayApprove: false)
        // A case worker moves a case forward without a reason.
        #expect(CaseWorkflow.check(from: .received, to: .initialAssessment, worker) == nil)
        // Going back and reopening need a written reason.
        #expect(CaseWorkflow.check(from: .closed, to: .reopened, worker) == .reasonRequired)
        #expect(CaseWorkflow.check(from: .closed, to: .reopened, TransitionContext(actorMayApprove: false, reason: "  ")) == .reasonRequired)
        #expect(CaseWorkflow.check(from: .closed, to: .reopened, TransitionContext(actorMayApprove: false, reason: "tái phát")) == nil)
        #expect(CaseWorkflow.check(from: .inProgress, to: .planning, worker) == .reasonRequired)
        // A plan is approved by a supervisor or the director, never by its author.
        #expect(CaseWorkflow.check(from: .planning, to: .planApproved, worker) == .approverRequired)
        #expect(CaseWorkflow.check(from: .planning, to: .planApproved, TransitionContext(actorMayApprove: true, actorWrotePlan: true)) == .ownPlan)
        #expect(CaseWorkflow.check(from: .planning, to: .planApproved, TransitionContext(actorMayApprove: true, planInForce: true)) == nil)
        // "Plan approved", the work and its review need an approved plan version.
        let noPlan = TransitionContext(actorMayApprove: true, reason: "lý do")
        #expect(CaseWorkflow.check(from: .planning, to: .planApproved, noPlan) == .approvedPlanRequired)
        #expect(CaseWorkflow.check(from: .planApproved, to: .inProgress, noPlan) == .approvedPlanRequired)
        #expect(CaseWorkflow.check(from: .review, to: .inProgress, noPlan) == .approvedPlanRequired)
        #expect(CaseWorkflow.check(from: .inProgress, to: .review, noPlan) == .approvedPlanRequired)
        // Going back to planning needs no plan.
        #expect(CaseWorkflow.check(from: .planApproved, to: .planning, noPlan) == nil)
        // Closing: a closure reason, and a supervisor's approval.
        #expect(CaseWorkflow.check(from: .review, to: .closed, TransitionContext(actorMayApprove: true)) == .closureReasonRequired)
        #expect(CaseWorkflow.check(from: .review, to: .closed, TransitionContext(actorMayApprove: false, closureReason: .movedAway)) == .approverRequired)
        #expect(CaseWorkflow.check(from: .review, to: .closed, TransitionContext(actorMayApprove: true, closureReason: .movedAway)) == nil)
    }

    @Test func overallRiskIsTheHighestDimension() {
        #expect(RiskLevel.overall([.low, .medium, .low, .low]) == .medium)
        #expect(RiskLevel.overall([.low, .high, .low, .medium]) == .high)
        #expect(RiskLevel.overall([]) == nil)
    }
}

@Suite("Case deadlines")
struct CaseDeadlineTests {
    let calendar = WorkingDayCalendar()

    /// 17:00 Vietnam time on a day.
    func at17(_ d: LocalDate) -> Date { d.startOfDay().addingTimeInterval(17 * 3600) }

    @Test func acrossAWeekend() {
        // Friday 6/3/2026 17:00: 12 hours run through the night to Saturday 05:00; the plan's
        // five working days are Mon 9 … Fri 13 March.
        let received = at17(day(2026, 3, 6))
        let d = CaseDeadlines(receivedAt: received, policy: .childProtection, calendar: calendar)
        #expect(VNFormat.dateTime(d.initialAssessment) == "07/03/2026 05:00")
        #expect(d.emergencyIntervention == d.initialAssessment)
        #expect(VNFormat.dateTime(d.plan) == "13/03/2026 23:59")
        #expect(d.current(in: .received) == d.initialAssessment)
        #expect(d.current(in: .planning) == d.plan)
        #expect(d.current(in: .inProgress) == nil)
    }

    @Test func acrossTet() {
        // Friday 13/2/2026 is the last working day before Tết (16–20 February off). A report at
        // 17:00 that day: the 12 hours do not stop for Tết; the plan is due at the end of Friday
        // 27 February (23, 24, 25, 26, 27).
        let received = at17(day(2026, 2, 13))
        #expect(calendar.isWorkingDay(day(2026, 2, 13)) && !calendar.isWorkingDay(day(2026, 2, 16)))
        let d = CaseDeadlines(receivedAt: received, policy: .childProtection, calendar: calendar)
        #expect(VNFormat.dateTime(d.initialAssessment) == "14/02/2026 05:00")
        #expect(VNFormat.dateTime(d.plan) == "27/02/2026 23:59")
        // Other types follow the center's (default) settings.
        let other = CaseDeadlines(receivedAt: received, policy: .default(for: .socialWorkClient), calendar: calendar)
        #expect(VNFormat.dateTime(other.plan) == "06/03/2026 23:59")
    }
}
