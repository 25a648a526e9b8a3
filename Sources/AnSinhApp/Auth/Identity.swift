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
    private struct ExpiredKey: StorageKey { typealias Value = UserSession }

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

    /// The session this request came with, when it had just expired (now deleted): its owner
    /// and CSRF token let a form sent with it be held for that owner (`HeldForm`).
    var expiredSession: UserSession? {
        get { storage[ExpiredKey.self] }
        set { storage[ExpiredKey.self] = newValue }
    }

    /// True when this request came with a session that had expired.
    var sessionExpired: Bool { expiredSession != nil }

    /// Whether the request is for the JSON API (errors and guards answer JSON there).
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
