import Fluent
import NIOConcurrencyHelpers
import Vapor

/// The active lines and usable topics that recording a call checks against, kept in memory.
///
/// Recording a call is the hot path of the hotline: looking both up on every request cost two
/// statements of the three a request runs before its write. Both tables are small and change
/// rarely, and only through this app, which refreshes the catalog at once after each change
/// (`invalidate()`). Another instance on the same PostgreSQL sees a change after `maxAge`.
final class HotlineCatalog: Sendable {
    struct Snapshot: Sendable {
        /// Active lines by number (digits only).
        let activeLines: [String: UUID]
        /// Codes of topics a new call may use (not retired).
        let usableTopics: Set<String>
    }

    private struct State {
        var cached: (snapshot: Snapshot, loadedAt: Date)?
        /// Bumped by each invalidation, so a load that started before a change is not kept.
        var generation = 0
    }

    private let state = NIOLockedValueBox(State())
    static let maxAge: TimeInterval = 10

    func snapshot(on db: any Database) async throws -> Snapshot {
        if let cached = cachedSnapshot() { return cached }
        let now = Date()
        let generation = state.withLockedValue { $0.generation }
        let lines = try await HotlineLine.query(on: db).filter(\.$active == true).all()
        let topics = try await HotlineTopic.query(on: db).filter(\.$retired == false).all()
        let snapshot = Snapshot(activeLines: Dictionary(lines.map { ($0.number, $0.id!) }, uniquingKeysWith: { a, _ in a }),
                                usableTopics: Set(topics.compactMap(\.id)))
        state.withLockedValue { if $0.generation == generation { $0.cached = (snapshot, now) } }
        return snapshot
    }

    /// The catalog if it is in memory and fresh, without reading the database.
    func cachedSnapshot() -> Snapshot? {
        state.withLockedValue { state in
            guard let cached = state.cached, Date().timeIntervalSince(cached.loadedAt) < Self.maxAge else { return nil }
            return cached.snapshot
        }
    }

    /// Called after any change to lines or topics, before the change is answered.
    func invalidate() {
        state.withLockedValue {
            $0.cached = nil
            $0.generation += 1
        }
    }
}

extension Application {
    private struct HotlineCatalogKey: StorageKey { typealias Value = HotlineCatalog }

    var hotlineCatalog: HotlineCatalog {
        if let c = storage[HotlineCatalogKey.self] { return c }
        let c = HotlineCatalog()
        storage[HotlineCatalogKey.self] = c
        return c
    }
}
