import Plot
import Vapor

/// The login form.
enum LoginPage {
    struct Model {
        var username = ""
        var next: String?
        var error: UIText?
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        return .el("section", [.cls("narrow")], [
            .el("h1", [], [.txt(t(.loginTitle))]),
            m.error.map { .el("div", [.cls("flash error"), Attr("role", "alert")], [.txt(t($0))]) } ?? .empty,
            .el("form", [.id("login-form"), .action(.login), .postMethod], [
                Layout.csrfField(req),
                m.next.map { FormField.hidden("next", value: $0) } ?? .empty,
                FormField.text("username", label: t(.username), value: m.username, errors: FieldErrors(),
                           required: true, autocomplete: "username",
                           extra: [Attr("autocapitalize", "none"), Attr("spellcheck", "false")]),
                FormField.text("password", label: t(.password), value: nil, errors: FieldErrors(), type: "password",
                           required: true, autocomplete: "current-password"),
                FormField.submit(t(.loginButton)),
            ]),
        ])
    }
}
