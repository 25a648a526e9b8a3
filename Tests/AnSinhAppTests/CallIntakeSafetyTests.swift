@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor

/// What the usability test found on the intake screen: a draft shown to the next user, one
/// key that turned a saved counselling call into a hang-up, and calls saved twice unseen.
@Suite("Hotline intake: drafts, kind changes, undo")
struct CallIntakeSafetyTests {
    static func counsellingCall(_ client: TestClient) async throws -> Call {
        let res = try await client.post(SiteURL.hotlineCalls.path, form: [
            "kind": "counselling", "line": "18006605", "started_at": "2026-11-20T09:05", "topic1": "binh dang gioi",
            "summary": "Chị hỏi về quyền bình đẳng giới khi xin việc."])
        #expect(res.status == .seeOther)
        return try #require(try await Call.query(on: client.app.db).filter(\.$kind == .counselling).first())
    }

    @Test func draftsAreScopedToTheSessionAndLogoutClearsTheSiteStorage() async throws {
        try await TestApp.run { app, fx in
            let first = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            let second = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            func scope(_ html: String) -> String? {
                guard let r = html.range(of: "data-draft-scope=\"") else { return nil }
                return html[r.upperBound...].split(separator: "\"").first.map(String.init)
            }
            let a = try #require(scope(try await first.get(SiteURL.hotlineCallNew.path).text))
            let b = try #require(scope(try await second.get(SiteURL.hotlineCallNew.path).text))
            #expect(a != b)
            #expect(!a.contains(first.csrf ?? "-"))
            #expect(scope(try await TestClient(app).get(SiteURL.login.path).text) == nil)
            let out = try await first.post(SiteURL.logout.path)
            #expect(out.status == .seeOther)
            #expect(out.headers.first(name: "Clear-Site-Data")?.contains("\"storage\"") == true)
        }
    }

    @Test func aSavedCounsellingCallBecomesAnotherKindOnlyWhenConfirmed() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(client)
            let call = try await Self.counsellingCall(client)
            let edit = try await client.get(SiteURL.hotlineCall(call.id!).path)
            // No Alt shortcut on a saved call; the new-call screen keeps them.
            #expect(!edit.text.contains("data-shortcut"))
            #expect(try await client.get(SiteURL.hotlineCallNew.path).text.contains("data-shortcut=\"2\""))
            let form = ["line": "18006605", "started_at": "2026-11-20T09:05", "topic1": "gender.equality",
                        "summary": "Đã sửa: chị hỏi thêm về nghỉ thai sản.", "version": String(call.version)]
            var asked = form
            asked["kind"] = "hangUp"
            let ask = try await client.post(SiteURL.hotlineCall(call.id!).path, form: asked)
            #expect(ask.status == .ok)
            #expect(ask.text.contains("id=\"confirm-kind\""))
            #expect(ask.text.contains("Đã sửa: chị hỏi thêm về nghỉ thai sản."))
            var stored = try #require(try await Call.find(call.id, on: app.db))
            #expect(stored.kind == .counselling)
            #expect(try await CallTopic.query(on: app.db).filter(\.$callID == call.id!).count() == 1)
            var confirmed = form
            confirmed["confirm_kind"] = "hangUp"
            let done = try await client.post(SiteURL.hotlineCall(call.id!).path, form: confirmed)
            #expect(done.status == .seeOther)
            stored = try #require(try await Call.find(call.id, on: app.db))
            #expect(stored.kind == .hangUp)
        }
    }

    @Test func aCallJustSavedIsNamedLinkedAndCanBeUndoneForTenSeconds() async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(client)
            let saved = try await client.post(SiteURL.hotlineCalls.path, form: ["kind": "silent", "line": "18006605"])
            let call = try #require(try await Call.query(on: app.db).first())
            let next = try #require(saved.location)
            #expect(next.hasSuffix(call.id!.uuidString.lowercased()))
            let page = try await client.get(next)
            #expect(page.text.contains("id=\"saved-call\""))
            #expect(page.text.contains(SiteURL.hotlineCall(call.id!).path))
            #expect(page.text.contains("id=\"undo-call\""))
            // Someone else cannot undo it, and does not see it named on their screen.
            let other = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            #expect(!(try await other.get(next).text.contains("id=\"saved-call\"")))
            _ = try await other.post(SiteURL.hotlineCallUndo(call.id!).path)
            #expect(try await Call.find(call.id, on: app.db) != nil)
            // The one who saved it can, within the 10 seconds: the audit log keeps both lines.
            let undo = try await client.post(SiteURL.hotlineCallUndo(call.id!).path)
            #expect(undo.location == SiteURL.hotlineCallNew.path)
            #expect(try await Call.find(call.id, on: app.db) == nil)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.callUndone.rawValue).count() == 1)

            // Past 10 seconds it is an edit, not an undo.
            _ = try await client.post(SiteURL.hotlineCalls.path, form: ["kind": "silent", "line": "18006605"])
            let late = try #require(try await Call.query(on: app.db).first())
            app.clock = AppClock { Date().addingTimeInterval(11) }
            #expect(!(try await client.get(SiteURL.hotlineCallNew.path + "?saved=" + late.id!.uuidString).text.contains("id=\"undo-call\"")))
            let refused = try await client.post(SiteURL.hotlineCallUndo(late.id!).path)
            #expect(refused.location == SiteURL.hotlineCall(late.id!).path)
            #expect(try await Call.find(late.id, on: app.db) != nil)
        }
    }
}
