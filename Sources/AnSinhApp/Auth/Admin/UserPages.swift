import AnSinhCore
import Plot
import Vapor

/// The admin's list of accounts.
enum UserListPage {
    static func view(_ users: [User], unitNames: [UUID: String], now: Date, _ req: Request) -> BodyNode {
        let t = req.t
        let rows: [BodyNode] = users.map { u in
            var status = u.active ? t(.active) : t(.inactive)
            if AccountLockout.isLocked(u, now: now) { status += " · " + t(.userLocked) }
            if u.mustChangePassword { status += " · " + t(.userMustChangePassword) }
            return .el("tr", [.cls(u.active ? "" : "inactive")], [
                .el("td", [], [.txt(u.username)]),
                .el("td", [], [.txt(u.fullName)]),
                .el("td", [], [.txt(t.role(u.role))]),
                .el("td", [], [.txt(unitNames[u.unitID] ?? "")]),
                .el("td", [], [.txt(status)]),
                .el("td", [], [.txt(u.lastLoginAt.map(VNFormat.dateTime) ?? "—")]),
                .el("td", [], [.link(.adminUserEdit(u.id!), t(.edit))]),
            ])
        }
        return .group(
            .el("h1", [], [.txt(t(.usersTitle))]),
            .el("p", [], [.link(.adminUserNew, t(.userNew), [.cls("button")])]),
            DataTable.view(headers: [t(.username), t(.fullName), t(.role), t(.unit), t(.status), t(.userLastLogin), t(.actions)],
                           rows: rows, empty: t(.noRecords))
        )
    }
}

/// Create or edit an account; on edit also disable/enable and reset the password.
enum UserFormPage {
    struct Model {
        var form: UserForm
        var errors = FieldErrors()
        var user: User?
        var units: [(value: String, label: String)]
        /// A temporary password just set by "reset password", shown once.
        var temporaryPassword: String?
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let f = m.form
        let action: SiteURL = m.user.map { .adminUserEdit($0.id!) } ?? .adminUsers
        var fields: [BodyNode] = [Layout.csrfField(req), FormField.hidden("version", value: f.version)]
        if m.user == nil {
            fields.append(FormField.text("username", label: t(.username), value: f.username, errors: m.errors,
                                     hint: t(.usernameHint), required: true, autocomplete: "off",
                                     extra: [Attr("autocapitalize", "none"), Attr("spellcheck", "false"), Attr("maxlength", "32")]))
        } else {
            fields.append(.el("p", [], [.el("strong", [], [.txt(t(.username) + ": ")]), .txt(f.username)]))
        }
        fields += [
            FormField.text("full_name", label: t(.fullName), value: f.fullName, errors: m.errors, required: true,
                       autocomplete: "off", extra: [Attr("maxlength", "120")]),
            FormField.select("role", label: t(.role), options: Role.allCases.map { ($0.rawValue, t.role($0)) },
                         selected: f.role, errors: m.errors, required: true),
            FormField.select("unit_id", label: t(.unit), options: m.units, selected: f.unitID, errors: m.errors, required: true),
        ]
        if m.user == nil {
            fields.append(FormField.text("password", label: t(.initialPassword), value: nil, errors: m.errors,
                                     type: "password", hint: t(.passwordHint), required: true,
                                     autocomplete: "new-password", extra: [Attr("minlength", "10")]))
        }
        fields.append(.el("div", [.cls("form-actions")], [FormField.submit(t(.save)), .link(.adminUsers, t(.cancel), [.cls("button-secondary")])]))

        var extra: [BodyNode] = []
        if let user = m.user {
            extra.append(.el("div", [.cls("danger-zone")], [
                .el("form", [.action(.adminUserResetPassword(user.id!)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req), .el("button", [.type("submit")], [.txt(t(.userResetPassword))]),
                ]),
                .el("form", [.action(.adminUserActive(user.id!)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req),
                    .el("button", [.type("submit"), .cls(user.active ? "danger" : "")], [.txt(user.active ? t(.userDisable) : t(.userEnable))]),
                ]),
            ]))
        }
        return .group(
            .el("h1", [], [.txt(m.user == nil ? t(.userNew) : t(.userEdit))]),
            m.temporaryPassword.map { pw in
                .el("div", [.cls("flash success"), Attr("role", "status")], [
                    .el("p", [], [.txt(t(.userPasswordReset))]),
                    .el("p", [], [.el("label", [.for("temporary-password")], [.txt(t(.initialPassword))])]),
                    .void("input", [.id("temporary-password"), .type("text"), Attr("readonly"), .value(pw), .cls("mono")]),
                ])
            } ?? .empty,
            FormField.summary(m.errors, t),
            .el("form", [.id("user-form"), .action(action), .postMethod, .cls("stacked")], fields),
            .group(extra)
        )
    }
}
