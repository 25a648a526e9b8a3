import Fluent
import Vapor

/// Finds out who is calling, from a bearer token or the session cookie, and stores it on the
/// request. It never refuses a request: guards decide that.
struct IdentityMiddleware: AsyncMiddleware {
    static let sessionCookie = "ansinh_session"
    /// `last_seen_at` is written at most this often, so that browsing does not write on every page.
    static let touchInterval: TimeInterval = 60

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = req.headers.bearerAuthorization?.token {
            req.identity = try await identify(bearerToken: bearer, req)
            return try await next.respond(to: req)
        }
        guard let token = req.cookies[Self.sessionCookie]?.string, !token.isEmpty else {
            return try await next.respond(to: req)
        }
        req.identity = try await identify(sessionToken: token, req)
        let response = try await next.respond(to: req)
        if req.identity == nil, response.cookies[Self.sessionCookie] == nil {
            // The cookie points at nothing (expired, logged out elsewhere): drop it.
            response.cookies[Self.sessionCookie] = SessionCookie.expired(req)
        }
        return response
    }

    private func identify(bearerToken: String, _ req: Request) async throws -> Identity? {
        let now = req.application.clock.now()
        // Token and user in one query: every API request pays for this look-up.
        guard let (token, user) = try await IdentityQueries.token(hash: Secrets.sha256Hex(bearerToken), on: req.db), user.active
        else { return nil }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > Self.touchInterval }) ?? true {
            token.lastUsedAt = now
            try await token.save(on: req.db)
        }
        return Identity(user: user, session: nil, token: token)
    }

    private func identify(sessionToken: String, _ req: Request) async throws -> Identity? {
        let now = req.application.clock.now()
        // Session and user in one query: every signed-in page pays for this look-up.
        guard let (session, user) = try await IdentityQueries.session(id: Secrets.sha256Hex(sessionToken), on: req.db) else {
            return nil
        }
        let idle = TimeInterval(req.ansinh.sessionIdleMinutes * 60)
        guard user.active else {
            try await session.delete(on: req.db)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > idle {
            try await session.delete(on: req.db)
            req.sessionExpired = true
            try await req.audit(.sessionExpired, entityType: "user", entityID: user.id?.uuidString, summary: "idle timeout", user: user)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
            session.lastSeenAt = now
            try await session.save(on: req.db)
        }
        return Identity(user: user, session: session, token: nil)
    }
}

/// The session cookie's flags in one place.
enum SessionCookie {
    static func make(_ token: String, _ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, path: "/", isSecure: req.ansinh.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(_ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isSecure: req.ansinh.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
