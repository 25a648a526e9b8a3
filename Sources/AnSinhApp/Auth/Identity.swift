import AnSinhCore
import Fluent
import Vapor

/// Who is making the request and how they proved it.
struct Identity: Sendable {
    let user: User
    /// Set when signed in through the browser; nil for API tokens.
    let session: UserSession?
    let token: APIToken?

    var userID: UUID { user.id! }
}

extension Request {
    private struct IdentityKey: StorageKey { typealias Value = Identity }
    private struct ExpiredKey: StorageKey { typealias Value = Bool }

    var identity: Identity? {
        get { storage[IdentityKey.self] }
        set { storage[IdentityKey.self] = newValue }
    }

    /// The signed-in user; only call behind a `RequireLogin` guard.
    var user: User {
        get throws {
            guard let u = identity?.user else { throw Abort(.unauthorized) }
            return u
        }
    }

    /// True when this request came with a session that had expired.
    var sessionExpired: Bool {
        get { storage[ExpiredKey.self] ?? false }
        set { storage[ExpiredKey.self] = newValue }
    }

    /// Whether the request is for the JSON API (errors and guards answer JSON there).
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
