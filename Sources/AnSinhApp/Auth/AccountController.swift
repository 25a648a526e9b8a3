import Fluent
import Vapor

/// The user's own account: language preference and personal API tokens.
struct AccountController {
    func show(_ req: Request) async throws -> Response {
        let user = try req.user
        let t = req.t
        let current = user.language ?? req.language.rawValue
        let content: BodyNode = .el("section", [.cls("narrow")], [
            .el("h1", [], [.txt(t(.accountTitle))]),
            .el("dl", [.cls("facts")], [
                .el("dt", [], [.txt(t(.username))]), .el("dd", [], [.txt(user.username)]),
                .el("dt", [], [.txt(t(.fullName))]), .el("dd", [], [.txt(user.fullName)]),
                .el("dt", [], [.txt(t(.role))]), .el("dd", [], [.txt(t.role(user.role))]),
            ]),
            .el("form", [.id("language-form"), .action(.accountLanguage), .postMethod], [
                Layout.csrfField(req),
                FormField.select("language", label: t(.preferredLanguage),
                             options: [("vi", "Tiếng Việt"), ("en", "English")], selected: current, errors: FieldErrors()),
                FormField.submit(t(.savePreferences)),
            ]),
            .el("p", [], [.link(.accountPassword, t(.changePasswordTitle))]),
            Policy.useAPITokens.allows(user.role) ? .el("p", [], [.link(.tokens, t(.tokensTitle))]) : .empty,
        ])
        return await Layout.page(req, title: t(.accountTitle), content: content)
    }

    func saveLanguage(_ req: Request) async throws -> Response {
        let user = try req.user
        guard let value = req.formValue("language"), let lang = Language(rawValue: value) else {
            throw Abort(.unprocessableEntity, reason: req.t(.errorBadRequest))
        }
        user.language = lang.rawValue
        try await user.save(on: req.db)
        req.flash(.success, .preferencesSaved)
        let response = req.redirect(to: .account)
        response.cookies[Language.cookieName] = LanguageMiddleware.cookie(lang, req)
        return response
    }
}

/// Remembers `?lang=` in a cookie so the choice follows the user from page to page.
struct LanguageMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // Most requests have no query string: decoding one costs even when there is none.
        guard req.url.query != nil else { return next.respond(to: req) }
        return next.respond(to: req).map { response in
            if let q = req.query[String.self, at: "lang"], let lang = Language(rawValue: q),
               req.cookies[Language.cookieName]?.string != lang.rawValue {
                response.cookies[Language.cookieName] = Self.cookie(lang, req)
            }
            return response
        }
    }

    static func cookie(_ lang: Language, _ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: lang.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                          isSecure: req.ansinh.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
