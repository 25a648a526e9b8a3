@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The case page's assessment forms: the four-dimension risk assessment (which sets the case's
/// risk level), the needs assessment over eight domains, and the case conference record.
@Suite("Assessments from the case page")
struct CaseAssessmentPageTests {
    @Test func riskNeedsAndConferenceAreRecordedFromThePage() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await CaseTeamTests.openCase(worker)
            let path = SiteURL.caseAssessments(c.id).path
            let page = try await worker.get(SiteURL.caseShow(c.id).path)
            #expect(page.text.contains("id=\"risk-form\"") && page.text.contains("id=\"needs-form\"") && page.text.contains("id=\"conference-form\""))

            // A dimension left out: refused beside the risk form, which comes back open with the levels chosen.
            var risk = ["kind": "risk", "harm": "high", "abuserAccess": "medium", "careObstacles": "low", "riskNotes": "Cha dượng còn ở cùng nhà"]
            let refused = try await worker.post(path, form: risk)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("id=\"risk-error\"") && refused.text.contains("id=\"risk-assessment\" open")
                    && refused.text.contains("value=\"Cha dượng còn ở cùng nhà\""))
            #expect(try await CaseAssessment.query(on: app.db).count() == 0)

            risk["childCapacity"] = "medium"
            #expect(try await worker.post(path, form: risk).status == .seeOther)
            #expect(try await CaseFile.find(c.id, on: app.db)?.riskLevel == .high)
            // A high risk, at the initial assessment, proposes the emergency intervention; steps
            // that cannot be taken back ask first.
            #expect(try await CaseTests.move(worker, c.id, to: "initialAssessment", version: try #require(try await CaseFile.find(c.id, on: app.db)).version).status == .ok)
            let proposed = try await worker.get(SiteURL.caseShow(c.id).path).text
            func button(_ to: String) -> String {
                guard let start = proposed.range(of: "value=\"\(to)\"") else { return "" }
                return String(proposed[start.lowerBound...].prefix { $0 != ">" })
            }
            #expect(proposed.contains("id=\"emergency-proposed\""))
            #expect(button("emergencyIntervention").contains("primary") && button("emergencyIntervention").contains("data-confirm="))
            #expect(button("assessment").contains("data-confirm=") && !button("assessment").contains("primary"))

            let needs = ["kind": "needs", "needs-health": "Khám và điều trị vết thương", "strengths-health": "Mẹ đưa đi khám",
                         "needs-psychological": "Tham vấn tâm lý 8 buổi", "strengths-relations": "Bà ngoại gần gũi, muốn nhận chăm sóc"]
            #expect(try await worker.post(path, form: needs).status == .seeOther)
            let stored = try #require(try await CaseAssessment.query(on: app.db).filter(\.$kind == .needs).first())
            let details = try JSONDecoder().decode(NeedsDetails.self, from: Data(stored.details.utf8))
            // A strength alone is kept too.
            #expect(details.domains.map(\.domain) == [.health, .relations, .psychological] && details.domains.first?.strengths == "Mẹ đưa đi khám")

            // A conference without decisions: refused; with them: recorded.
            var conference = ["kind": "conference", "conferenceDate": "2026-11-21", "conferenceParticipants": "Cán bộ CTXH, công an xã, nhà trường"]
            #expect(try await worker.post(path, form: conference).status == .unprocessableEntity)
            conference["conferenceDecisions"] = "Đưa cháu về nhà bà ngoại tạm thời"
            #expect(try await worker.post(path, form: conference).status == .seeOther)

            // The page lists the three, newest first, with the risk level in words.
            let shown = try await worker.get(SiteURL.caseShow(c.id).path)
            #expect(shown.text.contains("Đưa cháu về nhà bà ngoại tạm thời") && shown.text.contains("Tham vấn tâm lý 8 buổi")
                    && shown.text.contains("Mức Cao"))
            #expect(try await CaseAssessment.query(on: app.db).count() == 3)

            // Another office: 404.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.post(path, form: risk).status == .notFound)
        }
    }
}
