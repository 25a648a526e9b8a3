import Foundation

/// The rules a call record must satisfy, whoever sends it (form or API). Each problem names
/// the field it concerns so that forms show it beside the field and the API names it.
public enum CallRules {
    public static let maxTopics = 3
    public static let maxFutureStart: TimeInterval = 5 * 60
    /// No record predates 1 January 1990 (Vietnam's first child helplines are from the 2000s):
    /// an earlier start is a typing or client error, such as year 0001.
    public static let earliestStart = Date(timeIntervalSince1970: 631_126_800) // 1990-01-01 00:00 +07:00
    /// A call longer than a day is a wrong end time (year 9999), not a conversation.
    public static let maxDuration: TimeInterval = 24 * 3600

    public enum Problem: Equatable, Sendable {
        case topicsRequired
        case tooManyTopics
        case topicsOnNonCounselling
        case duplicateTopic
        case endBeforeStart
        case startInFuture
        case startTooEarly
        case tooLong

        public var field: String {
            switch self {
            case .topicsRequired, .tooManyTopics, .topicsOnNonCounselling, .duplicateTopic: "topics"
            case .endBeforeStart, .tooLong: "endedAt"
            case .startInFuture, .startTooEarly: "startedAt"
            }
        }
    }

    /// Checks what does not need the database. `incomplete` calls (from telephony, to be
    /// completed by a counsellor) may lack topics.
    public static func problems(kind: CallKind, topics: [String], startedAt: Date, endedAt: Date?,
                                now: Date, incomplete: Bool = false) -> [Problem] {
        var found: [Problem] = []
        if kind.isCounselling {
            if topics.isEmpty, !incomplete { found.append(.topicsRequired) }
            if topics.count > maxTopics { found.append(.tooManyTopics) }
            if Set(topics).count != topics.count { found.append(.duplicateTopic) }
        } else if !topics.isEmpty {
            found.append(.topicsOnNonCounselling)
        }
        if let endedAt, endedAt < startedAt { found.append(.endBeforeStart) }
        if startedAt.timeIntervalSince(now) > maxFutureStart { found.append(.startInFuture) }
        if startedAt < earliestStart { found.append(.startTooEarly) }
        if let endedAt, endedAt.timeIntervalSince(startedAt) > maxDuration { found.append(.tooLong) }
        return found
    }
}
