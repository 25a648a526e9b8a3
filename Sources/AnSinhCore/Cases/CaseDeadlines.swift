import Foundation

/// Deadlines measured from the receipt of a report. For child protection the law sets them:
/// the initial assessment and any emergency intervention within 12 hours (Decree 56/2017 art. 26),
/// the plan within 5 working days (art. 28). Other case types use the center's settings.
public struct DeadlinePolicy: Codable, Equatable, Sendable {
    public var initialAssessmentHours: Int
    public var emergencyHours: Int
    public var planWorkingDays: Int

    public init(initialAssessmentHours: Int, emergencyHours: Int, planWorkingDays: Int) {
        self.initialAssessmentHours = initialAssessmentHours
        self.emergencyHours = emergencyHours
        self.planWorkingDays = planWorkingDays
    }

    public static let childProtection = DeadlinePolicy(initialAssessmentHours: 12, emergencyHours: 12, planWorkingDays: 5)
    /// Defaults for the other types until a center sets its own.
    public static let otherDefault = DeadlinePolicy(initialAssessmentHours: 72, emergencyHours: 24, planWorkingDays: 10)

    public static func `default`(for type: CaseType) -> DeadlinePolicy {
        switch type {
        case .childProtection: .childProtection
        case .emergencyProtection: DeadlinePolicy(initialAssessmentHours: 12, emergencyHours: 12, planWorkingDays: 5)
        case .socialWorkClient, .disabilityCaseManagement, .other: .otherDefault
        }
    }
}

public struct CaseDeadlines: Equatable, Sendable {
    public let initialAssessment: Date
    public let emergencyIntervention: Date
    public let plan: Date

    /// Hours run on the clock (nights, weekends and Tết included); the plan counts working days
    /// after the day of receipt, to the end of the last one.
    public init(receivedAt: Date, policy: DeadlinePolicy, calendar: WorkingDayCalendar) {
        initialAssessment = receivedAt.addingTimeInterval(TimeInterval(policy.initialAssessmentHours * 3600))
        emergencyIntervention = receivedAt.addingTimeInterval(TimeInterval(policy.emergencyHours * 3600))
        plan = calendar.deadline(addingWorkingDays: policy.planWorkingDays, to: receivedAt)
    }

    /// The deadline the case is working towards in a state, if any.
    public func current(in state: CaseState) -> Date? {
        switch state {
        case .received: initialAssessment
        case .initialAssessment: initialAssessment
        case .emergencyIntervention: emergencyIntervention
        case .assessment, .planning: plan
        case .planApproved, .inProgress, .review, .closed, .reopened: nil
        }
    }
}
