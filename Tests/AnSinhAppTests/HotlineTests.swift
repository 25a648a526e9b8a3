@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Hotline: lines, calls, validation, privacy, report")
struct HotlineTests {
    /// A JSON request from a client signed in as `user` (the session's CSRF token in a header).
    static func json(_ client: TestClient, _ method: HTTPMethod, _ path: String, _ body: [String: Any]) async throws -> TestingHTTPResponse {
        let data = try JSONSerialization.data(withJSONObject: body)
        var headers: HTTPHeaders = ["X-CSRF-Token": client.csrf ?? ""]
        headers.contentType = .json
        return try await client.send(method, path, headers: headers, body: ByteBuffer(data: data))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ res: TestingHTTPResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(res.text.utf8))
    }

    static func setUpLine(_ client: TestClient, number: String = "1800 6605") async throws {
        let res = try await json(client, .POST, SiteURL.apiHotlineLines.path, ["number": number, "name": "Tổng đài tư vấn", "hours": "Giờ hành chính"])
        #expect(res.status == .created)
    }

    /// Issue 15: the topic filter loaded every matching call id into `IN (…)`; past 65,535
    /// PostgreSQL could not bind the statement. Here more calls carry the topic than that.
    @Test func theTopicFilterFindsTheRightPageAmongMoreCallsThanCanBeBound() async throws {
        try await TestApp.run { app, fx in
            let counsellor = fx.user(.counsellor)
            let client = try await TestClient.signedIn(app, as: counsellor)
            try await Self.setUpLine(client, number: "18001769")
            let line = try #require(try await HotlineLine.query(on: app.db).filter(\.$number == "18001769").first())
            let sql = app.db as! any SQLDatabase
            let topic = "abuse.violence", other = "family.domesticViolence"
            let base = Date(timeIntervalSince1970: 1_780_000_000)
            var expected: [UUID] = [], expectedOther: [UUID] = []
            let total = 67_000
            var start = 0
            while start < total {
                var calls: [[any Encodable & Sendable]] = [], topics: [[any Encodable & Sendable]] = []
                for i in start..<min(start + 1000, total) {
                    let at = base.addingTimeInterval(Double(i) * 60)
                    let id = UUID.timeOrdered(at: at)
                    calls.append([id, 1, counsellor.unitID, line.id!, "phone", "incoming", at, "counselling", false, "", false])
                    // Every call but one in 100 carries the topic; one in 7 carries the other one too.
                    if i % 100 != 0 { topics.append([UUID(), id, topic, 1]); expected.append(id) }
                    if i % 7 == 0 { topics.append([UUID(), id, other, 2]); expectedOther.append(id) }
                }
                try await sql.raw(MultiRowInsert.statement(Call.schema, ["id", "version", "unit_id", "line_id", "channel", "direction",
                                                                         "started_at", "kind", "incomplete", "actions", "callback_consent"], calls)).run()
                try await sql.raw(MultiRowInsert.statement(CallTopic.schema, ["id", "call_id", "topic_code", "position"], topics)).run()
                start += 1000
            }
            #expect(expected.count > 65_535)
            func page(_ query: String) async throws -> HotlineAPIController.CallPage {
                let res = try await client.get(SiteURL.apiCalls.path + "?" + query)
                #expect(res.status == .ok, "\(query): \(res.text.prefix(300))")
                return try Self.decode(HotlineAPIController.CallPage.self, res)
            }
            let first = try await page("topic=\(topic)&limit=50")
            #expect(first.items.map(\.id) == Array(expected.reversed().prefix(50)))
            #expect(first.nextOffset == 50)
            let second = try await page("topic=\(topic)&limit=50&offset=50")
            #expect(second.items.map(\.id) == Array(expected.reversed().dropFirst(50).prefix(50)))
            let others = try await page("topic=\(other)&limit=50")
            #expect(others.items.map(\.id) == Array(expectedOther.reversed().prefix(50)))
            #expect(try await page("topic=psych.crisis").items.isEmpty)
        }
    }

    @Test func badCallsAreRefusedFieldByFieldAndNothingIsSaved() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await Self.setUpLine(client)
            let cases: [([String: Any], String)] = [
                (["line": "19009999", "kind": "silent"], "line"),
                (["line": "18006605", "kind": "counselling", "topics": ["nope.nope"]], "topics"),
                (["line": "18006605", "kind": "counselling", "topics": ["gender.equality", "psych.crisis", "info.other", "health.hiv"]], "topics"),
                (["line": "18006605", "kind": "counselling"], "topics"),
                (["line": "18006605", "kind": "prank", "topics": ["gender.equality"]], "topics"),
                (["line": "18006605", "kind": "silent", "startedAt": "2021-03-01T08:00:00+07:00", "endedAt": "2021-03-01T07:00:00+07:00"], "endedAt"),
                (["line": "18006605", "kind": "silent", "startedAt": "2099-03-01T08:00:00+07:00"], "startedAt"),
                (["line": "18006605", "kind": "silent", "caller": ["phone": "09x1 234"]], "caller.phone"),
                (["line": "18006605", "kind": "whisper"], "kind"),
            ]
            for (body, field) in cases {
                let res = try await Self.json(client, .POST, SiteURL.apiCalls.path, body)
                #expect(res.status == .unprocessableEntity, "\(body)")
                let failure = try Self.decode(ValidationFailure.self, res)
                #expect(failure.fields.contains { $0.field == field }, "\(body) should name \(field): \(failure.fields)")
                #expect(failure.fields.allSatisfy { !$0.message.isEmpty })
            }
            #expect(try await Call.query(on: app.db).count() == 0)
            #expect(try await CallTopic.query(on: app.db).count() == 0)
        }
    }

    @Test func createReadUpdateWithVersionsAndMasking() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await Self.setUpLine(counsellor, number: "18001769")
            let created = try await Self.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18001769", "channel": "phone", "direction": "incoming", "kind": "counselling",
                "startedAt": "2026-11-20T09:00:00+07:00", "endedAt": "2026-11-20T09:12:00+07:00",
                "topics": ["family.domesticViolence", "psych.crisis"], "urgency": "urgent",
                "caller": ["name": "Chị Hoa", "phone": "+84 90 123 4123", "sex": "female", "relation": "self"],
                "summary": "Chồng đánh, cần tư vấn", "actions": ["counselling", "reportedToPolice"]])
            #expect(created.status == .created)
            let call = try Self.decode(CallOutput.self, created)
            #expect(call.topics == ["family.domesticViolence", "psych.crisis"])
            #expect(call.caller.phone == "0901234123")
            #expect(call.version == 1)
            // A case worker in the same unit reads it with the caller masked.
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let masked = try Self.decode(CallOutput.self, try await worker.get(SiteURL.apiCall(call.id).path))
            #expect(masked.caller.phone == "090****123")
            #expect(masked.caller.name == "***")
            #expect(masked.caller.masked)
            // Another unit does not find it; a viewer may not read calls at all.
            let other = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await other.get(SiteURL.apiCall(call.id).path).status == .notFound)
            let viewer = try await TestClient.signedIn(app, as: fx.user(.viewer))
            #expect(try await viewer.get(SiteURL.apiCall(call.id).path).status == .forbidden)
            // Update with the right version, then a stale one.
            let updated = try await Self.json(counsellor, .PATCH, SiteURL.apiCall(call.id).path, ["version": 1, "topics": ["family.domesticViolence"]])
            #expect(updated.status == .ok)
            #expect(try Self.decode(CallOutput.self, updated).version == 2)
            let stale = try await Self.json(counsellor, .PATCH, SiteURL.apiCall(call.id).path, ["version": 1, "summary": "x"])
            #expect(stale.status == .conflict)
            let stored = try #require(try await Call.find(call.id, on: app.db))
            #expect(stored.summary == "Chồng đánh, cần tư vấn")
            #expect(stored.primaryTopic == "family.domesticViolence")
            #expect(stored.callerPhoneHash == Secrets.keyedHash("0901234123", secret: app.ansinh.secret))
            // The list pages and filters.
            let list = try Self.decode(HotlineAPIController.CallPage.self, try await counsellor.get(SiteURL.apiCalls.path + "?limit=1"))
            #expect(list.items.count == 1)
            #expect(list.nextOffset == nil)
            for (filter, expected) in [("action=reportedToPolice", 1), ("action=caseOpened", 0), ("urgency=urgent", 1), ("urgency=normal", 0),
                                       ("channel=phone", 1), ("channel=zalo", 0), ("counsellor=u.counsellor", 1), ("counsellor=nobody", 0),
                                       ("topic=family.domesticViolence", 1), ("topic=psych.crisis", 0), ("line=18001769", 1),
                                       ("from=2026-11-20&to=2026-11-20", 1), ("from=2026-11-21", 0),
                                       // The caller's number in any format (issue 15's lists).
                                       ("phone=0901%20234%20123", 1), ("phone=%2B84901234123", 1), ("phone=0901234124", 0)] {
                let page = try Self.decode(HotlineAPIController.CallPage.self, try await counsellor.get(SiteURL.apiCalls.path + "?" + filter))
                #expect(page.items.count == expected, "\(filter)")
            }
            #expect(try await counsellor.get(SiteURL.apiCalls.path + "?urgency=panic").status == .unprocessableEntity)
            #expect(try await counsellor.get(SiteURL.hotlineCalls.path + "?kind=&line=&topic=&channel=&urgency=&action=&from=&to=").status == .ok)
        }
    }

    @Test func telephonyMayPostAnIncompleteCall() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await Self.setUpLine(counsellor)
            let (_, secret) = try await TokenController.issue(for: fx.user(.counsellor), name: "tổng đài", on: app.db)
            var headers: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            headers.contentType = .json
            let body = try JSONSerialization.data(withJSONObject: [
                "line": "18006605", "caller": ["phone": "0912 345 678"],
                "startedAt": "2026-11-20T10:00:00+07:00", "endedAt": "2026-11-20T10:03:00+07:00"])
            let res = try await TestClient(app).send(.POST, SiteURL.apiCalls.path, headers: headers, body: ByteBuffer(data: body))
            #expect(res.status == .created)
            let call = try Self.decode(CallOutput.self, res)
            #expect(call.incomplete)
            #expect(call.topics.isEmpty)

            // It waits in the work list until a counsellor completes it in the form.
            var work = try Self.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            #expect(work.incompleteCalls.map(\.callID) == [call.id])
            #expect(try await counsellor.get(SiteURL.hotlineWork.path).text.contains(SiteURL.hotlineCall(call.id).path))
            let page = try await counsellor.get(SiteURL.hotlineCall(call.id).path)
            #expect(page.status == .ok)
            #expect(page.text.contains("0912345678"))
            #expect(page.text.contains("name=\"version\" value=\"1\""))
            let form: [String: String] = ["version": "1", "kind": "counselling", "line": "18006605", "started_at": "2026-11-20T10:00",
                                          "ended_at": "2026-11-20T10:03", "caller_phone": "0912345678", "summary": "Hỏi về trợ cấp"]
            // No topic: refused beside the field, what was typed kept, the call unchanged.
            let bad = try await counsellor.post(SiteURL.hotlineCall(call.id).path, form: form)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"topic1-error\""))
            #expect(bad.text.contains("Hỏi về trợ cấp"))
            #expect(try await Call.find(call.id, on: app.db)?.incomplete == true)
            var good = form
            good["topic1"] = "policy.socialProtection"
            let saved = try await counsellor.post(SiteURL.hotlineCall(call.id).path, form: good)
            #expect(saved.status == .seeOther)
            let stored = try #require(try await Call.find(call.id, on: app.db))
            #expect(!stored.incomplete)
            #expect(stored.kind == .counselling && stored.version == 2 && stored.primaryTopic == "policy.socialProtection")
            work = try Self.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            #expect(work.incompleteCalls.isEmpty)
            // A second save from the old form (version 1) loses the race: both versions shown, nothing overwritten.
            var stale = good
            stale["summary"] = "Bản cũ"
            let conflict = try await counsellor.post(SiteURL.hotlineCall(call.id).path, form: stale)
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("Bản cũ") && conflict.text.contains("Hỏi về trợ cấp"))
            #expect(conflict.text.contains("name=\"version\" value=\"2\""))
            #expect(try await Call.find(call.id, on: app.db)?.summary == "Hỏi về trợ cấp")
            // Outside the reader's units: not found.
            let counsellorB = try await TestClient.signedIn(app, as: try await fx.makeUser(app, role: .counsellor, unit: fx.officeB, username: "u.tuvan.b"))
            #expect(try await counsellorB.get(SiteURL.hotlineCall(call.id).path).status == .notFound)
            #expect(try await counsellorB.post(SiteURL.hotlineCall(call.id).path, form: good).status == .notFound)
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            #expect(try await director.get(SiteURL.hotlineCall(UUID()).path).status == .notFound)
        }
    }

    /// Hải Phòng 2021 (../shared/acceptance/haiphong-2021.md): 312 calls in 2021, loaded through
    /// the API, with a topic breakdown of our own design; 83 in 2020.
    @Test func reportReproducesThePublishedCallCount() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await Self.setUpLine(client)
            let counselling: [(String, Int)] = [("gender.equality", 30), ("policy.socialProtection", 25), ("psych.mentalHealth", 40),
                                                ("health.hiv", 5), ("info.services", 60), ("abuse.sexual", 10), ("family.domesticViolence", 30)]
            let nonCounselling: [(String, Int)] = [("silent", 40), ("hangUp", 30), ("wrongNumber", 20), ("prank", 12), ("test", 10)]
            var day = 0
            func nextStart() -> String {
                day += 1
                let date = LocalDate(year: 2021, month: 1, day: 2)!.adding(days: day % 360)
                return "\(date.iso)T\(String(format: "%02d", 8 + day % 9)):15:00+07:00"
            }
            // Inside the period at its edges: 06:00 local on its first day and 23:30 on its last.
            _ = try await Self.json(client, .POST, SiteURL.apiCalls.path, ["line": "18006605", "kind": "counselling",
                "topics": ["info.services", "gender.equality"], "startedAt": "2021-01-01T06:00:00+07:00"])
            _ = try await Self.json(client, .POST, SiteURL.apiCalls.path, ["line": "18006605", "kind": "silent",
                "startedAt": "2021-12-31T23:30:00+07:00"])
            for (topic, n) in counselling {
                for i in 0..<(topic == "info.services" ? n - 1 : n) {
                    let res = try await Self.json(client, .POST, SiteURL.apiCalls.path, [
                        "line": "18006605", "kind": "counselling", "topics": i % 4 == 0 ? [topic, "psych.crisis"] : [topic],
                        "startedAt": nextStart(), "caller": ["sex": i % 3 == 0 ? "male" : "female"]])
                    #expect(res.status == .created)
                }
            }
            for (kind, n) in nonCounselling {
                for _ in 0..<(kind == "silent" ? n - 1 : n) {
                    let res = try await Self.json(client, .POST, SiteURL.apiCalls.path, ["line": "18006605", "kind": kind, "startedAt": nextStart()])
                    #expect(res.status == .created)
                }
            }
            // Outside: 00:30 local on the first day after the period (still 2021 in UTC).
            _ = try await Self.json(client, .POST, SiteURL.apiCalls.path, ["line": "18006605", "kind": "silent", "startedAt": "2022-01-01T00:30:00+07:00"])
            // The same period a year earlier.
            for i in 0..<83 {
                let d = LocalDate(year: 2020, month: 1, day: 1)!.adding(days: i * 4)
                _ = try await Self.json(client, .POST, SiteURL.apiCalls.path, ["line": "18006605", "kind": "counselling",
                    "topics": ["info.other"], "startedAt": "\(d.iso)T09:00:00+07:00"])
            }

            let res = try await client.get(SiteURL.apiHotlineReport.path + "?from=2021-01-01&to=2021-12-31&line=18006605")
            #expect(res.status == .ok)
            let report = try Self.decode(HotlineReport.self, res)
            #expect(report.total == 312)
            #expect(report.counselling == 200)
            #expect(report.nonData == 112)
            #expect(report.byTopic.reduce(0) { $0 + $1.count } == report.counselling)
            let gender = try #require(report.byTopic.first { $0.code == "gender" })
            #expect(gender.count == 30)
            #expect(gender.children == [HotlineReport.Count(code: "gender.equality", count: 30)])
            #expect(report.byTopic.first { $0.code == "info" }?.count == 60)
            #expect(report.byTopic.first { $0.code == "psych" }?.count == 40)
            #expect(report.topicMentions.first { $0.code == "psych" }?.children?.first { $0.code == "psych.crisis" }?.count ?? 0 > 0)
            #expect(report.byNonDataKind.first { $0.code == "silent" }?.count == 40)
            #expect(report.byNonDataKind.reduce(0) { $0 + $1.count } == 112)
            #expect(report.byLine == [HotlineReport.Count(code: "18006605", count: 312)])
            #expect(report.previous.total == 83)
            #expect(report.byMonth.count == 12)
            #expect(report.byMonth.reduce(0) { $0 + $1.count } == 312)
            #expect(report.byMonth.first?.code == "2021-01")
            #expect(report.byCallerSex.reduce(0) { $0 + $1.count } == 200)
            #expect(report.previous.from == "2020-01-01")
            // A viewer may read the report (figures, no personal data).
            let viewer = try await TestClient.signedIn(app, as: fx.user(.viewer))
            let seen = try Self.decode(HotlineReport.self, try await viewer.get(SiteURL.apiHotlineReport.path + "?from=2021-01-01&to=2021-12-31"))
            #expect(seen.total == 312)
            // Another office's staff count only their own calls.
            let other = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let theirs = try Self.decode(HotlineReport.self, try await other.get(SiteURL.apiHotlineReport.path + "?from=2021-01-01&to=2021-12-31"))
            #expect(theirs.total == 0)
        }
    }
}

@Suite("Hotline pages: intake, list, report")
struct HotlinePageTests {
    @Test func intakeSavesCounsellingAndOneClickCallsAndKeepsTypedValuesOnErrors() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(client)
            let page = try await client.get(SiteURL.hotlineCallNew.path)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"call-form\""))
            #expect(page.text.contains("data-shortcut=\"1\""))
            // A counselling call with a topic typed without tone marks.
            let ok = try await client.post(SiteURL.hotlineCalls.path, form: [
                "kind": "counselling", "line": "18006605", "channel": "phone", "direction": "incoming",
                "started_at": "2026-11-20T09:05", "topic1": "binh dang gioi", "caller_phone": "0901 234 123",
                "urgency": "normal", "summary": "Hỏi về bình đẳng giới"])
            #expect(ok.status == .seeOther)
            let call = try #require(try await Call.query(on: app.db).first())
            #expect(ok.location == SiteURL.hotlineCallNew.path + "?saved=" + call.id!.uuidString.lowercased())
            #expect(call.primaryTopic == "gender.equality")
            #expect(call.startedAt == ISODateTime.parse("2026-11-20T09:05:00+07:00"))
            // One click: a silent call needs nothing else.
            let silent = try await client.post(SiteURL.hotlineCalls.path, form: ["kind": "silent", "line": "18006605", "started_at": "2026-11-20T09:10"])
            #expect(silent.status == .seeOther)
            #expect(try await Call.query(on: app.db).filter(\.$kind == .silent).count() == 1)
            // Errors beside the fields, with everything typed kept.
            let bad = try await client.post(SiteURL.hotlineCalls.path, form: [
                "kind": "counselling", "line": "18006605", "started_at": "2026-11-20T09:20",
                "topic1": "khong co chu de nay", "caller_phone": "12ab", "summary": "Nội dung đã gõ"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"topic1-error\""))
            #expect(bad.text.contains("id=\"caller_phone-error\""))
            #expect(bad.text.contains("Nội dung đã gõ"))
            #expect(bad.text.contains("value=\"khong co chu de nay\""))
            #expect(try await Call.query(on: app.db).count() == 2)
            // The repeat-caller check finds the earlier call by its keyed hash.
            let repeatCheck = try await client.get(SiteURL.apiRepeatCaller.path + "?phone=%2B84901234123")
            #expect(repeatCheck.text.contains("\"count\":1"))
        }
    }

    @Test func listMasksCallersForCaseWorkersAndReportPageShowsFigures() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            _ = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["psych.crisis"], "startedAt": "2026-03-02T08:00:00+07:00",
                "caller": ["phone": "0987654321", "name": "Anh Minh"]])
            _ = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "prank", "startedAt": "2026-03-02T09:00:00+07:00"])
            // The list masks numbers for everyone; allowed roles reveal one at a time, audited.
            let own = try await counsellor.get(SiteURL.hotlineCalls.path)
            #expect(!own.text.contains("0987654321"))
            #expect(own.text.contains("class=\"reveal\""))
            let callID = try #require(try await Call.query(on: app.db).filter(\.$kind == .counselling).first()?.id)
            let revealed = try await counsellor.get(SiteURL.hotlineCallReveal(callID).path)
            #expect(revealed.text.contains("0987654321"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.callerRevealed.rawValue).count() == 1)
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let list = try await worker.get(SiteURL.hotlineCalls.path)
            #expect(list.status == .ok)
            #expect(!list.text.contains("0987654321"))
            #expect(list.text.contains("098****321"))
            #expect(!list.text.contains("class=\"reveal\""))
            #expect(try await worker.get(SiteURL.hotlineCallReveal(callID).path).status == .forbidden)
            let viewer = try await TestClient.signedIn(app, as: fx.user(.viewer))
            #expect(try await viewer.get(SiteURL.hotlineCalls.path).status == .forbidden)
            let report = try await viewer.get(SiteURL.hotlineReport.path + "?from=2026-01-01&to=2026-12-31")
            #expect(report.status == .ok)
            #expect(report.text.contains("id=\"report-summary\""))
            #expect(report.text.contains(">2</td>"))
            #expect(report.text.contains("Khủng hoảng"))
            #expect(!report.text.contains("0987654321"))
        }
    }
}

@Suite("Hotline topics and call-backs")
struct HotlineTopicAndCallBackTests {
    @Test func centersAddAndRetireTopics() async throws {
        try await TestApp.run { app, fx in
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let bad = try await HotlineTests.json(supervisor, .POST, SiteURL.apiHotlineTopics.path, ["code": "nope.x y", "vi": "", "en": ""])
            #expect(bad.status == .unprocessableEntity)
            let orphan = try await HotlineTests.json(supervisor, .POST, SiteURL.apiHotlineTopics.path, ["code": "nogroup.child", "vi": "A", "en": "A"])
            #expect(try HotlineTests.decode(ValidationFailure.self, orphan).fields.contains { $0.field == "parent" })
            let made = try await HotlineTests.json(supervisor, .POST, SiteURL.apiHotlineTopics.path,
                                                    ["code": "disaster.flood", "vi": "Lũ lụt", "en": "Floods"])
            #expect(made.status == .unprocessableEntity, "no disaster group yet")
            #expect(try await HotlineTests.json(supervisor, .POST, SiteURL.apiHotlineTopics.path,
                                                ["code": "disaster", "vi": "Thiên tai", "en": "Disasters"]).status == .created)
            #expect(try await HotlineTests.json(supervisor, .POST, SiteURL.apiHotlineTopics.path,
                                                ["code": "disaster.flood", "vi": "Lũ lụt", "en": "Floods"]).status == .created)
            try await HotlineTests.setUpLine(supervisor)
            let call = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["disaster.flood"], "startedAt": "2026-11-20T09:00:00+07:00"])
            #expect(call.status == .created)
            // Retired: kept on old calls, refused on new ones.
            let retired = try await HotlineTests.json(supervisor, .PATCH, SiteURL.apiTopic("disaster.flood").path, ["retired": true])
            #expect(retired.status == .ok)
            let refused = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["disaster.flood"], "startedAt": "2026-11-20T10:00:00+07:00"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await HotlineTopic.find("disaster.flood", on: app.db)?.retired == true)
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            #expect(try await HotlineTests.json(counsellor, .PATCH, SiteURL.apiTopic("disaster.flood").path, ["retired": false]).status == .forbidden)
        }
    }

    @Test func promisedCallBacksAppearInTheWorkListUntilDone() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            let noConsent = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["psych.crisis"], "callbackDueAt": "2026-11-21T09:00:00+07:00"])
            #expect(noConsent.status == .unprocessableEntity)
            let ok = try await counsellor.post(SiteURL.hotlineCalls.path, form: [
                "kind": "counselling", "line": "18006605", "started_at": "2026-11-20T09:05", "topic1": "psych.crisis",
                "caller_phone": "0912345678", "callback_consent": "1", "callback_due_at": "2026-11-21T09:00"])
            #expect(ok.status == .seeOther)
            var work = try HotlineTests.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            let task = try #require(work.promisedCallBacks.first)
            #expect(task.dueAt == "2026-11-21T09:00:00+07:00")
            #expect(try await counsellor.get(SiteURL.hotlineWork.path).text.contains("0912345678"))
            let done = try await counsellor.post(SiteURL.hotlineCallBackDone(task.callID).path, form: ["version": String(task.version)])
            #expect(done.status == .seeOther)
            work = try HotlineTests.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            #expect(work.promisedCallBacks.isEmpty)
        }
    }
}

@Suite("Hotline lines page")
struct HotlineLinesPageTests {
    @Test func linesAreAddedValidatedAndDeactivated() async throws {
        try await TestApp.run { app, fx in
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let bad = try await supervisor.post(SiteURL.hotlineLines.path, form: ["number": "18x", "name": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"number-error\""))
            #expect(bad.text.contains("value=\"18x\""))
            let ok = try await supervisor.post(SiteURL.hotlineLines.path, form: ["number": "1800 1769", "name": "Tổng đài bảo vệ trẻ em", "hours": "24/7"])
            #expect(ok.status == .seeOther)
            let line = try #require(try await HotlineLine.query(on: app.db).filter(\.$number == "18001769").first())
            #expect(try await supervisor.get(SiteURL.hotlineLines.path).text.contains("Tổng đài bảo vệ trẻ em"))
            // A call first, so the line is in the in-memory catalog when it is deactivated.
            #expect(try await HotlineTests.json(supervisor, .POST, SiteURL.apiCalls.path, ["line": "18001769", "kind": "silent"]).status == .created)
            _ = try await supervisor.post(SiteURL.hotlineLineActive(line.id!).path)
            #expect(try await HotlineLine.find(line.id, on: app.db)?.active == false)
            // An inactive line takes no new calls.
            let call = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCalls.path, ["line": "18001769", "kind": "silent"])
            #expect(call.status == .unprocessableEntity)
        }
    }
}

@Suite("Hotline exports")
struct HotlineExportTests {
    @Test func reportAndListExportAsXlsxAndCSVWithTheSameNumbers() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            _ = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["gender.equality"], "startedAt": "2025-03-02T08:00:00+07:00",
                "caller": ["phone": "0987654321", "name": "=HYPERLINK(\"x\")"]])
            _ = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "silent", "startedAt": "2025-03-02T09:00:00+07:00"])
            let res = try await counsellor.get(SiteURL.hotlineReportExport.path + "?from=2025-01-01&to=2025-12-31&format=xlsx")
            #expect(res.status == .ok)
            #expect(res.headers.first(name: .contentType)?.contains("spreadsheetml") == true)
            let bytes = Data(buffer: res.body)
            #expect(bytes.prefix(2) == Data("PK".utf8))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("<t xml:space=\"preserve\">Tổng số cuộc gọi</t></is></c><c r=\"B3\" s=\"2\"><v>2</v>"), "a number cell with its format")
            #expect(text.contains("Bình đẳng giới"))
            // The archive is a valid ZIP (checked by Python's zipfile, CRCs included).
            let file = app.ansinh.dataDirectory + "/report.xlsx"
            try bytes.write(to: URL(fileURLWithPath: file))
            let python = Process()
            python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            python.arguments = ["python3", "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(0 if z.testzip() is None and 'xl/worksheets/sheet1.xml' in z.namelist() else 1)", file]
            try python.run()
            python.waitUntilExit()
            #expect(python.terminationStatus == 0)

            // The call list: full numbers for the counsellor, masked for a case worker; no formulas.
            let csv = try await counsellor.get(SiteURL.hotlineCallsExport.path + "?from=2025-01-01&to=2025-12-31&format=csv")
            #expect(csv.text.hasPrefix("\u{FEFF}"))
            #expect(csv.text.contains("0987654321"))
            #expect(csv.text.contains("\"'=HYPERLINK(\"\"x\"\")\""))
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let masked = try await worker.get(SiteURL.hotlineCallsExport.path + "?format=csv")
            #expect(masked.status == .ok)
            #expect(!masked.text.contains("0987654321"))
            #expect(masked.text.contains("098****321"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.exported.rawValue).count() == 3)
        }
    }
}

@Suite("Hotline follow-ups: expert council and hand-offs")
struct HotlineFollowUpTests {
    @Test func questionGoesToAnExpertAndTheAnswerToTheWorkList() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            let call = try HotlineTests.decode(CallOutput.self, try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["policy.legal"], "startedAt": "2026-11-20T09:00:00+07:00"]))
            let bad = try await HotlineTests.json(counsellor, .POST, SiteURL.apiExperts.path, ["name": "", "field": "astrology"])
            #expect(bad.status == .unprocessableEntity)
            let expert = try HotlineTests.decode(FollowUpController.ExpertOutput.self, try await HotlineTests.json(
                counsellor, .POST, SiteURL.apiExperts.path, ["name": "Luật sư Phạm Văn Hùng", "field": "law", "contact": "0912 000 111"]))
            let asked = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCallQuestions(call.id).path,
                                                     ["member": expert.id.uuidString, "question": "Thủ tục giành quyền nuôi con?"])
            #expect(asked.status == .created)
            let question = try HotlineTests.decode(FollowUpController.QuestionOutput.self, asked)
            var work = try HotlineTests.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            #expect(work.waiting.count == 1)
            #expect(work.callBacks.isEmpty)
            // The answer puts it on the call-back list; a stale version is refused.
            let answered = try await HotlineTests.json(counsellor, .PATCH, SiteURL.apiQuestion(question.id).path,
                                                        ["version": 1, "answer": "Nộp đơn tại tòa án nhân dân khu vực."])
            #expect(answered.status == .ok)
            #expect(try await HotlineTests.json(counsellor, .PATCH, SiteURL.apiQuestion(question.id).path, ["version": 1, "calledBack": true]).status == .conflict)
            work = try HotlineTests.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            #expect(work.callBacks.map(\.answer) == ["Nộp đơn tại tòa án nhân dân khu vực."])
            let page = try await counsellor.get(SiteURL.hotlineWork.path)
            #expect(page.text.contains("Nộp đơn tại tòa án nhân dân khu vực."))
            #expect(page.text.contains("Luật sư Phạm Văn Hùng"))
            let done = try await counsellor.post(SiteURL.hotlineQuestionCalledBack(question.id).path, form: ["version": "2"])
            #expect(done.status == .seeOther)
            work = try HotlineTests.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            #expect(work.callBacks.isEmpty && work.waiting.isEmpty)
            // Another office cannot touch it.
            let other = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await HotlineTests.json(other, .PATCH, SiteURL.apiQuestion(question.id).path, ["version": 3]).status == .forbidden)
            let supervisorB = User(username: "sup.b", fullName: "Giám sát B", passwordHash: fx.caseWorkerB.passwordHash, role: .supervisor,
                                   unitID: fx.officeB.id!, mustChangePassword: false)
            try await supervisorB.create(on: app.db)
            let otherSupervisor = try await TestClient.signedIn(app, as: supervisorB)
            #expect(try await HotlineTests.json(otherSupervisor, .PATCH, SiteURL.apiQuestion(question.id).path, ["version": 3]).status == .notFound)
            #expect(try await HotlineTests.json(otherSupervisor, .POST, SiteURL.apiCallHandoffs(call.id).path, ["target": "police"]).status == .notFound)
        }
    }

    @Test func handoffsCarryAStatus() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            let call = try HotlineTests.decode(CallOutput.self, try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["abuse.violence"], "startedAt": "2026-11-20T09:00:00+07:00"]))
            let bad = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCallHandoffs(call.id).path, ["target": "mars"])
            #expect(bad.status == .unprocessableEntity)
            let emptyStatus = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCallHandoffs(call.id).path,
                                                          ["target": "police", "status": ""])
            #expect(emptyStatus.status == .unprocessableEntity)
            let made = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCallHandoffs(call.id).path,
                                                    ["target": "hotline111", "note": "Chuyển tổng đài 111 lúc 9:05"])
            #expect(made.status == .created)
            let handoff = try HotlineTests.decode(FollowUpController.HandoffOutput.self, made)
            #expect(handoff.status == .sent)
            var work = try HotlineTests.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            #expect(work.handoffs.count == 1)
            let page = try await counsellor.get(SiteURL.hotlineWork.path)
            #expect(page.text.contains("Tổng đài 111"))
            #expect(page.text.contains("Đã chuyển"))
            let ack = try await HotlineTests.json(counsellor, .PATCH, SiteURL.apiHandoff(handoff.id).path, ["version": 1, "status": "acknowledged"])
            #expect(try HotlineTests.decode(FollowUpController.HandoffOutput.self, ack).status == .acknowledged)
            work = try HotlineTests.decode(FollowUpController.WorkList.self, try await counsellor.get(SiteURL.apiWorkList.path))
            #expect(work.handoffs.isEmpty)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.handoffUpdated.rawValue).count() == 1)
        }
    }
}

@Suite("Hotline call batching")
struct CallBatchingTests {
    @Test func concurrentCallsAreAllCommittedWithTheirTopicsAndAuditLines() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            let (_, secret) = try await TokenController.issue(for: fx.user(.counsellor), name: "tổng đài", on: app.db)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<24 {
                    group.addTask {
                        var headers: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
                        headers.contentType = .json
                        let body = try JSONSerialization.data(withJSONObject: [
                            "line": "18006605", "kind": i % 3 == 0 ? "silent" : "counselling",
                            "topics": i % 3 == 0 ? [] : ["psych.crisis", "info.other"], "startedAt": "2026-11-20T09:00:00+07:00"])
                        return try await app.testing().sendRequest(.POST, SiteURL.apiCalls.path, headers: headers, body: ByteBuffer(data: body)).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.count == 24)
            #expect(statuses.allSatisfy { $0 == .created })
            #expect(try await Call.query(on: app.db).count() == 24)
            #expect(try await CallTopic.query(on: app.db).count() == 16 * 2)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.callCreated.rawValue).count() == 24)
        }
    }

    /// The call batcher writes rows itself (`CallRows`): they must be what Fluent would write, or
    /// raw-SQL reports and comparisons would see two shapes of the same data. A call recorded
    /// through the API is copied through Fluent, and the two stored rows are compared column by
    /// column (the ids and timestamps differ, but are stored the same way).
    @Test func batchedCallsReadBackAsFluentWritesThem() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor, number: "18001769")
            let created = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18001769", "channel": "zalo", "direction": "incoming", "kind": "counselling",
                "startedAt": "2026-11-20T09:00:00.250+07:00", "endedAt": "2026-11-20T09:12:00+07:00",
                "topics": ["abuse.violence", "psych.crisis", "info.other"], "urgency": "emergency",
                "caller": ["name": "Chị Hoa", "phone": "0901234123", "sex": "female", "ageGroup": "36-59", "relation": "parent"],
                "person": ["isChild": true, "sex": "male", "ageGroup": "6-11", "provinceCode": "31", "communeCode": "11311"],
                "summary": "Tóm tắt có dấu", "actions": ["counselling", "reportedToPolice"],
                "callbackConsent": true, "callbackDueAt": "2026-11-21T09:00:00+07:00"])
            #expect(created.status == .created)
            let id = try HotlineTests.decode(CallOutput.self, created).id
            // Its topics and audit line, written beside it, read back through Fluent.
            let topics = try await CallTopic.query(on: app.db).filter(\.$callID == id).sort(\.$position).all()
            #expect(topics.map(\.topicCode) == ["abuse.violence", "psych.crisis", "info.other"])
            #expect(topics.map(\.position) == [1, 2, 3])
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$entityID == id.uuidString).first())
            #expect(audit.action == AuditAction.callCreated.rawValue && audit.entityType == "call" && audit.summary == "counselling")
            #expect(audit.userID == fx.user(.counsellor).id && audit.unitID == fx.user(.counsellor).unitID && audit.username != nil)
            let stored = try #require(try await Call.find(id, on: app.db))
            // What was stored is what was sent (the answer is built from the values before they
            // are written): a column written with another field's value differs here.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let readBack = CallOutput(CallRecord(stored), line: "18001769", topics: topics.map(\.topicCode), showIdentity: true)
            #expect(try encoder.encode(readBack) == encoder.encode(HotlineTests.decode(CallOutput.self, created)))
            let copy = try JSONDecoder().decode(Call.self, from: try JSONEncoder().encode(stored))
            copy.id = UUID()
            try await copy.create(on: app.db)

            let sql = app.db as! any SQLDatabase
            let apart: Set<String> = ["id", "created_at", "updated_at"]
            switch app.ansinh.database {
            case .sqliteFile:
                // Each value with its storage class, as SQLite keeps it.
                let columns: [SQLQueryString] = CallRows.callColumns.map(\.name).map { "typeof(\(ident: $0)) || ':' || quote(\(ident: $0)) AS \(ident: $0)" }
                let rows = try await sql.raw("SELECT " + columns.joined(separator: ", ")
                                             + " FROM calls WHERE id IN (\(bind: id), \(bind: copy.id!))").all()
                #expect(rows.count == 2)
                let (a, b) = (try #require(rows.first), try #require(rows.last))
                for column in CallRows.callColumns.map(\.name) {
                    let (x, y) = (try a.decode(column: column, as: String.self), try b.decode(column: column, as: String.self))
                    if apart.contains(column) {
                        #expect(x.prefix { $0 != ":" } == y.prefix { $0 != ":" }, "\(column)")
                    } else {
                        #expect(x == y, "\(column)")
                    }
                }
                let all = try await sql.raw("SELECT count(*) AS n FROM pragma_table_info('calls')").first()
                #expect(try all?.decode(column: "n", as: Int.self) == CallRows.callColumns.count)
            case .postgres:
                // PostgreSQL's columns are typed: only the values can differ.
                let rows = try await sql.raw("""
                    SELECT (to_jsonb(c) - 'id' - 'created_at' - 'updated_at')::text AS j FROM calls c
                    WHERE id IN (\(bind: id), \(bind: copy.id!))
                    """).all()
                #expect(rows.count == 2)
                let texts = try rows.map { try $0.decode(column: "j", as: String.self) }
                #expect(texts.first == texts.last)
                let columns = try await sql.raw("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'calls'").first()
                #expect(try columns?.decode(column: "n", as: Int.self) == CallRows.callColumns.count)
            }
        }
    }

    /// An edit saves only the fields it changes: a field another writer changed meanwhile,
    /// without a new version (a person merge moving `person_id`, say), is not written back
    /// with the value the edit read.
    @Test func anEditWritesOnlyWhatItChanges() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor, number: "18001769")
            let created = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18001769", "kind": "counselling", "topics": ["info.services"], "startedAt": "2026-11-20T09:00:00+07:00"])
            let id = try HotlineTests.decode(CallOutput.self, created).id
            let read = try #require(try await Call.find(id, on: app.db))
            let doneAt = Date(timeIntervalSince1970: 1_795_000_000)
            try await Call.query(on: app.db).filter(\.$id == id).set(\.$callbackDoneAt, to: doneAt).update()

            var edited = CallRecord(read)
            edited.summary = "Đã sửa"
            edited.apply(to: read)
            #expect(try await OptimisticSave.update(read, expectedVersion: 1, on: app.db))
            let stored = try #require(try await Call.find(id, on: app.db))
            #expect(stored.summary == "Đã sửa" && stored.version == 2)
            #expect(stored.callbackDoneAt == doneAt)
        }
    }

    /// A NUL character in text is bad input on both databases (PostgreSQL cannot store it):
    /// a 422 that says so, nothing saved; never a 500. A backslash typed before "u0000" is text.
    @Test func aNulCharacterInTextIsRefusedOnBothDatabases() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor, number: "18001769")
            let call: [String: Any] = ["line": "18001769", "kind": "counselling", "topics": ["info.services"],
                                       "startedAt": "2026-11-20T09:00:00+07:00"]
            let res = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, call.merging(["summary": "trước\u{0}sau"]) { $1 })
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("NUL"))
            #expect(try await Call.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.callCreated.rawValue).count() == 0)
            // In a form: `%00`.
            let page = try await counsellor.post(SiteURL.tokens.path, form: ["name": "Tổng\u{0}đài"])
            #expect(page.status == .unprocessableEntity && page.text.contains("NUL"))
            #expect(try await APIToken.query(on: app.db).count() == 0)
            // The text `\u0000` (an escaped backslash, then "u0000") is no NUL.
            let text = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, call.merging(["summary": "a\\u0000b"]) { $1 })
            #expect(text.status == .created)
            #expect(try await Call.query(on: app.db).first()?.summary == "a\\u0000b")
        }
    }

    @Test func theNulScanReadsEscapes() {
        func json(_ s: String) -> Bool { NulText.hasNul(ByteBuffer(string: s), .json) }
        func form(_ s: String) -> Bool { NulText.hasNul(ByteBuffer(string: s), .form) }
        #expect(json(#"{"a":"x\u0000"}"#))
        #expect(!json(#"{"a":"x\\u0000"}"#))
        #expect(json(#"{"a":"x\\\u0000"}"#))
        #expect(json(#"{"a":"\u00001"}"#))
        #expect(!json(#"{"a":"\u0009 \u000a \u000D \" u0000"}"#))
        #expect(json("{\"a\":\"\u{0}\"}"))
        #expect(form("name=a%00b") && !form("name=a%2500b") && !form("name=%0"))
        // Every control character but tab, newline and carriage return: ESC, DEL, C1.
        #expect(json(#"{"a":"\u001b[31m"}"#) && json(#"{"a":"\u007F"}"#) && json(#"{"a":"\u0085"}"#) && json("{\"a\":\"\u{1B}\"}"))
        #expect(json("{\"a\":\"\u{85}\"}") && json("{\"a\":\"\u{7F}\"}"))
        #expect(form("label=a%1Bb") && form("label=a%7F") && form("label=a%C2%85") && form("label=a%c2%9f"))
        // Text as it is typed: Vietnamese letters (UTF-8 continuation bytes 0x80–0xBF), new lines.
        #expect(!form("note=Nguy%E1%BB%85n+%C4%90%E1%BB%A9c%0D%0Ad%C3%B2ng+2%09x") && !json(#"{"a":"Nguyễn Đức\n\t"}"#))
        #expect(!form("a=%C2%A0%C2%A9"))
    }

    /// The router reads `/api/v1/calls/` as `/api/v1/calls`: such a request must not take the
    /// SQLite write lock that the batcher needs too (it would wait for itself for ever).
    @Test(.timeLimit(.minutes(5))) func aCallPostedWithATrailingSlashIsRecorded() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor, number: "18001769")
            for path in [SiteURL.apiCalls.path + "/", "/" + SiteURL.apiCalls.path] {
                let created = try await HotlineTests.json(counsellor, .POST, path, [
                    "line": "18001769", "kind": "silent", "startedAt": "2026-11-20T09:00:00+07:00"])
                #expect(created.status == .created, "\(path)")
            }
            // And a gated write still goes through afterwards.
            let line = try await HotlineTests.json(counsellor, .POST, SiteURL.apiHotlineLines.path,
                                                   ["number": "1800 1567", "name": "Đường dây 2", "hours": "24/7"])
            #expect(line.status == .created)
            #expect(try await Call.query(on: app.db).count() == 2)
        }
    }
}

@Suite("Hotline report: the person helped")
struct HotlineReportPersonTests {
    /// Counselling calls counted by the person helped: child or adult, sex, age band, on the
    /// page and in the API (the intake form already records them).
    @Test func countsByGroupSexAndAgeBand() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            let people: [[String: Any]] = [["isChild": true, "sex": "female", "ageGroup": "12-15"], ["isChild": true, "sex": "female", "ageGroup": "12-15"],
                                           ["isChild": false, "sex": "male", "ageGroup": "36-59"], [:]]
            for (i, person) in people.enumerated() {
                var body: [String: Any] = ["line": "18006605", "kind": "counselling", "topics": ["psych.crisis"],
                                           "startedAt": "2026-03-0\(i + 1)T09:00:00+07:00"]
                if !person.isEmpty { body["person"] = person }
                let res = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, body)
                #expect(res.status == .created, "\(res.text)")
            }
            let report = try HotlineTests.decode(HotlineReport.self, try await counsellor.get(SiteURL.apiHotlineReport.path + "?from=2026-03-01&to=2026-03-31"))
            func counts(_ c: [HotlineReport.Count]) -> [String: Int] { Dictionary(uniqueKeysWithValues: c.map { ($0.code, $0.count) }) }
            #expect(counts(report.byPersonGroup) == ["child": 2, "adult": 1, "unclassified": 1])
            #expect(counts(report.byPersonSex) == ["female": 2, "male": 1, "unclassified": 1])
            #expect(counts(report.byPersonAgeGroup) == ["12-15": 2, "36-59": 1, "unclassified": 1])
            let page = try await counsellor.get(SiteURL.hotlineReport.path + "?from=01/03/2026&to=31/03/2026")
            #expect(page.text.contains("id=\"by-person-group\"") && page.text.contains("Trẻ em") && page.text.contains("id=\"by-person-age\""))
        }
    }
}

@Suite("Call intake: the hotline handed on to")
struct CallIntakeHandoffTests {
    /// "Chuyển tổng đài khác" names the hotline: recorded as a hand-off, counted apart in the report.
    @Test func theHotlineChosenIsAHandoffCountedInTheReport() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            var form = ["kind": "counselling", "line": "18006605", "started_at": "05/03/2026 09:05", "topic1": "psych.crisis",
                        "actions[]": "transferredToHotline"]
            // Checked without a hotline: refused beside the choice, nothing saved.
            let missing = try await counsellor.post(SiteURL.hotlineCalls.path, form: form)
            #expect(missing.status == .unprocessableEntity && missing.text.contains("id=\"handoff_target-error\""))
            #expect(try await Call.query(on: app.db).count() == 0)
            form["handoff_target"] = "hotline111"
            #expect(try await counsellor.post(SiteURL.hotlineCalls.path, form: form).status == .seeOther)
            form["handoff_target"] = "hotline18008077"
            form["started_at"] = "06/03/2026 10:00"
            #expect(try await counsellor.post(SiteURL.hotlineCalls.path, form: form).status == .seeOther)
            let handoffs = try await Handoff.query(on: app.db).all()
            #expect(handoffs.map(\.target).sorted { $0.rawValue < $1.rawValue } == [.hotline111, .hotline18008077])
            // Saving the call again adds no second hand-off; the form shows the hotline chosen.
            let first = try #require(try await Call.query(on: app.db).sort(\.$startedAt).first())
            let page = try await counsellor.get(SiteURL.hotlineCall(first.id!).path)
            #expect(page.text.contains("<option value=\"hotline111\" selected"))
            let report = try HotlineTests.decode(HotlineReport.self, try await counsellor.get(SiteURL.apiHotlineReport.path + "?from=2026-03-01&to=2026-03-31"))
            let byTarget = Dictionary(uniqueKeysWithValues: report.byHandoffTarget.map { ($0.code, $0.count) })
            #expect(byTarget["hotline111"] == 1 && byTarget["hotline18008077"] == 1 && byTarget["police"] == 0)
        }
    }
}
