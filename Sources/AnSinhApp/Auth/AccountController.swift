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
