import Vapor

/// Checks the CSRF token of every state-changing request made with a browser session.
///
/// Signed-in forms carry the session's token (`_csrf` field or `X-CSRF-Token` header). The login
/// form has no session yet, so it uses a double-submit cookie. Requests with a bearer token are
/// not exposed to CSRF (browsers never add that header on their own) and are not checked.
/// A cross-site `Origin` or `Sec-Fetch-Site` is refused in any case.
struct CSRFMiddleware: Middleware {
    static let fieldName = "_csrf"
    static let preSessionCookie = "ansinh_csrf"

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method) else {
            return next.respond(to: req)
        }
        if req.headers.bearerAuthorization != nil, req.identity?.token != nil {
            return next.respond(to: req)
        }
        guard !isCrossSite(req) else { return req.eventLoop.makeFailedFuture(Abort(.forbidden, reason: "CSRF")) }
        let sent = req.headers.first(name: "X-CSRF-Token") ?? (try? req.content.get(String.self, at: Self.fieldName))
        let expected = req.identity?.session?.csrfToken ?? req.cookies[Self.preSessionCookie]?.string
        guard let sent, let expected, !expected.isEmpty, Secrets.constantTimeEquals(sent, expected) else {
            return req.eventLoop.makeFailedFuture(Abort(.forbidden, reason: "CSRF"))
        }
        return next.respond(to: req)
    }

    private func isCrossSite(_ req: Request) -> Bool {
        if let site = req.headers.first(name: "Sec-Fetch-Site"), site == "cross-site" { return true }
        guard let origin = req.headers.first(name: .origin), origin != "null",
              let host = req.headers.first(name: .host) else { return false }
        let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
        return originHost != host
    }
}

extension Request {
    /// The token to put in this page's forms: the session's, or for anonymous pages the
    /// double-submit cookie's (set on the response by `preSessionCSRF`).
    var csrfToken: String {
        if let t = identity?.session?.csrfToken { return t }
        if let t = cookies[CSRFMiddleware.preSessionCookie]?.string, !t.isEmpty { return t }
        struct NewTokenKey: StorageKey { typealias Value = String }
        if let t = storage[NewTokenKey.self] { return t }
        let t = Secrets.randomToken(bytes: 24)
        storage[NewTokenKey.self] = t
        return t
    }

    /// Sets the double-submit cookie on an anonymous page that shows a form.
    func attachPreSessionCSRF(to response: Response) {
        guard identity?.session == nil, cookies[CSRFMiddleware.preSessionCookie] == nil else { return }
        response.cookies[CSRFMiddleware.preSessionCookie] = HTTPCookies.Value(
            string: csrfToken, path: "/", isSecure: ansinh.secureCookies, isHTTPOnly: true, sameSite: .strict)
    }
}
