import Fluent
import Vapor

/// Finds out who is calling, from a bearer token or the session cookie, and stores it on the
/// request. It never refuses a request: guards decide that.
///
/// Future-based: it runs on every request, and an async middleware starts a task each time.
/// Only the rare writes (a token's or session's last use, at most once a minute; an expired
/// session) run in a task.
struct IdentityMiddleware: Middleware {
    static let sessionCookie = "ansinh_session"
    /// `last_seen_at` is written at most this often, so that browsing does not write on every page.
    static let touchInterval: TimeInterval = 60

    /// Probes answer whoever asks and whatever the database's state: a credential sent to them
    /// must not make them read it (that made `/healthz` answer 500 during an outage).
    static let probes: Set<String> = [SiteURL.healthz.path, SiteURL.readyz.path, SiteURL.metrics.path]

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if Self.probes.contains(req.url.path) { return next.respond(to: req) }
        if let bearer = req.headers.bearerAuthorization?.token {
            // Token and user in one query: every API request pays for this look-up, unless
            // PostgreSQL's identity cache holds them.
            return IdentityQueries.token(hash: Secrets.sha256Hex(bearer), on: req.db, eventLoop: req.eventLoop,
                                         reads: req.application.sqlitePreparedReads, cache: req.application.identityCache)
                .flatMap { Self.identity(token: $0, req) }
                .flatMap { identity in
                    req.identity = identity
                    return next.respond(to: req)
                }
        }
        guard let token = req.cookies[Self.sessionCookie]?.string, !token.isEmpty else {
            return next.respond(to: req)
        }
        // Session and user in one query: every signed-in page pays for this look-up.
        return IdentityQueries.session(id: Secrets.sha256Hex(token), on: req.db, reads: req.application.sqlitePreparedReads)
            .flatMap { Self.identity(session: $0, req) }
            .flatMap { identity in
                req.identity = identity
                return next.respond(to: req).map { response in
                    if identity == nil, response.cookies[Self.sessionCookie] == nil {
                        // The cookie points at nothing (expired, logged out elsewhere): drop it.
                        response.cookies[Self.sessionCookie] = SessionCookie.expired(req)
                    }
                    return response
                }
            }
    }

    private static func identity(token found: (APIToken, User)?, _ req: Request) -> EventLoopFuture<Identity?> {
        let now = req.application.clock.now()
        // A disabled or locked account's tokens stop at once, like its password.
        guard let (token, user) = found, user.active, !AccountLockout.isLocked(user, now: now) else {
            return req.eventLoop.makeSucceededFuture(nil)
        }
        let identity = Identity(user: user, session: nil, token: token)
        guard token.lastUsedAt.map({ now.timeIntervalSince($0) > touchInterval }) ?? true else {
            return req.eventLoop.makeSucceededFuture(identity)
        }
        return req.eventLoop.makeFutureWithTask {
            token.lastUsedAt = now
            try await token.save(on: req.db)
            return identity
        }
    }

    private static func identity(session found: (UserSession, User)?, _ req: Request) -> EventLoopFuture<Identity?> {
        guard let (session, user) = found else { return req.eventLoop.makeSucceededFuture(nil) }
        let now = req.application.clock.now()
        if user.active, now.timeIntervalSince(session.lastSeenAt) <= touchInterval {
            return req.eventLoop.makeSucceededFuture(Identity(user: user, session: session, token: nil))
        }
        return req.eventLoop.makeFutureWithTask { try await settle(session, user, now: now, req) }
    }

    /// A session of a deactivated account or idle too long ends here; a live one records its use.
    private static func settle(_ session: UserSession, _ user: User, now: Date, _ req: Request) async throws -> Identity? {
        guard user.active else {
            try await session.delete(on: req.db)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > TimeInterval(req.ansinh.sessionIdleMinutes * 60) {
            try await session.delete(on: req.db)
            req.expiredSession = session
            try await req.audit(.sessionExpired, entity: .user, entityID: user.id?.uuidString, summary: "idle timeout", user: user)
            return nil
        }
        session.lastSeenAt = now
        try await session.save(on: req.db)
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
