@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Accounts: login, lockout, sessions, CSRF, passwords")
struct AuthTests {
    @Test func loginSucceedsAndSetsASafeCookie() async throws {
        try await TestApp.run(adjust: { $0.secureCookies = true }) { app, fx in
            // act
            let client = TestClient(app)
            let res = try await client.login("u.caseworker", Fixture.password)
            // check
            #expect(res.status == .seeOther)
            #expect(res.location == "/")
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix(IdentityMiddleware.sessionCookie + "=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"))
            let home = try await client.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("Người dùng caseWorker"))
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.loginSucceeded.rawValue).count()
            #expect(events == 1)
        }
    }

    @Test func sessionIdChangesAtLogin() async throws {
        try await TestApp.run { app, fx in
            // setup: a browser that already has a session
            let client = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let before = try #require(client.cookies[IdentityMiddleware.sessionCookie])
            // act: signing in again from that browser (its form carries the session's CSRF token)
            let res = try await client.post(SiteURL.login.path, form: ["username": "u.caseworker", "password": Fixture.password])
            #expect(res.status == .seeOther)
            // check
            let after = try #require(client.cookies[IdentityMiddleware.sessionCookie])
            #expect(before != after)
            #expect(try await UserSession.find(Secrets.sha256Hex(before), on: app.db) == nil)
            #expect(try await UserSession.find(Secrets.sha256Hex(after), on: app.db) != nil)
        }
    }

    @Test func anonymousRequestsCreateNoSession() async throws {
        try await TestApp.run { app, _ in
            let res = try await TestClient(app).get(SiteURL.login.path)
            #expect(res.status == .ok)
            #expect(!res.headers[.setCookie].contains { $0.hasPrefix(IdentityMiddleware.sessionCookie) })
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }

    @Test func wrongPasswordAndUnknownUserGetTheSameMessage() async throws {
        try await TestApp.run { app, _ in
            let wrong = try await TestClient(app).login("u.caseworker", "not-the-password")
            let unknown = try await TestClient(app).login("nobody.here", "not-the-password")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            let message = UIText.loginFailed.pair.vi
            #expect(wrong.text.contains(message))
            #expect(unknown.text.contains(message))
            // The typed username comes back in the form.
            #expect(wrong.text.contains("value=\"u.caseworker\""))
        }
    }

    @Test func accountLocksAfterFiveFailures() async throws {
        try await TestApp.run { app, fx in
            let now = NIOLockedValueBox(Date())
            app.clock = AppClock { now.withLockedValue { $0 } }
            for _ in 1...5 {
                let res = try await TestClient(app).login("u.counsellor", "wrong-password-1")
                #expect(res.status == .unauthorized)
            }
            // The right password is refused while locked, with the same message.
            let locked = try await TestClient(app).login("u.counsellor", Fixture.password)
            #expect(locked.status == .unauthorized)
            #expect(locked.text.contains(UIText.loginFailed.pair.vi))
            let user = try #require(try await User.find(username: "u.counsellor", on: app.db))
            #expect(user.lockedUntil != nil)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.loginLocked.rawValue).count() == 1)
            // After 15 minutes the account opens again.
            now.withLockedValue { $0 = $0.addingTimeInterval(15 * 60 + 1) }
            let later = try await TestClient(app).login("u.counsellor", Fixture.password)
            #expect(later.status == .seeOther)
        }
    }

    @Test func ipThrottleCountsFailuresPerAddressInAWindow() {
        let throttle = LoginThrottle(limit: 3)
        let t0 = Date()
        for _ in 1...2 { throttle.recordFailure("203.0.113.9", now: t0) }
        #expect(!throttle.isBlocked("203.0.113.9", now: t0))
        throttle.recordFailure("203.0.113.9", now: t0)
        #expect(throttle.isBlocked("203.0.113.9", now: t0))
        #expect(!throttle.isBlocked("203.0.113.10", now: t0))
        #expect(!throttle.isBlocked("203.0.113.9", now: t0.addingTimeInterval(LoginThrottle.window + 1)))
    }

    @Test func missingOrWrongCSRFIsRefused() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.admin))
            let missing = try await client.post(SiteURL.logout.path, form: [:], addCSRF: false)
            #expect(missing.status == .forbidden)
            let wrong = try await client.post(SiteURL.logout.path, form: ["_csrf": "forged"], addCSRF: false)
            #expect(wrong.status == .forbidden)
            let crossSite = try await client.post(SiteURL.logout.path, headers: ["Origin": "https://evil.example", "Host": "localhost"])
            #expect(crossSite.status == .forbidden)
            // The login form without its double-submit cookie is refused too.
            let anonymous = try await TestClient(app).post(SiteURL.login.path, form: ["username": "u.admin", "password": Fixture.password, "_csrf": "x"], addCSRF: false)
            #expect(anonymous.status == .forbidden)
            // The user's own page opened before a new login (same site, stale token): refused,
            // but what was typed comes back in a page that sends it again with the current token.
            let stale = try await client.post(SiteURL.adminUnits.path, form: ["_csrf": "from-an-old-login", "name": "Văn phòng CTXH xã Đồng Tâm",
                                                                              "code": "VPDT", "kind": "commune"],
                                              addCSRF: false, headers: ["Sec-Fetch-Site": "same-origin"])
            #expect(stale.status == .forbidden && stale.text.contains("id=\"replay-form\"") && stale.text.contains("value=\"Văn phòng CTXH xã Đồng Tâm\"")
                    && stale.text.contains("value=\"\(client.csrf ?? "-")\"") && !stale.text.contains("from-an-old-login"))
            #expect(try await OrgUnit.query(on: app.db).filter(\.$code == "VPDT").count() == 0)
            // Not for a request another site could have made.
            let forged = try await client.post(SiteURL.adminUnits.path, form: ["_csrf": "x", "name": "Giả mạo"], addCSRF: false)
            #expect(forged.status == .forbidden && !forged.text.contains("replay-form"))
            // With the right token it works.
            let ok = try await client.post(SiteURL.logout.path)
            #expect(ok.status == .seeOther)
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.viewer))
            let token = try #require(client.cookies[IdentityMiddleware.sessionCookie])
            let res = try await client.post(SiteURL.logout.path)
            #expect(res.status == .seeOther)
            #expect(try await UserSession.find(Secrets.sha256Hex(token), on: app.db) == nil)
            client.cookies[IdentityMiddleware.sessionCookie] = token
            let after = try await client.get("/")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
        }
    }

    @Test func idleSessionsExpire() async throws {
        try await TestApp.run { app, fx in
            let now = NIOLockedValueBox(Date())
            app.clock = AppClock { now.withLockedValue { $0 } }
            let client = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            #expect(try await client.get("/").status == .ok)
            now.withLockedValue { $0 = $0.addingTimeInterval(31 * 60) }
            let res = try await client.get("/")
            #expect(res.status == .seeOther)
            #expect(res.location?.hasPrefix("/login") == true)
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }

    /// Issue 14, item 2: a form sent after the session expired was lost at the login page.
    @Test func aFormSentAfterTheSessionExpiredWaitsForItsOwnerOnly() async throws {
        try await TestApp.run { app, fx in
            let now = NIOLockedValueBox(Date())
            app.clock = AppClock { now.withLockedValue { $0 } }
            let typed = ["name": "Văn phòng CTXH xã Đồng Tâm", "code": "VPDT", "kind": "commune", "parent_id": fx.center.id!.uuidString]
            let admin = fx.user(.admin)
            let client = try await TestClient.signedIn(app, as: admin)
            now.withLockedValue { $0 = $0.addingTimeInterval(31 * 60) }
            let sent = try await client.post(SiteURL.adminUnits.path, form: typed)
            #expect(sent.status == .seeOther && sent.location?.hasPrefix(SiteURL.login.path) == true)
            #expect(try await OrgUnit.query(on: app.db).filter(\.$code == "VPDT").count() == 0)
            let key = try #require(client.cookies[HeldForm.cookie])
            // Sealed: the table holds neither the key nor what was typed.
            let row = try #require(try await HeldForm.query(on: app.db).first())
            #expect(row.id == Secrets.sha256Hex(key) && row.userID == admin.id)
            #expect(String(decoding: row.sealed, as: UTF8.self).contains("VPDT") == false)
            #expect(try await client.get(SiteURL.login.path).text.contains("đã được giữ lại"))

            // The same account logs in: the form comes back once, to be sent with the new token.
            let login = try await client.login(admin.username, Fixture.password)
            #expect(login.location == SiteURL.heldForm.path)
            let page = try await client.get(SiteURL.heldForm.path)
            #expect(page.status == .ok && page.text.contains("id=\"replay-form\"") && page.text.contains("action=\"\(SiteURL.adminUnits.path)\"")
                    && page.text.contains("value=\"Văn phòng CTXH xã Đồng Tâm\"") && page.text.contains("value=\"\(client.csrf ?? "-")\""))
            #expect(client.cookies[HeldForm.cookie] == nil)
            #expect(try await HeldForm.query(on: app.db).count() == 0)
            #expect(try await client.get(SiteURL.heldForm.path).location == SiteURL.home.path)
            #expect(try await client.post(SiteURL.adminUnits.path, form: typed).status == .seeOther)
            #expect(try await OrgUnit.query(on: app.db).filter(\.$code == "VPDT").count() == 1)

            // On a shared computer another account logs in next: the form is dropped unseen.
            let other = try await TestClient.signedIn(app, as: admin)
            now.withLockedValue { $0 = $0.addingTimeInterval(31 * 60) }
            _ = try await other.post(SiteURL.adminUnits.path, form: ["name": "Ghi chú riêng", "code": "VPX", "kind": "commune"])
            #expect(other.cookies[HeldForm.cookie] != nil)
            let next = try await other.login(fx.user(.viewer).username, Fixture.password)
            #expect(next.location != SiteURL.heldForm.path && other.cookies[HeldForm.cookie] == nil)
            #expect(try await HeldForm.query(on: app.db).count() == 0)
            #expect(try await other.get(SiteURL.heldForm.path).text.contains("Ghi chú riêng") == false)

            // Only the expired session's own page is held: a token it never had, or a password, is not.
            let third = try await TestClient.signedIn(app, as: admin)
            now.withLockedValue { $0 = $0.addingTimeInterval(31 * 60) }
            _ = try await third.post(SiteURL.adminUnits.path, form: ["_csrf": "forged", "name": "Giả mạo"], addCSRF: false)
            let fourth = try await TestClient.signedIn(app, as: admin)
            now.withLockedValue { $0 = $0.addingTimeInterval(31 * 60) }
            _ = try await fourth.post(SiteURL.accountPassword.path, form: ["current_password": Fixture.password, "new_password": "x"])
            // Nor a logout from a session that has ended anyway.
            let fifth = try await TestClient.signedIn(app, as: admin)
            now.withLockedValue { $0 = $0.addingTimeInterval(31 * 60) }
            _ = try await fifth.post(SiteURL.logout.path)
            #expect(third.cookies[HeldForm.cookie] == nil && fourth.cookies[HeldForm.cookie] == nil && fifth.cookies[HeldForm.cookie] == nil)
            #expect(try await HeldForm.query(on: app.db).count() == 0)
        }
    }

    @Test func firstLoginForcesAPasswordChange() async throws {
        try await TestApp.run { app, fx in
            // setup
            let user = fx.user(.supervisor)
            user.mustChangePassword = true
            try await user.save(on: app.db)
            let client = TestClient(app)
            // act: login goes to the change form, and so does every other page
            let login = try await client.login(user.username, Fixture.password)
            #expect(login.location == SiteURL.accountPassword.path)
            #expect(try await client.get("/").location == SiteURL.accountPassword.path)
            #expect(try await client.get(SiteURL.adminUnits.path).location == SiteURL.accountPassword.path)
            // bad new passwords come back with messages beside the fields
            let page = try await client.get(SiteURL.accountPassword.path)
            #expect(page.text.contains("id=\"password-form\""))
            let short = try await client.post(SiteURL.accountPassword.path, form: [
                "current_password": Fixture.password, "new_password": "short", "confirm_password": "short"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.text.contains(UIText.passwordTooShort.pair.vi))
            let common = try await client.post(SiteURL.accountPassword.path, form: [
                "current_password": Fixture.password, "new_password": "matkhau123456", "confirm_password": "matkhau123456"])
            #expect(common.status == .unprocessableEntity)
            #expect(common.text.contains(UIText.passwordCommon.pair.vi))
            let same = try await client.post(SiteURL.accountPassword.path, form: [
                "current_password": Fixture.password, "new_password": user.username + "1", "confirm_password": user.username + "1"])
            #expect(same.status == .unprocessableEntity)
            // a good one is accepted
            let ok = try await client.post(SiteURL.accountPassword.path, form: [
                "current_password": Fixture.password, "new_password": "Bien-Xanh-2026!", "confirm_password": "Bien-Xanh-2026!"])
            #expect(ok.status == .seeOther)
            #expect(ok.location == "/")
            #expect(try await client.get("/").status == .ok)
            let stored = try #require(try await User.find(user.id, on: app.db))
            #expect(stored.mustChangePassword == false)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.passwordChanged.rawValue).count() == 1)
        }
    }

    @Test func disabledAccountsCannotSignIn() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let victim = try await TestClient.signedIn(app, as: fx.user(.collaborator))
            let res = try await admin.post(SiteURL.adminUserActive(fx.user(.collaborator).id!).path)
            #expect(res.status == .seeOther)
            #expect(try await victim.get("/").status == .seeOther)
            let login = try await TestClient(app).login("u.collaborator", Fixture.password)
            #expect(login.status == .unauthorized)
        }
    }

    @Test func passwordRules() {
        #expect(PasswordRules.problems(password: "short", username: "lan").contains(.tooShort))
        #expect(PasswordRules.problems(password: "nguyenthilan", username: "nguyenthilan").contains(.sameAsUsername))
        #expect(PasswordRules.problems(password: "Mật-Khẩu-123", username: "lan").contains(.common))
        #expect(PasswordRules.problems(password: "1234567890", username: "lan").contains(.common))
        #expect(PasswordRules.problems(password: "Password2026", username: "lan").contains(.common))
        #expect(PasswordRules.problems(password: "4829175036", username: "lan").contains(.common))
        #expect(PasswordRules.problems(password: "Bien-Xanh-2026!", username: "lan").isEmpty)
    }
}

@Suite("Identity look-ups")
struct IdentityQueriesTests {
    /// The hand-listed properties of the models read on every request are all of their properties.
    @Test func everyStoredPropertyIsListed() {
        func keys(_ properties: [any AnyProperty]) -> Set<String> {
            Set(properties.compactMap { $0 as? any AnyDatabaseProperty }.flatMap(\.keys).map(\.description))
        }
        for model in [User(), APIToken(), UserSession()] as [any StoredProperties] {
            #expect(keys(model.storedProperties) == keys(model.properties), "\(type(of: model))")
        }
    }

    /// The hand-written select lists bring every column: the models read back equal Fluent's own,
    /// through the prepared statements the middleware uses (SQLite or PostgreSQL).
    @Test func theLookUpsReadWhatFluentReads() async throws {
        try await TestApp.run { app, fx in
            let user = fx.user(.caseWorker)
            let (stored, secret) = try await TokenController.issue(for: user, name: "t", on: app.db)
            let cookie = Secrets.randomToken()
            try await UserSession(tokenHash: Secrets.sha256Hex(cookie), userID: user.id!, csrfToken: "c", now: app.clock.now(), ip: "10.0.0.1")
                .create(on: app.db)
            #expect((app.sqlitePreparedReads != nil) == (app.sqliteWriteLock != nil))
            let reads = app.sqlitePreparedReads
            // PostgreSQL: the second round reads the token from the identity cache's recorded values.
            let cache = try await IdentityCacheTests.listening(app)
            for round in 0..<2 {
                #expect(cache.map { ($0.row(for: Secrets.sha256Hex(secret)) != nil) == (round == 1) } ?? true)
                let (token, account) = try #require(try await IdentityQueries.token(hash: Secrets.sha256Hex(secret), on: app.db, eventLoop: app.eventLoopGroup.any(), reads: reads, cache: app.identityCache).get())
                let fluentToken = try #require(try await APIToken.find(stored.id, on: app.db))
                #expect(token.id == fluentToken.id && token.userID == fluentToken.userID && token.name == fluentToken.name
                        && token.tokenHash == fluentToken.tokenHash && token.prefix == fluentToken.prefix
                        && token.createdAt == fluentToken.createdAt && token.lastUsedAt == fluentToken.lastUsedAt
                        && token.revokedAt == fluentToken.revokedAt)
                let fluentUser = try #require(try await User.find(user.id, on: app.db))
                #expect(account.id == fluentUser.id && account.createdAt == fluentUser.createdAt && account.updatedAt == fluentUser.updatedAt
                        && account.createdBy == fluentUser.createdBy && account.version == fluentUser.version
                        && account.username == fluentUser.username && account.fullName == fluentUser.fullName
                        && account.passwordHash == fluentUser.passwordHash && account.role == fluentUser.role
                        && account.unitID == fluentUser.unitID && account.active == fluentUser.active
                        && account.mustChangePassword == fluentUser.mustChangePassword && account.failedLogins == fluentUser.failedLogins
                        && account.lockedUntil == fluentUser.lockedUntil && account.language == fluentUser.language
                        && account.lastLoginAt == fluentUser.lastLoginAt)

                let (session, _) = try #require(try await IdentityQueries.session(id: Secrets.sha256Hex(cookie), on: app.db, reads: reads).get())
                let fluentSession = try #require(try await UserSession.find(Secrets.sha256Hex(cookie), on: app.db))
                #expect(session.id == fluentSession.id && session.userID == fluentSession.userID && session.csrfToken == fluentSession.csrfToken
                        && session.createdAt == fluentSession.createdAt && session.lastSeenAt == fluentSession.lastSeenAt
                        && session.ip == fluentSession.ip)
                // Unknown credentials: nobody.
                #expect(try await IdentityQueries.token(hash: Secrets.sha256Hex("nope"), on: app.db, eventLoop: app.eventLoopGroup.any(), reads: reads, cache: app.identityCache).get() == nil)
            }
            // Kept prepared: the statements ran again and with other values without SQLite preparing them again.
            #expect(app.sqlitePreparedReads?.reprepares ?? 0 == 0)
        }
    }

    /// An account row that no longer decodes (here a role that does not exist) means nobody is
    /// signed in: the login page for a browser, 401 for the API, never a 500.
    @Test func anAccountThatNoLongerDecodesIsSignedOut() async throws {
        try await TestApp.run { app, fx in
            let user = fx.user(.caseWorker)
            let browser = try await TestClient.signedIn(app, as: user)
            let (_, secret) = try await TokenController.issue(for: user, name: "t", on: app.db)
            try await (app.db as! any SQLDatabase).raw("UPDATE users SET role = 'ghost' WHERE id = \(bind: user.id!)").run()
            let page = try await browser.get(SiteURL.cases.path)
            #expect(page.status == .seeOther && page.headers.first(name: .location)?.hasPrefix(SiteURL.login.path) == true)
            let api = try await app.testing().sendRequest(.GET, SiteURL.apiCases.path, headers: ["Authorization": "Bearer \(secret)"])
            #expect(api.status == .unauthorized)
        }
    }
}
