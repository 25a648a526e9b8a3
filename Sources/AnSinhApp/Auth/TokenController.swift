import AnSinhCore
import Fluent
import Vapor

/// Personal API tokens: listed, created (shown once) and revoked by their owner.
struct TokenController {
    func list(_ req: Request) async throws -> Response {
        try await page(req, newToken: nil, errors: FieldErrors(), name: "")
    }

    func create(_ req: Request) async throws -> Response {
        let user = try req.user
        let name = req.formValue("name") ?? ""
        guard !name.isEmpty, name.count <= 60 else {
            var errors = FieldErrors()
            errors["name"] = req.t(.tokenNameRequired)
            return try await page(req, newToken: nil, errors: errors, name: name, status: .unprocessableEntity)
        }
        let (token, secret) = try await Self.issue(for: user, name: name, on: req.db)
        try await req.audit(.tokenCreated, entity: .apiToken, entityID: token.id?.uuidString, summary: name)
        return try await page(req, newToken: secret, errors: FieldErrors(), name: "")
    }

    func revoke(_ req: Request) async throws -> Response {
        let user = try req.user
        // Another user's token is "not found", whoever asks.
        guard let token = try await APIToken.query(on: req.db)
            .filter(\.$id == req.idParameter()).filter(\.$userID == user.id!).first() else {
            throw Abort(.notFound)
        }
        if token.revokedAt == nil {
            token.revokedAt = req.application.clock.now()
            try await token.save(on: req.db)
            try await req.audit(.tokenRevoked, entity: .apiToken, entityID: token.id?.uuidString, summary: token.name)
        }
        req.flash(.success, .tokenRevoked)
        return req.redirect(to: .tokens)
    }

    /// Creates a token; returns the record and the secret, which is never stored.
    static func issue(for user: User, name: String, on db: any Database) async throws -> (APIToken, String) {
        let secret = "ans_" + Secrets.randomToken()
        let token = APIToken(userID: user.id!, name: name, tokenHash: Secrets.sha256Hex(secret), prefix: String(secret.prefix(10)))
        try await token.create(on: db)
        return (token, secret)
    }

    private func page(_ req: Request, newToken: String?, errors: FieldErrors, name: String,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.user
        let t = req.t
        let tokens = try await APIToken.query(on: req.db).filter(\.$userID == user.id!)
            .filter(\.$revokedAt == nil).sort(\.$createdAt, .descending).all()
        let rows: [BodyNode] = tokens.map { token in
            .el("tr", [], [
                .el("td", [], [.txt(token.name)]),
                .el("td", [], [.el("code", [], [.txt(token.prefix + "…")])]),
                .el("td", [], [.txt(token.createdAt.map(VNFormat.dateTime) ?? "")]),
                .el("td", [], [.txt(token.lastUsedAt.map(VNFormat.dateTime) ?? "—")]),
                .el("td", [], [.el("form", [.action(.tokenRevoke(token.id!)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req),
                    .el("button", [.type("submit"), .cls("danger")], [.txt(t(.tokenRevoke))]),
                ])]),
            ])
        }
        let content: BodyNode = .group(
            .el("h1", [], [.txt(t(.tokensTitle))]),
            .el("p", [], [.txt(t(.tokensIntro))]),
            newToken.map { secret in
                .el("div", [.cls("flash success"), Attr("role", "status")], [
                    .el("p", [], [.txt(t(.tokenCreated))]),
                    .el("p", [], [.el("label", [.for("new-token")], [.txt(t(.tokenCopyNow))])]),
                    .void("input", [.id("new-token"), .type("text"), Attr("readonly"), .value(secret), .cls("mono")]),
                ])
            } ?? .empty,
            DataTable.view(headers: [t(.tokenName), t(.tokenPrefix), t(.auditTime), t(.tokenLastUsed), t(.actions)],
                           rows: rows, empty: t(.noRecords)),
            .el("form", [.id("token-form"), .action(.tokens), .postMethod], [
                Layout.csrfField(req),
                FormField.summary(errors, t),
                FormField.text("name", label: t(.tokenName), value: name, errors: errors, required: true,
                           extra: [Attr("maxlength", "60")]),
                FormField.submit(t(.tokenCreate)),
            ])
        )
        return await Layout.page(req, title: t(.tokensTitle), status: status, content: content)
    }
}
