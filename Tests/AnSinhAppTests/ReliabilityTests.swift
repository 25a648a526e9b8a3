@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The defects of the reliability review: each test here failed before its fix.
@Suite("Reliability: bounded input, durable PostgreSQL writes, deadlines, outages, redirects, error bodies")
struct ReliabilityTests {
    static let huge = "9223372036854775807"

    // MARK: - Paging and periods bounded in one place

    @Test func hugeOffsetsAndPagesAnswer422InsteadOfCrashing() async throws {
        try await TestApp.run { app, fx in
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            for path in [SiteURL.apiCases.path + "?offset=\(Self.huge)", SiteURL.apiCalls.path + "?offset=\(Self.huge)",
                         SiteURL.hotlineCalls.path + "?offset=\(Self.huge)", SiteURL.apiCalls.path + "?offset=-1",
                         SiteURL.apiCalls.path + "?limit=0", SiteURL.apiCalls.path + "?limit=201", SiteURL.apiCases.path + "?limit=abc",
                         SiteURL.apiCalls.path + "?offset=99999999999999999999999", SiteURL.apiPersons.path + "?q=An&limit=101",
                         SiteURL.apiPersons.path + "?q=An&birthYear=\(Self.huge)",
                         // An empty date is no date (fuzz-api found `cases?to=` answered 200).
                         SiteURL.apiCases.path + "?to=", SiteURL.apiCases.path + "?from="] {
                let res = try await director.get(path)
                #expect(res.status == .unprocessableEntity, "\(path): \(res.status)")
            }
            let res = try await admin.get(SiteURL.adminAudit.path + "?page=\(Self.huge)")
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("20000"), "the page names the allowed range")
            // The API says which parameter and what range, in both languages.
            let api = try await director.get(SiteURL.apiCases.path + "?offset=\(Self.huge)")
            let failure = try HotlineTests.decode(ValidationFailure.self, api)
            #expect(failure.fields.map(\.field) == ["offset"])
            #expect(failure.fields[0].message.contains("1000000"))
            // In range still works, at the edges too.
            #expect(try await director.get(SiteURL.apiCases.path + "?offset=1000000&limit=200").status == .ok)
            #expect(try await admin.get(SiteURL.adminAudit.path + "?page=20000").status == .ok)
        }
    }

    @Test func reportPeriodsAreBounded() async throws {
        try await TestApp.run { app, fx in
            let viewer = try await TestClient.signedIn(app, as: fx.user(.viewer))
            let refused = [
                "from=0001-01-01&to=9999-12-31", "from=1989-12-31&to=2000-01-01", "from=2000-01-01&to=2025-12-31",
                "from=2026-02-01&to=2026-01-01", "from=2026-13-01&to=2026-12-31",
            ]
            // The API needs both dates; a page's empty field means its default (this year, today).
            for path in [SiteURL.apiHotlineReport.path, SiteURL.apiCaseReport.path] {
                #expect(try await viewer.get(path + "?from=2026-01-01&to=").status == .unprocessableEntity, "\(path)")
            }
            #expect(try await viewer.get(SiteURL.hotlineReport.path + "?from=2026-01-01&to=").status == .ok)
            for query in refused {
                for path in [SiteURL.apiHotlineReport.path, SiteURL.apiCaseReport.path, SiteURL.hotlineReport.path,
                             SiteURL.caseReport.path, SiteURL.hotlineReportExport.path, SiteURL.caseReportExport.path] {
                    let res = try await viewer.get(path + "?" + query)
                    #expect(res.status == .unprocessableEntity, "\(path)?\(query): \(res.status)")
                }
            }
            #expect(try await viewer.get(SiteURL.apiHotlineReport.path + "?from=2006-01-01&to=2025-12-31").status == .ok)
            #expect(try await viewer.get(SiteURL.apiCalls.path + "?from=0001-01-01").status == .forbidden)
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            #expect(try await counsellor.get(SiteURL.apiCalls.path + "?from=0001-01-01").status == .unprocessableEntity)
            #expect(try await counsellor.get(SiteURL.apiCalls.path + "?to=9999-12-31").status == .unprocessableEntity)
        }
    }

    /// Months come from one GROUP BY on the local (UTC+7) month: a call at 00:30 on 1 February in
    /// Vietnam is 17:30 on 31 January in UTC and counts in February; months without calls are 0.
    @Test func callsPerMonthFollowLocalTimeAndListEveryMonth() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            for startedAt in ["2026-01-31T23:30:00+07:00", "2026-02-01T00:30:00+07:00", "2026-02-15T10:00:00+07:00", "2026-04-30T23:59:00+07:00"] {
                let res = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, ["line": "18006605", "kind": "silent", "startedAt": startedAt])
                #expect(res.status == .created)
            }
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let report = try HotlineTests.decode(HotlineReport.self, try await director.get(SiteURL.apiHotlineReport.path + "?from=2026-01-15&to=2026-05-10"))
            #expect(report.byMonth == [.init(code: "2026-01", count: 1), .init(code: "2026-02", count: 2),
                                       .init(code: "2026-03", count: 0), .init(code: "2026-04", count: 1), .init(code: "2026-05", count: 0)])
        }
    }

    // MARK: - Open redirect

    @Test(arguments: [
        "/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "/%09/evil.example", "/%2F/evil.example",
        "/%2f%2fevil.example", "/%5Cevil.example", "/%252F%252Fevil.example", "https://evil.example", "/ /evil.example",
        "/\n/evil.example", "/\r\n/evil.example", " /cases", "/\u{7F}/evil", "/\u{2028}/evil", "javascript:alert(1)",
        "/%E2%80%A8/evil", "/%00/evil", "", "evil.example", "/login", "/login?next=/x",
    ])
    func loginRefusesEveryRedirectOffSite(_ next: String) {
        #expect(SafeRedirect.localPath(next, loginPath: SiteURL.login.path) == nil, "\(next.debugDescription)")
    }

    @Test func loginKeepsLocalPaths() async throws {
        for next in ["/cases", "/cases?all=1&overdue=1", "/people?q=Nguy%E1%BB%85n", "/hotline/calls#x", "/"] {
            #expect(SafeRedirect.localPath(next, loginPath: SiteURL.login.path) == next)
        }
        try await TestApp.run { app, fx in
            let client = TestClient(app)
            let page = try await client.get(SiteURL.login.path + "?next=/%09/evil.example")
            #expect(!page.text.contains("evil.example"))
        }
    }

    // MARK: - Error bodies

    @Test func decodingFailuresNameTheFieldInBothLanguagesNeverATypeName() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            func post(_ body: String, contentType: HTTPMediaType? = .json, lang: String = "vi") async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = ["X-CSRF-Token": counsellor.csrf ?? "", "Accept-Language": lang]
                if let contentType { headers.contentType = contentType }
                return try await counsellor.send(.POST, SiteURL.apiCalls.path + "?lang=\(lang)", headers: headers, body: ByteBuffer(string: body))
            }
            let internals = ["Dictionary", "Swift.", "Value was not of type", "The given data", "decode data", "CodingKeys", "Int64"]
            for (body, status) in [("[]", HTTPResponseStatus.badRequest), ("{\"line\": 99999999999999999999999999}", .unprocessableEntity),
                                   ("{\"line\": 5, \"kind\": \"silent\"}", .unprocessableEntity), ("not json", .badRequest),
                                   ("{\"line\": \"18006605\", \"kind\": \"silent\", \"caller\": []}", .unprocessableEntity)] {
                for lang in ["vi", "en"] {
                    let res = try await post(body, lang: lang)
                    #expect(res.status == status, "\(body): \(res.status) \(res.text)")
                    #expect(!internals.contains { res.text.contains($0) }, "\(body): \(res.text)")
                }
            }
            let typed = try HotlineTests.decode(ValidationFailure.self, try await post("{\"line\": 5, \"kind\": \"silent\"}"))
            #expect(typed.fields.map(\.field) == ["line"])
            #expect(typed.fields[0].message == "Cần chuỗi ký tự.")
            let nested = try HotlineTests.decode(ValidationFailure.self, try await post("{\"line\": \"18006605\", \"kind\": \"silent\", \"caller\": []}", lang: "en"))
            #expect(nested.fields.map(\.field) == ["caller"])
            #expect(nested.fields[0].message == "Must be a JSON object.")
            let noType = try await post("{}", contentType: nil)
            #expect(noType.status == .unsupportedMediaType)
            #expect(noType.text.contains("Content-Type"))
            #expect(!internals.contains { noType.text.contains($0) })
        }
    }

    // MARK: - Outages and probes

    @Test func databaseFailuresAreTold() {
        #expect(DatabaseFailure.isUnavailable(DeadlineExceeded(what: "x", seconds: 1)))
        #expect(DatabaseFailure.isUnavailable(ServiceUnavailable(cause: "x")))
        #expect(DatabaseFailure.isUnavailable(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(!DatabaseFailure.isUnavailable(Abort(.notFound)))
        #expect(!DatabaseFailure.isUnavailable(Abort(.badRequest)))
    }

    /// A database out of reach answers 503 with `Retry-After`: JSON under /api, a page elsewhere.
    @Test func unavailableDatabaseAnswers503() async throws {
        try await TestApp.run { app, fx in
            let failures: [any Error & Sendable] = [IOError(errnoCode: ECONNREFUSED, reason: "connect"),
                                                    ConnectionPoolTimeoutError.connectionRequestTimeout,
                                                    DeadlineExceeded(what: "write", seconds: 1)]
            for (i, failure) in failures.enumerated() {
                app.get("api", "v1", "outage-\(i)") { _ -> String in throw failure }
                app.get("outage-\(i)") { _ -> String in throw failure }
                let api = try await app.testing().sendRequest(.GET, "/api/v1/outage-\(i)")
                #expect(api.status == .serviceUnavailable)
                #expect(api.headers.first(name: "Retry-After") == "5")
                #expect(api.headers.contentType == .json)
                let page = try await app.testing().sendRequest(.GET, "/outage-\(i)")
                #expect(page.status == .serviceUnavailable)
                #expect(page.headers.first(name: "Retry-After") == "5")
                #expect(page.body.string.contains("thử lại"))
            }
        }
    }

    /// Probes never read who is asking: with the tokens' table gone (as good as a database that
    /// is down for that query), a credential sent to them changes nothing.
    @Test func probesNeverReadIdentity() async throws {
        try await TestApp.run { app, fx in
            let (_, secret) = try await TokenController.issue(for: fx.user(.counsellor), name: "t", on: app.db)
            try await (app.db as! any SQLDatabase).raw("DROP TABLE api_tokens").run()
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            for path in [SiteURL.healthz.path, SiteURL.readyz.path, SiteURL.metrics.path] {
                #expect(try await app.testing().sendRequest(.GET, path, headers: bearer).status == .ok, "\(path)")
            }
            #expect(try await app.testing().sendRequest(.GET, SiteURL.apiCalls.path, headers: bearer).status.code >= 500)
        }
    }

    /// A read stuck on a dead connection (it hung once in `scripts/fault-test`) answers 503
    /// with `Retry-After` at its deadline instead of holding its client for ever; writes keep theirs.
    @Test func aStuckReadAnswers503AtItsDeadline() async throws {
        try await TestApp.run { app, _ in
            let stuck = NIOLockedValueBox<[CheckedContinuation<Void, Never>]>([])
            let guarded = app.grouped(RequestDeadline(readSeconds: 0.2))
            guarded.get("stuck") { _ async -> String in
                await withCheckedContinuation { c in stuck.withLockedValue { $0.append(c) } }
                return "late"
            }
            guarded.get("quick") { _ in "ok" }
            let res = try await app.testing().sendRequest(.GET, "/stuck")
            #expect(res.status == .serviceUnavailable && res.headers.first(name: .retryAfter) != nil)
            #expect(try await app.testing().sendRequest(.GET, "/quick").body.string == "ok")
            for c in stuck.withLockedValue({ $0 }) { c.resume() }
        }
    }

    @Test func aDeadlineEndsAnOperationThatNeverAnswers() async throws {
        let closed = NIOLockedValueBox(false)
        let stuck = NIOLockedValueBox<CheckedContinuation<Void, Never>?>(nil)
        await #expect(throws: DeadlineExceeded.self) {
            try await Deadline.run("never", seconds: 0.05, onTimeout: { closed.withLockedValue { $0 = true } }) {
                // Ignores cancellation, as a query on a dead connection does.
                await withCheckedContinuation { continuation in stuck.withLockedValue { $0 = continuation } }
            }
        }
        #expect(closed.withLockedValue { $0 })
        stuck.withLockedValue { $0 }?.resume()
        let quick = try await Deadline.run("quick", seconds: 5) { 42 }
        #expect(quick == 42)
    }

    @Test func aWriterWaitingForTheLockGivesUp() async throws {
        let mutex = AsyncMutex()
        #expect(await mutex.lock(within: 1))
        #expect(await mutex.lock(within: 0.05) == false)
        await mutex.unlock()
        #expect(await mutex.lock(within: 1), "the waiter that gave up does not hold the lock")
        await mutex.unlock()
    }

    // MARK: - Durable writes on PostgreSQL

    /// A deferred constraint trigger fails at COMMIT. Answered at CommandComplete, an implicit
    /// transaction's write looked saved although its commit failed; in an explicit transaction
    /// the failure reaches the caller. (SQLite: each commit is durable when it returns, with
    /// `synchronous=FULL`, checked instead.)
    @Test func writesAreAnsweredOnlyAfterTheirCommit() async throws {
        try await TestApp.run { app, fx in
            let sql = app.db as! any SQLDatabase
            guard app.ansinh.database.isPostgres else {
                let mode = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                #expect(mode == 2, "synchronous=FULL")
                return
            }
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            try await sql.raw("""
                CREATE OR REPLACE FUNCTION fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$
                """).run()
            for table in ["calls", "user_sessions", "audit_events"] {
                try await sql.raw("CREATE CONSTRAINT TRIGGER fail_at_commit AFTER INSERT ON \(ident: table) DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_at_commit()").run()
            }
            // A recorded call (the group insert).
            let call = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, ["line": "18006605", "kind": "silent"])
            #expect(call.status != .created, "\(call.status)")
            #expect(try await Call.query(on: app.db).count() == 0)
            // A model saved on its own, outside any transaction of the caller's (an audit line).
            await #expect(throws: (any Error).self) {
                let event = AuditEvent()
                event.at = Date()
                event.action = AuditAction.logout.rawValue
                event.summary = "x"
                try await event.create(on: app.db)
            }
            // A session made at login: the browser must not get a cookie for a session that is not there.
            let login = try await TestClient(app).login(fx.user(.caseWorker).username, Fixture.password)
            #expect(login.status != .seeOther)
        }
    }

    // MARK: - Retries, locked accounts, the administrator's reach

    /// A create sent again with the same `Idempotency-Key` (its first answer was lost) gets the
    /// record the first one made, not a second record; another key, or another account, makes a new one.
    @Test func aRetriedCreateWithItsKeyMakesNoDuplicate() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            let (_, secret) = try await TokenController.issue(for: fx.user(.counsellor), name: "t", on: app.db)
            func post(key: String) async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = ["Authorization": "Bearer \(secret)", "Idempotency-Key": key]
                headers.contentType = .json
                return try await TestClient(app).send(.POST, SiteURL.apiCalls.path, headers: headers,
                                                      body: ByteBuffer(string: #"{"line": "18006605", "kind": "silent"}"#))
            }
            let first = try await post(key: "k-1")
            let again = try await post(key: "k-1")
            #expect(first.status == .created)
            #expect(again.status == .created)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try HotlineTests.decode(CallOutput.self, first).id == HotlineTests.decode(CallOutput.self, again).id)
            #expect(try await Call.query(on: app.db).count() == 1)
            #expect(try await post(key: "k-2").status == .created)
            #expect(try await Call.query(on: app.db).count() == 2)
            #expect(try await post(key: "bad key with spaces").status == .unprocessableEntity)
            // The same key with another body is another request: validated and created, not replayed.
            var other: HTTPHeaders = ["Authorization": "Bearer \(secret)", "Idempotency-Key": "k-1"]
            other.contentType = .json
            let empty = try await TestClient(app).send(.POST, SiteURL.apiCalls.path, headers: other, body: ByteBuffer(string: "{}"))
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.headers.first(name: "Idempotent-Replayed") == nil)
            // A create whose audit line names its parent (a hand-off names its call) repeats its
            // own answer, never the parent as if it were the new record.
            let callID = try HotlineTests.decode(CallOutput.self, first).id
            var headers: HTTPHeaders = ["Authorization": "Bearer \(secret)", "Idempotency-Key": "h-1"]
            headers.contentType = .json
            let handOff = { try await TestClient(app).send(.POST, SiteURL.apiCallHandoffs(callID).path, headers: headers,
                                                           body: ByteBuffer(string: #"{"target": "hotline111", "note": "Chuyển 111"}"#)) }
            let handed = try await handOff()
            #expect(handed.status == .created, "\(handed.text)")
            let handedAgain = try await handOff()
            #expect(handedAgain.status == .created)
            #expect(handedAgain.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(handedAgain.text == handed.text)
            #expect(try await Handoff.query(on: app.db).count() == 1)
            // Committed but its answer not kept (the process stopped in between): the key on the
            // audit line still prevents a second record; a child create is told it was done.
            try await IdempotentResponse.query(on: app.db).delete()
            let lost = try await handOff()
            #expect(lost.status == .conflict)
            #expect(try await Handoff.query(on: app.db).count() == 1)
            let callAgain = try await post(key: "k-1")
            #expect(callAgain.status == .created)
            #expect(try HotlineTests.decode(CallOutput.self, callAgain).id == callID)
        }
    }

    /// multipart-kit traps on a part header name with a byte above 0x7F: refused before it reads.
    @Test func aMultipartHeaderNameThatIsNotASCIIIsRefusedNotACrash() async throws {
        #expect(MultipartGuard.hasUnsafeHeaderName(ByteBuffer(bytes: Array("--B\r\n".utf8) + [0xC2, 0x9D] + Array("--B--\r\n".utf8)), boundary: "B"))
        let fine = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Biên bản.pdf\"\r\n\r\n\u{00C2}\u{009D}data\r\n--B--\r\n"
        #expect(!MultipartGuard.hasUnsafeHeaderName(ByteBuffer(string: fine), boundary: "B"))
        try await TestApp.run { app, fx in
            let worker = fx.user(.caseWorker)
            let (_, secret) = try await TokenController.issue(for: worker, name: "t", on: app.db)
            var headers: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=B")
            let body = ByteBuffer(bytes: Array("--B\r\n".utf8) + [0xC2, 0x9D] + Array("--B--\r\n".utf8))
            let res = try await TestClient(app).send(.POST, SiteURL.apiCaseAttachments(UUID()).path, headers: headers, body: body)
            #expect(res.status.code < 500)
            #expect(try await app.testing().sendRequest(.GET, SiteURL.healthz.path).status == .ok)
        }
    }

    @Test func aVersionNoSaveCanReachIsAConflictNotACrash() async throws {
        try await TestApp.run { app, fx in
            let huge = try await OptimisticSave.update(fx.officeA, expectedVersion: Int.max, on: app.db)
            let negative = try await OptimisticSave.update(fx.officeA, expectedVersion: -1, on: app.db)
            #expect(!huge && !negative)
        }
    }

    @Test func aLockedAccountsTokensStopAtOnce() async throws {
        try await TestApp.run { app, fx in
            let user = fx.user(.counsellor)
            let (_, secret) = try await TokenController.issue(for: user, name: "t", on: app.db)
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            #expect(try await app.testing().sendRequest(.GET, SiteURL.apiMe.path, headers: bearer).status == .ok)
            user.lockedUntil = app.clock.now().addingTimeInterval(900)
            try await user.save(on: app.db)
            #expect(try await app.testing().sendRequest(.GET, SiteURL.apiMe.path, headers: bearer).status == .unauthorized)
        }
    }

    @Test func theAdministratorManagesAccountsNotCallsOrPersons() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            for path in [SiteURL.apiCalls.path, SiteURL.hotlineCalls.path, SiteURL.apiPersons.path + "?q=An", SiteURL.people.path, SiteURL.apiCases.path] {
                #expect(try await admin.get(path).status == .forbidden, "\(path)")
            }
            #expect(try await admin.get(SiteURL.adminUsers.path).status == .ok)
        }
    }
}
