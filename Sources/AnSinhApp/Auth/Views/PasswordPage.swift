import Plot
import Vapor

/// The change-password form, also used for the forced change at first login.
enum PasswordPage {
    struct Model {
        var forced: Bool
        var errors = FieldErrors()
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        return .el("section", [.cls("narrow")], [
            .el("h1", [], [.txt(t(.changePasswordTitle))]),
            m.forced ? .el("p", [.cls("flash info"), Attr("role", "status")], [.txt(t(.changePasswordForced))]) : .empty,
            FormField.summary(m.errors, t),
            .el("form", [.id("password-form"), .action(.accountPassword), .postMethod], [
                Layout.csrfField(req),
                FormField.text("current_password", label: t(.currentPassword), value: nil, errors: m.errors,
                           type: "password", required: true, autocomplete: "current-password"),
                FormField.text("new_password", label: t(.newPassword), value: nil, errors: m.errors, type: "password",
                           hint: t(.passwordHint), required: true, autocomplete: "new-password",
                           extra: [Attr("minlength", "10")]),
                FormField.text("confirm_password", label: t(.confirmPassword), value: nil, errors: m.errors,
                           type: "password", required: true, autocomplete: "new-password"),
                FormField.submit(t(.savePassword)),
            ]),
        ])
    }
}
