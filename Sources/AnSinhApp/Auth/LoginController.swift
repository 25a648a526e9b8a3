import AnSinhCore
import Fluent
import Vapor

/// Login, logout and password changes.
struct LoginController {
    let throttle: LoginThrottle

    func showLogin(_ req: Request) async throws -> Response {
        if req.identity?.session != nil { return req.redirect(to: .home) }
        let next = safeNext(req.query[String.self, at: "next"])
        return await Layout.page(req, title: req.t(.loginTitle), content: LoginPage.view(.init(next: next), req))
    }

    func login(_ req: Request) async throws -> Response {
        let now = req.application.clock.now()
        let username = (req.formValue("username") ?? "").lowercased()
        let password = req.formSecret("password")
        let next = safeNext(req.formValue("next"))
        let ip = req.remoteIP
        let failed = { (status: HTTPResponseStatus, text: UIText) async -> Response in
            await Layout.page(req, title: req.t(.loginTitle), status: status,
                              content: LoginPage.view(.init(username: username, next: next, error: text), req))
        }

        if throttle.isBlocked(ip, now: now) {
            try await req.audit(.loginThrottled, entity: .user, summary: "username=\(username.prefix(40))")
            return await failed(.tooManyRequests, .loginThrottled)
        }
        guard let user = try await User.find(username: username, on: req.db) else {
            // Spend the same time as a real check so that timing does not reveal which names exist.
            _ = try? await req.password.async.verify(password, created: DummyHash.value)
            throttle.recordFailure(ip, now: now)
            try await req.audit(.loginFailed, entity: .user, summary: "unknown username=\(username.prefix(40))")
            return await failed(.unauthorized, .loginFailed)
        }
        let passwordOK = (try? await req.password.async.verify(password, created: user.passwordHash)) ?? false
        let locked = AccountLockout.isLocked(user, now: now)
        if !user.active || locked || !passwordOK {
            throttle.recordFailure(ip, now: now)
            var action = AuditAction.loginFailed
            var reason = !user.active ? "disabled" : locked ? "locked" : "wrong password"
            if user.active, !locked {
                if AccountLockout.recordFailure(user, now: now) {
                    action = .loginLocked
                    reason = "locked for 15 minutes after \(AccountLockout.maxFailures) failures"
                }
            }
            let (event, summary) = (action, reason)
            try await req.identityTransaction { db in
                if user.active, !locked { try await user.save(on: db) }
                try await req.audit(event, entity: .user, entityID: user.id?.uuidString, summary: summary, user: user, on: db)
            }
            return await failed(.unauthorized, .loginFailed)
        }

        AccountLockout.recordSuccess(user, now: now)
        let token = Secrets.randomToken()
        let session = UserSession(tokenHash: Secrets.sha256Hex(token), userID: user.id!,
                                  csrfToken: Secrets.randomToken(bytes: 24), now: now, ip: ip)
        let cutoff = now.addingTimeInterval(-TimeInterval(req.ansinh.sessionIdleMinutes * 60))
        let old = req.cookies[IdentityMiddleware.sessionCookie]?.string
        // One transaction: the browser gets its cookie only for a session that is committed.
        try await req.identityTransaction { db in
            try await user.save(on: db)
            // A new session id at every login; the one the browser came with (if any) is dropped.
            if let old { try await UserSession.find(Secrets.sha256Hex(old), on: db)?.delete(on: db) }
            try await session.create(on: db)
            // Sessions idle past the timeout (and held forms nobody came back for) are removed
            // here rather than in a job. An expired session is kept for as long as a held form
            // waits: a form sent with it is known as its owner's (`HeldForm`).
            try await UserSession.query(on: db).filter(\.$lastSeenAt < cutoff.addingTimeInterval(-HeldForm.lifetime)).delete()
            try await HeldForm.deleteStale(now: now, on: db)
            try await req.audit(.loginSucceeded, entity: .user, entityID: user.id?.uuidString, summary: "", user: user, on: db)
        }

        // A form this user sent after their session expired comes back first; one kept for
        // another account on this computer is dropped unseen.
        let held = try await HeldForm.waiting(for: user.id!, req)
        let target = user.mustChangePassword ? SiteURL.accountPassword.path
            : held != nil ? SiteURL.heldForm.path : (next ?? SiteURL.home.path)
        let response = req.redirect(to: target, redirectType: .normal)
        if held == nil, req.cookies[HeldForm.cookie] != nil { response.cookies[HeldForm.cookie] = HeldForm.expiredCookie(req) }
        response.cookies[IdentityMiddleware.sessionCookie] = SessionCookie.make(token, req)
        response.cookies[CSRFMiddleware.preSessionCookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/")
        return response
    }

    func logout(_ req: Request) async throws -> Response {
        if let session = req.identity?.session {
            try await req.db.transaction { db in
                try await session.delete(on: db)
                try await req.audit(.logout, entity: .user, entityID: req.identity?.user.id?.uuidString, summary: "", on: db)
            }
        }
        req.flash(.info, .loggedOut)
        let response = req.redirect(to: .login)
        response.cookies[IdentityMiddleware.sessionCookie] = SessionCookie.expired(req)
        // Nothing this user typed or saw stays for the next one on a shared computer: browsers
        // drop the site's storage (drafts) and cache. They honour it on HTTPS and localhost
        // only, so app.js also clears drafts on the login page and on the logout click.
        response.headers.replaceOrAdd(name: "Clear-Site-Data", value: "\"cache\", \"storage\"")
        return response
    }

    func showPassword(_ req: Request) async throws -> Response {
        let user = try req.user
        return await Layout.page(req, title: req.t(.changePasswordTitle),
                                 content: PasswordPage.view(.init(forced: user.mustChangePassword), req))
    }

    func changePassword(_ req: Request) async throws -> Response {
        let user = try req.user
        let t = req.t
        let current = req.formSecret("current_password")
        let new = req.formSecret("new_password")
        var errors = FieldErrors()
        if !((try? await req.password.async.verify(current, created: user.passwordHash)) ?? false) {
            errors["current_password"] = t(.wrongCurrentPassword)
        }
        if let problem = PasswordRules.problems(password: new, username: user.username).first {
            errors["new_password"] = problem.message(t)
        } else if new == current {
            errors["new_password"] = t(.passwordSameAsCurrent)
        }
        if new != req.formSecret("confirm_password") { errors["confirm_password"] = t(.passwordsDiffer) }
        guard errors.isEmpty else {
            return await Layout.page(req, title: t(.changePasswordTitle), status: .unprocessableEntity,
                                     content: PasswordPage.view(.init(forced: user.mustChangePassword, errors: errors), req))
        }
        user.passwordHash = try await req.password.async.hash(new)
        user.mustChangePassword = false
        user.version += 1
        try await req.identityTransaction { db in
            try await user.save(on: db)
            // Other browsers signed in as this user lose their sessions; this one stays.
            try await UserSession.query(on: db).filter(\.$userID == user.id!)
                .filter(\.$id != (req.identity?.session?.id ?? "")).delete()
            try await req.audit(.passwordChanged, entity: .user, entityID: user.id?.uuidString, summary: "", on: db)
        }
        req.flash(.success, .passwordChanged)
        return req.redirect(to: .home)
    }

    /// Only a local path may follow login, never another site.
    private func safeNext(_ next: String?) -> String? {
        SafeRedirect.localPath(next, loginPath: SiteURL.login.path)
    }
}

/// A bcrypt hash of a random string, used to spend a real verification on unknown usernames.
enum DummyHash {
    static let value = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuLqFm1IZ5rM0Fv5yv0x1DMkdvZyWqJ1u"
}

extension PasswordRules.Problem {
    /// What the password form and the account form say beside the field.
    func message(_ t: Localizer) -> String {
        switch self {
        case .tooShort: t(.passwordTooShort)
        case .sameAsUsername: t(.passwordSameAsUsername)
        case .common: t(.passwordCommon)
        }
    }
}
