import Plot
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
            // A signed-in user's own page, opened before a new login: what they typed comes
            // back in a page that sends it again with the current token, never lost.
            if CSRFReplay.applies(to: req) {
                let promise = req.eventLoop.makePromise(of: Response.self)
                promise.completeWithTask { await CSRFReplay.page(req) }
                return promise.futureResult
            }
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

/// The page a stale form gets: the fields as typed, hidden, in a form with the session's
/// current token, which the user sends again with one click. Only for a signed-in session and
/// a request the browser marks as made by this site itself (`Sec-Fetch-Site: same-origin`): a
/// forged request from another site never gets a page that would send it.
enum CSRFReplay {
    /// At most this many fields are carried (the body limit bounds their size).
    static let maxFields = 2000

    static func applies(to req: Request) -> Bool {
        req.identity?.session != nil && !req.isAPI && req.headers.first(name: "Sec-Fetch-Site") == "same-origin"
    }

    /// A password is never written back into a page: such a form is typed again.
    static func isSecret(_ name: String) -> Bool { name.lowercased().contains("password") }

    /// The form's fields in order, repeated names kept (`clientGroups[]`); nil when the body
    /// is not a URL-encoded form (a file upload cannot be sent again: it is chosen again).
    static func fields(_ req: Request) -> [(String, String)]? {
        guard req.headers.contentType == .urlEncodedForm, let body = req.body.string else { return nil }
        func decode(_ s: Substring) -> String {
            (String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "").precomposedStringWithCanonicalMapping
        }
        return body.split(separator: "&").prefix(maxFields).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            guard !name.isEmpty, name != CSRFMiddleware.fieldName else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func page(_ req: Request) async -> Response {
        await form(req, action: req.url.path, fields: fields(req), status: .forbidden, explanation: req.t.pick(
            vi: "Trang được mở từ trước lần đăng nhập hiện tại nên chưa lưu được. Những gì bạn đã gõ vẫn còn nguyên: bấm \"Gửi lại\" để lưu.",
            en: "The page was opened before your current login, so nothing was saved yet. What you typed is kept: press \"Send again\" to save it."))
    }

    /// The longer texts the user typed (a note, a reason), shortened, so that they see what
    /// they are about to send; field names and ids are never shown.
    static func preview(_ fields: [(String, String)]) -> [String] {
        fields.map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.count >= 20 && $0.contains(" ") }
            .prefix(3)
            .map { $0.count > 300 ? String($0.prefix(300)) + "…" : $0 }
    }

    /// The fields as typed, hidden, in a form to `action` with the session's current token;
    /// `posted` nil means the body was not a plain form.
    static func form(_ req: Request, action: String, fields posted: [(String, String)]?, status: HTTPResponseStatus,
                     explanation: String) async -> Response {
        let t = req.t
        let fields = posted.flatMap { $0.contains(where: { isSecret($0.0) }) ? nil : $0 }
        let content: BodyNode = .el("section", [.cls("narrow"), .id("stale-form")], [
            .el("h1", [], [.txt(t.pick(vi: "Biểu mẫu chưa được lưu", en: "The form is not saved yet"))]),
            .el("p", [], [.txt(explanation)]),
            .group(preview(fields ?? []).map { .el("blockquote", [.cls("typed")], [.txt($0)]) }),
            fields.map { fields in
                .el("form", [.id("replay-form"), Attr("action", action), .postMethod], [Layout.csrfField(req)]
                    + fields.map { name, value in .void("input", [.type("hidden"), .name(name), .value(value)]) }
                    + [.el("button", [.type("submit"), .cls("primary")], [.txt(t.pick(vi: "Gửi lại", en: "Send again"))])])
            } ?? .el("p", [.cls("flash warning")], [.txt(posted == nil
                ? t.pick(vi: "Tệp đính kèm cần được chọn lại: quay lại trang trước và tải lên lần nữa.",
                         en: "Attached files must be chosen again: go back and upload once more.")
                : t.pick(vi: "Mật khẩu không được giữ lại: mở lại trang và nhập lại.", en: "Passwords are not kept: open the page again and retype."))]),
        ])
        return await Layout.page(req, title: t.pick(vi: "Biểu mẫu chưa được lưu", en: "The form is not saved yet"), status: status, content: content)
    }
}
