@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Errors, observability, API base, UI shell, storage")
struct PlatformTests {
    struct Boom: Error, CustomStringConvertible { var description: String { "secret internal detail" } }

    @Test func apiErrorsAreJSON() async throws {
        try await TestApp.run { app, fx in
            let res = try await TestClient(app).get("/api/v1/nothing-here")
            #expect(res.status == .notFound)
            let body = try JSONDecoder().decode(AppErrorMiddleware.APIError.self, from: Data(res.text.utf8))
            #expect(body.error)
            #expect(!body.reason.isEmpty)
            let unauthorized = try await TestClient(app).get(SiteURL.apiMe.path)
            #expect(unauthorized.status == .unauthorized)
            #expect(unauthorized.headers.first(name: .contentType)?.contains("json") == true)
            let client = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let bad = try await client.get(SiteURL.apiCommunes.path + "?province=x")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("province"))
        }
    }

    @Test func serverErrorsShowARequestIdAndNoInternals() async throws {
        try await TestApp.run { app, fx in
            app.get("boom") { _ -> String in throw Boom() }
            app.get("api", "boom") { _ -> String in throw Boom() }
            let res = try await TestClient(app).get("/boom", headers: ["X-Request-Id": "req-123"])
            #expect(res.status == .internalServerError)
            #expect(!res.text.contains("secret internal detail"))
            #expect(res.text.contains("req-123"))
            #expect(res.text.contains(UIText.errorServer.pair.vi))
            let api = try await TestClient(app).get("/api/boom")
            #expect(api.status == .internalServerError)
            #expect(!api.text.contains("secret"))
            let english = try await TestClient(app).get("/no-such-page?lang=en")
            #expect(english.status == .notFound)
            #expect(english.text.contains(UIText.errorNotFound.pair.en))
            // A forged request id cannot inject text into logs or pages.
            let forged = try await TestClient(app).get("/boom", headers: ["X-Request-Id": "x\nFAKE LOG LINE"])
            #expect(!forged.text.contains("FAKE LOG LINE"))
        }
    }

    @Test func probesAndMetrics() async throws {
        try await TestApp.run { app, _ in
            let client = TestClient(app)
            #expect(try await client.get(SiteURL.healthz.path).status == .ok)
            #expect(try await client.get(SiteURL.readyz.path).status == .ok)
            _ = try await client.get(SiteURL.login.path)
            let metrics = try await client.get(SiteURL.metrics.path)
            #expect(metrics.text.contains("ansinh_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"} 1"))
            #expect(metrics.text.contains("ansinh_http_request_duration_seconds_bucket"))
        }
    }

    @Test func openAPIDescribesEveryAPIRoute() async throws {
        try await TestApp.run { app, _ in
            let res = try await TestClient(app).get(SiteURL.apiOpenAPI.path)
            #expect(res.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(res.text.utf8)) as? [String: Any]
            #expect(json?["openapi"] as? String == "3.1.0")
            let documented = OpenAPIDocument.operations
            for route in app.routes.all {
                let path = "/" + route.path.map(\.description).joined(separator: "/")
                guard path.hasPrefix("/api/") else { continue }
                #expect(documented.contains("\(route.method.rawValue) \(path)"), "\(route.method.rawValue) \(path) is not in the OpenAPI document")
            }
        }
    }

    @Test func apiTokensAuthenticateUntilRevoked() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            let page = try await client.post(SiteURL.tokens.path, form: ["name": "Tổng đài"])
            #expect(page.status == .ok)
            let secret = try #require(page.text.range(of: "value=\"ans_").map { r in
                "ans_" + String(page.text[r.upperBound...].prefix { $0 != "\"" })
            })
            // Only the hash is stored.
            let stored = try #require(try await APIToken.query(on: app.db).first())
            #expect(stored.tokenHash == Secrets.sha256Hex(secret))
            let me = try await TestClient(app).get(SiteURL.apiMe.path, headers: ["Authorization": "Bearer \(secret)"])
            #expect(me.status == .ok)
            let body = try JSONDecoder().decode(APIController.Me.self, from: Data(me.text.utf8))
            #expect(body.username == "u.counsellor")
            #expect(body.role == .counsellor)
            #expect(Set(body.scopeUnitIDs) == [fx.officeA.id!, fx.officeA1.id!])
            // The user loaded with the token can be saved (an update, not a second insert).
            var h: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            h.contentType = .urlEncodedForm
            let saved = try await TestClient(app).send(.POST, SiteURL.accountLanguage.path, headers: h, body: ByteBuffer(string: "language=en"))
            #expect(saved.status == .seeOther)
            #expect(try await User.find(fx.user(.counsellor).id, on: app.db)?.language == "en")
            #expect(try await User.query(on: app.db).filter(\.$username == "u.counsellor").count() == 1)
            // Bearer requests need no CSRF token (browsers never send this header by themselves).
            _ = try await client.post(SiteURL.tokenRevoke(stored.id!).path)
            let after = try await TestClient(app).get(SiteURL.apiMe.path, headers: ["Authorization": "Bearer \(secret)"])
            #expect(after.status == .unauthorized)
        }
    }

    @Test func everyUIStringHasBothLanguages() {
        for key in UIText.allCases {
            #expect(!key.pair.vi.isEmpty, "\(key) has no Vietnamese text")
            #expect(!key.pair.en.isEmpty, "\(key) has no English text")
        }
        for role in Role.allCases {
            #expect(Localizer(language: .vi).role(role) != Localizer(language: .en).role(role))
        }
    }

    @Test func languageSwitchesByQueryAndCookie() async throws {
        try await TestApp.run { app, fx in
            let client = TestClient(app)
            let vi = try await client.get(SiteURL.login.path)
            #expect(vi.text.contains("<html lang=\"vi\">"))
            #expect(vi.text.contains(">Đăng nhập</button>"))
            let en = try await client.get(SiteURL.login.path + "?lang=en")
            #expect(en.text.contains("<html lang=\"en\">"))
            #expect(en.text.contains(">Log in</button>"))
            // The choice sticks through the cookie.
            let next = try await client.get(SiteURL.login.path)
            #expect(next.text.contains("<html lang=\"en\">"))
            // A signed-in user's saved preference applies when there is no cookie.
            let user = fx.user(.viewer)
            let signed = try await TestClient.signedIn(app, as: user)
            _ = try await signed.post(SiteURL.accountLanguage.path, form: ["language": "en"])
            signed.cookies[Language.cookieName] = nil
            #expect(try await signed.get("/").text.contains("<html lang=\"en\">"))
        }
    }

    @Test func pagesEscapeWhatUsersTyped() async throws {
        try await TestApp.run { app, fx in
            let unit = fx.officeB
            unit.name = "\"><script>alert(1)</script>&amp;"
            try await unit.save(on: app.db)
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let list = try await admin.get(SiteURL.adminUnits.path)
            #expect(!list.text.contains("<script>alert(1)"))
            #expect(list.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;"))
            let edit = try await admin.get(SiteURL.adminUnitEdit(unit.id!).path)
            #expect(edit.text.contains("value=\"&quot;&gt;&lt;script&gt;"))
            #expect(list.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
            // Pages (text/html with a charset) are kept out of caches.
            #expect(list.headers.first(name: .contentType)?.hasPrefix("text/html") == true)
            #expect(list.headers.first(name: .cacheControl) == "no-store")
        }
    }

    @Test func layoutShowsCenterUserRoleAndNavigationByRole() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let home = try await admin.get("/")
            #expect(home.text.contains("class=\"center-name\">Trung tâm Công tác xã hội tỉnh Thử"))
            #expect(home.text.contains("class=\"user-role\">Quản trị hệ thống"))
            #expect(home.text.contains("href=\"/admin/users\""))
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let page = try await worker.get("/")
            #expect(page.text.contains("class=\"user-role\">Cán bộ quản lý trường hợp"))
            #expect(!page.text.contains("href=\"/admin/users\""))
            #expect(page.text.contains("id=\"logout-form\""))
        }
    }

    @Test func stylesAndScriptsStayUnder30KB() async throws {
        try await TestApp.run { app, _ in
            let total = app.assets.files.values.reduce(0) { $0 + $1.bytes.readableBytes }
            #expect(total > 0)
            #expect(total <= 30 * 1024)
            let css = try await TestClient(app).get(SiteURL.staticAsset("app.css").path)
            #expect(css.status == .ok)
            #expect(css.headers.first(name: .cacheControl)?.contains("immutable") == true)
        }
    }

    @Test func auditLogIsAppendOnlyAndBrowsable() async throws {
        try await TestApp.run { app, fx in
            _ = try await TestClient(app).login("u.admin", "wrong-password-x")
            let event = try #require(try await AuditEvent.query(on: app.db).first())
            #expect(event.action == AuditAction.loginFailed.rawValue)
            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_events SET summary = 'changed'").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_events").run()
            }
            #expect(try await AuditEvent.query(on: app.db).count() == 1)
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let page = try await admin.get(SiteURL.adminAudit.path + "?action=login.failed")
            #expect(page.text.contains("<td>Đăng nhập sai</td>") && !page.text.contains("<code>login.failed"))
            let none = try await admin.get(SiteURL.adminAudit.path + "?user=nobody")
            #expect(!none.text.contains("<td>Đăng nhập sai</td>"))
            // Words, never codes: an account change reads with the role and the unit by name,
            // the account by name with a link, and a link to its whole history.
            #expect(try await admin.post(SiteURL.adminUsers.path, form: [
                "username": "nguyenthilan", "full_name": "Nguyễn Thị Lan", "role": "supervisor",
                "unit_id": fx.officeB.id!.uuidString, "password": "Hoa-Sen-Trang-9"]).status == .seeOther)
            let created = try #require(try await User.find(username: "nguyenthilan", on: app.db))
            let log = try await admin.get(SiteURL.adminAudit.path + "?action=user.created")
            #expect(log.text.contains("Tạo người dùng") && log.text.contains(">Nguyễn Thị Lan</a>"))
            #expect(log.text.contains("\(fx.user(.admin).fullName) (u.admin)"))
            #expect(!log.text.contains(fx.officeB.id!.uuidString) && !log.text.contains(fx.officeB.id!.uuidString.lowercased()))
            #expect(!log.text.contains("role=supervisor"))
            let history = try await admin.get(SiteURL.adminAudit.path + "?record=\(created.id!.uuidString.lowercased())")
            #expect(history.text.contains("id=\"audit-record\"") && history.text.contains("Tạo người dùng") && !history.text.contains("<td>Đăng nhập sai</td>"))
            let badDate = try await admin.get(SiteURL.adminAudit.path + "?from=99/99/2026")
            #expect(badDate.status == .ok)
            #expect(badDate.text.contains(UIText.calendarDateInvalid.pair.vi))
        }
    }

    @Test func sqliteIsDurable() async throws {
        try await TestApp.run { app, _ in
            guard case .sqliteFile = app.ansinh.database else { return }
            let sql = app.db as! any SQLDatabase
            // Every connection: the default ones and the call batcher's own.
            for loop in app.eventLoopGroup.makeIterator() {
                let db = app.databases.database(.sqlite, logger: app.logger, on: loop)! as! any SQLDatabase
                let sync = try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                let fk = try await db.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
                #expect(sync == 2)
                #expect(fk == 1)
                let autoCheckpoint = try await db.raw("PRAGMA wal_autocheckpoint").first()?.decode(column: "wal_autocheckpoint", as: Int.self)
                #expect(autoCheckpoint == Int(SQLiteGroupWriter.walLimit))
            }
            guard case .sqlite(let writer, _) = app.callBatcher.target else {
                Issue.record("On SQLite, calls are written by an SQLiteGroupWriter")
                return
            }
            #expect(try await writer.pragma("synchronous") == 2)
            #expect(try await writer.pragma("foreign_keys") == 1)
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            let backup = app.ansinh.dataDirectory + "/backup.sqlite"
            try await BackupCommand.sqliteBackup(app.db, to: backup)
            #expect(FileManager.default.fileExists(atPath: backup))
        }
    }

    @Test func firstStartCreatesTheAdministrator() async throws {
        try await TestApp.run(adjust: { $0.adminPassword = "Khoi-Dong-2026" }) { app, fx in
            // The fixture already made accounts; start from none.
            try await UserSession.query(on: app.db).delete()
            try await APIToken.query(on: app.db).delete()
            try await User.query(on: app.db).delete()
            try await Bootstrap.prepare(app)
            let admin = try #require(try await User.find(username: "admin", on: app.db))
            #expect(admin.role == .admin)
            #expect(admin.mustChangePassword)
            let login = try await TestClient(app).login("admin", "Khoi-Dong-2026")
            #expect(login.location == SiteURL.accountPassword.path)
            // Running it again changes nothing.
            try await Bootstrap.prepare(app)
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }
}

@Suite("Shutdown")
struct ShutdownTests {
    /// A responder that waits until it is released, then notes that it finished.
    actor Gate: AsyncResponder {
        var released = false
        var finished = false
        func release() { released = true }
        nonisolated func respond(to request: Request) async throws -> Response {
            while await !isReleased() { try await Task.sleep(for: .milliseconds(5)) }
            await markFinished()
            return Response(status: .ok)
        }
        func isReleased() -> Bool { released }
        func markFinished() { finished = true }
    }

    @Test func shutdownWaitsForRequestsStillRunning() async throws {
        try await TestApp.run { app, _ in
            let inFlight = InFlightRequests(drainTimeout: .seconds(30))
            let gate = Gate()
            let req = Request(application: app, on: app.eventLoopGroup.next())
            let request = Task { try await inFlight.respond(to: req, chainingTo: gate) }
            while inFlight.current == 0 { await Task.yield() }
            let shutdown = Task {
                await inFlight.shutdownAsync(app)
                return await gate.finished
            }
            await gate.release()
            #expect(await shutdown.value, "shutdown returned before the running request had finished")
            _ = try await request.value
            #expect(inFlight.current == 0)
        }
    }
}

@Suite("Hashes")
struct HashTests {
    /// Stored token hashes and caller-number hashes must never change: known vectors.
    @Test func hashesMatchTheStandardVectors() {
        #expect(Secrets.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // RFC 4231, test case 2.
        #expect(Secrets.keyedHash("what do ya want for nothing?", secret: Array("Jefe".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Secrets.hex([0x00, 0x0f, 0xf0, 0xff]) == "000ff0ff")
    }
}

@Suite("OpenAPI references")
struct OpenAPIReferenceTests {
    /// Every `$ref` names a schema the document defines (the schemas come from two files).
    @Test func everyReferenceResolves() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = try encoder.encode(OpenAPIDocument.document)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schemas = try #require((json["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let text = String(decoding: data, as: UTF8.self)
        let refs = Set(text.components(separatedBy: "#/components/schemas/").dropFirst().map { $0.prefix { $0 != "\"" } }.map(String.init))
        #expect(!refs.isEmpty)
        for ref in refs { #expect(schemas[ref] != nil, "missing schema \(ref)") }
        #expect(schemas["Person"] != nil && schemas["Case"] != nil && schemas["Error"] != nil)
    }
}
