import Fluent
import NIOConcurrencyHelpers
import Vapor

/// The center's name for the page header, read from the root unit and kept for a minute so
/// that a page does not query it each time. An edit on this instance refreshes it at once.
final class CenterNameCache: Sendable {
    private let state = NIOLockedValueBox<(name: String, loadedAt: Date)?>(nil)
    static let maxAge: TimeInterval = 60

    func current(_ req: Request) async -> String {
        let now = Date()
        if let cached = state.withLockedValue({ $0 }), now.timeIntervalSince(cached.loadedAt) < Self.maxAge {
            return cached.name
        }
        let name = (try? await OrgUnit.center(on: req.db)?.name) ?? "Trung tâm Công tác xã hội"
        state.withLockedValue { $0 = (name, now) }
        return name
    }

    func invalidate() {
        state.withLockedValue { $0 = nil }
    }
}

extension Application {
    private struct CenterNameKey: StorageKey { typealias Value = CenterNameCache }

    var centerName: CenterNameCache {
        if let c = storage[CenterNameKey.self] { return c }
        let c = CenterNameCache()
        storage[CenterNameKey.self] = c
        return c
    }
}
