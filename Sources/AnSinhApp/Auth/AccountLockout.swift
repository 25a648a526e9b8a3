import Foundation

/// The per-account lockout rule: after 5 failed attempts in a row the account is locked for
/// 15 minutes.
enum AccountLockout {
    static let maxFailures = 5
    static let duration: TimeInterval = 15 * 60

    static func isLocked(_ user: User, now: Date) -> Bool {
        guard let until = user.lockedUntil else { return false }
        return until > now
    }

    /// Applies a failure; returns true when this failure locked the account.
    static func recordFailure(_ user: User, now: Date) -> Bool {
        user.failedLogins += 1
        guard user.failedLogins >= maxFailures else { return false }
        user.failedLogins = 0
        user.lockedUntil = now.addingTimeInterval(duration)
        return true
    }

    static func recordSuccess(_ user: User, now: Date) {
        user.failedLogins = 0
        user.lockedUntil = nil
        user.lastLoginAt = now
    }
}
