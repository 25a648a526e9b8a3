import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import AnSinhApp

@Suite("Home page per role")
struct HomePageTests {
    @Test func eachRoleSeesWhatWaitsForItAndTheDirectorTheFigures() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            // Nothing yet: the page says so, instead of an empty heading.
            #expect(try await worker.get(SiteURL.home.path).text.contains("id=\"nothing-waiting\""))

            // A call-back promised for yesterday, and a call today.
            try await HotlineTests.setUpLine(counsellor)
            let now = app.clock.now()
            func local(_ d: Date) -> String {
                let f = DateFormatter(); f.timeZone = VNFormat.timeZone; f.dateFormat = "yyyy-MM-dd'T'HH:mm"; return f.string(from: d)
            }
            #expect(try await counsellor.post(SiteURL.hotlineCalls.path, form: [
                "kind": "counselling", "line": "18006605", "started_at": local(now.addingTimeInterval(-2 * 86_400)), "topic1": "psych.crisis",
                "caller_phone": "0912345678", "callback_consent": "1", "callback_due_at": local(now.addingTimeInterval(-86_400))]).status == .seeOther)
            #expect(try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, ["line": "18006605", "kind": "silent"]).status == .created)
            let home = try await counsellor.get(SiteURL.home.path).text
            #expect(home.contains("Hẹn gọi lại quá hạn: 1") && home.contains("href=\"\(SiteURL.hotlineWork.path)\""))

            // An old case of the worker's: overdue for them and for their supervisor's units.
            let person = try await CaseTests.person(worker)
            #expect(try await CaseTests.open(worker, person: person, receivedAt: "2026-01-05T09:00:00+07:00").status == .created)
            let workerHome = try await worker.get(SiteURL.home.path).text
            #expect(workerHome.contains("Hồ sơ của tôi quá hạn: 1") && workerHome.contains("href=\"/cases?overdue=1\""))
            #expect(!workerHome.contains("Hẹn gọi lại"))
            let supervisorHome = try await supervisor.get(SiteURL.home.path).text
            #expect(supervisorHome.contains("Hồ sơ quá hạn của đơn vị: 1"))

            // The director: today's calls, open cases by risk, the month against last year's.
            let directorHome = try await director.get(SiteURL.home.path).text
            #expect(directorHome.contains("Cuộc gọi hôm nay: 1") && directorHome.contains("id=\"open-by-risk\"")
                    && directorHome.contains("id=\"month-so-far\""))
            #expect(directorHome.contains("Chưa đánh giá</th><td class=\"num\">1</td>"))
            // The administrator manages accounts: no case or call counts.
            let adminHome = try await admin.get(SiteURL.home.path).text
            #expect(!adminHome.contains("id=\"today\"") && adminHome.contains(SiteURL.adminUsers.path))
        }
    }
}
