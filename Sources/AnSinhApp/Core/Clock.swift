import Foundation
import Vapor

/// The time source. Tests replace it to freeze or move time.
struct AppClock: Sendable {
    var now: @Sendable () -> Date

    static let system = AppClock { Date() }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}
