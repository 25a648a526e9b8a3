import Foundation
import NIOConcurrencyHelpers

/// Counts failed logins per IP address in a sliding window, in memory. It slows guessing from
/// one address across many usernames; the per-account lockout (in the database, shared by all
/// instances) protects each account.
final class LoginThrottle: Sendable {
    static let window: TimeInterval = 15 * 60
    private let failures = NIOLockedValueBox([String: [Date]]())
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func isBlocked(_ ip: String?, now: Date) -> Bool {
        guard let ip else { return false }
        return failures.withLockedValue { all in
            let recent = (all[ip] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            all[ip] = recent.isEmpty ? nil : recent
            return recent.count >= limit
        }
    }

    func recordFailure(_ ip: String?, now: Date) {
        guard let ip else { return }
        failures.withLockedValue { all in
            var recent = (all[ip] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            recent.append(now)
            all[ip] = recent
            // Keep memory bounded under a flood of distinct addresses.
            if all.count > 100_000 { all = all.filter { $0.value.count >= 3 } }
        }
    }
}
