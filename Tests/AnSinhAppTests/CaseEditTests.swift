@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Case edits, settings and the call link")
struct CaseEditTests {
    @Test func patchChangesFactsAndRecomputesDeadlines() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await CaseTeamTests.openCase(worker)
            let res = try await HotlineTests.json(worker, .PATCH, SiteURL.apiCase(c.id).path, [
                "type": "socialWorkClient", "clientGroups": ["child.violence", "household.difficult"], "protectionLevel": "support",
                "version": c.version])
            #expect(res.status == .ok)
            let changed = try HotlineTests.decode(CaseOutput.self, res)
            #expect(changed.type == "socialWorkClient" && changed.clientGroups == ["child.violence", "household.difficult"])
            #expect(changed.protectionLevel == "support" && changed.version == c.version + 1 && changed.number == c.number)
            // Received Friday 20/11 17:00: a social work client has 72 hours, not 12.
            #expect(changed.initialDueAt == "2026-11-23T17:00:00+07:00")
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "case.updated").first())
            #expect(audit.summary.contains("type: childProtection → socialWorkClient"))
            // Stale version, the person, the risk level, a bad group: refused, nothing changed.
            #expect(try await HotlineTests.json(worker, .PATCH, SiteURL.apiCase(c.id).path, ["summary": "x", "version": c.version]).status == .conflict)
            let bad = try await HotlineTests.json(worker, .PATCH, SiteURL.apiCase(c.id).path, [
                "personId": UUID().uuidString, "riskLevel": "high", "clientGroups": ["nope"], "receivedAt": "2999-01-01T00:00:00+07:00",
                "version": changed.version])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(try HotlineTests.decode(ValidationFailure.self, bad).fields.map(\.field)) == ["personId", "riskLevel", "clientGroups", "receivedAt"])
            let stored = try HotlineTests.decode(CaseOutput.self, try await worker.get(SiteURL.apiCase(c.id).path))
            #expect(stored.version == changed.version && stored.clientGroups == changed.clientGroups)
            // Lifting or setting the restriction is for supervisors and the director.
            let lift = try await HotlineTests.json(worker, .PATCH, SiteURL.apiCase(c.id).path, ["restricted": true, "version": stored.version])
            #expect(try HotlineTests.decode(ValidationFailure.self, lift).fields.map(\.field) == ["restricted"])
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            #expect(try await HotlineTests.json(supervisor, .PATCH, SiteURL.apiCase(c.id).path, ["restricted": true, "version": stored.version]).status == .ok)
            // Another office's case: 404.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await HotlineTests.json(workerB, .PATCH, SiteURL.apiCase(c.id).path, ["version": stored.version + 1]).status == .notFound)
        }
    }

    @Test func twoPeopleEditingTheSameCaseSeeAConflictPage() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let c = try await CaseTeamTests.openCase(worker)
            let form = try await worker.get(SiteURL.caseEdit(c.id).path)
            #expect(form.status == .ok && form.body.string.contains("value=\"\(c.version)\""))
            func typed(_ summary: String, version: Int) -> [String: String] {
                ["type": "childProtection", "source": "hotline", "receivedAt": "2026-11-20T17:00", "clientGroups[]": "child.violence",
                 "summary": summary, "version": String(version)]
            }
            // The supervisor saves first.
            #expect(try await supervisor.post(SiteURL.caseEdit(c.id).path, form: typed("Bố say rượu đánh cháu", version: c.version)).status == .seeOther)
            // The worker's save from the same version: both versions shown, the typed text kept.
            let conflict = try await worker.post(SiteURL.caseEdit(c.id).path, form: typed("Mẹ đi làm xa", version: c.version))
            #expect(conflict.status == .conflict)
            let html = conflict.body.string
            #expect(html.contains("Bố say rượu đánh cháu") && html.contains("Mẹ đi làm xa") && html.contains("value=\"\(c.version + 1)\""))
            #expect(try await CaseFile.find(c.id, on: app.db)?.summary == "Bố say rượu đánh cháu")
            // Saving again on purpose wins.
            #expect(try await worker.post(SiteURL.caseEdit(c.id).path, form: typed("Mẹ đi làm xa", version: c.version + 1)).status == .seeOther)
            #expect(try await CaseFile.find(c.id, on: app.db)?.summary == "Mẹ đi làm xa")
            // A form with no client group comes back with the message and what was typed.
            var empty = typed("Giữ nguyên chữ đã gõ", version: c.version + 2)
            empty.removeValue(forKey: "clientGroups[]")
            let invalid = try await worker.post(SiteURL.caseEdit(c.id).path, form: empty)
            #expect(invalid.status == .unprocessableEntity && invalid.body.string.contains("Giữ nguyên chữ đã gõ"))
            #expect(invalid.body.string.contains("Chọn ít nhất một nhóm đối tượng."))
        }
    }

    @Test func centerClientGroupsAndDeadlines() async throws {
        try await TestApp.run { app, fx in
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let added = try await HotlineTests.json(director, .POST, SiteURL.apiClientGroups.path,
                                                    ["code": "center.migrantWorkerChild", "vi": "Con lao động di cư", "en": "Child of migrant workers"])
            #expect(added.status == .created)
            let bad = try await HotlineTests.json(director, .POST, SiteURL.apiClientGroups.path, ["code": "child.new", "vi": ""])
            #expect(Set(try HotlineTests.decode(ValidationFailure.self, bad).fields.map(\.field)) == ["code", "vi"])
            #expect(try await HotlineTests.json(director, .POST, SiteURL.apiClientGroups.path,
                                                ["code": "center.migrantWorkerChild", "vi": "Trùng"]).status == .unprocessableEntity)
            // A case worker may use the new code, and the report names it.
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let person = try await CaseTests.person(worker)
            let opened = try await CaseTests.open(worker, person: person, groups: ["center.migrantWorkerChild"])
            #expect(opened.status == .created)
            let report = try await director.get(SiteURL.caseReport.path + "?from=2026-01-01&to=2026-12-31")
            #expect(report.body.string.contains("Con lao động di cư"))
            // Retired: no longer accepted for new cases; still listed, last.
            #expect(try await HotlineTests.json(director, .PATCH, SiteURL.apiClientGroup("center.migrantWorkerChild").path, ["active": false]).status == .ok)
            #expect(try await CaseTests.open(worker, person: person, groups: ["center.migrantWorkerChild"]).status == .unprocessableEntity)
            // A case that already carries it can still be edited.
            let carrying = try HotlineTests.decode(CaseOutput.self, opened)
            #expect(try await HotlineTests.json(worker, .PATCH, SiteURL.apiCase(carrying.id).path, ["summary": "Bổ sung", "version": carrying.version]).status == .ok)
            let entries = try HotlineTests.decode([ClientGroupCatalog.Entry].self, try await worker.get(SiteURL.apiClientGroups.path))
            #expect(entries.last?.code == "center.migrantWorkerChild" && entries.last?.active == false)
            #expect(entries.filter(\.builtIn).count == ClientGroup.allCases.count)
            // Deadlines: child protection is the law's; another type takes the center's setting.
            #expect(try await HotlineTests.json(director, .PUT, SiteURL.apiCaseDeadlines.path, [
                "type": "childProtection", "initialHours": 48, "emergencyHours": 48, "planWorkingDays": 10]).status == .unprocessableEntity)
            #expect(try await HotlineTests.json(director, .PUT, SiteURL.apiCaseDeadlines.path, [
                "type": "socialWorkClient", "initialHours": 0, "emergencyHours": 24, "planWorkingDays": 99]).status == .unprocessableEntity)
            #expect(try await HotlineTests.json(director, .PUT, SiteURL.apiCaseDeadlines.path, [
                "type": "socialWorkClient", "initialHours": 24, "emergencyHours": 24, "planWorkingDays": 3]).status == .ok)
            let social = try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(worker, person: person, type: "socialWorkClient"))
            // Friday 20/11 17:00 + 24 hours; plan by the end of the third working day after (Wed 25/11).
            #expect(social.initialDueAt == "2026-11-21T17:00:00+07:00" && social.planDueAt == "2026-11-25T23:59:59+07:00")
            let child = try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(worker, person: person))
            #expect(child.initialDueAt == "2026-11-21T05:00:00+07:00")
            // The settings page, and its form errors in Vietnamese.
            #expect(try await director.get(SiteURL.caseSettings.path).body.string.contains("center.migrantWorkerChild"))
            let pageBad = try await director.post(SiteURL.caseSettingsGroups.path, form: ["code": "center.", "vi": "Nhóm mới"])
            #expect(pageBad.status == .unprocessableEntity && pageBad.body.string.contains("Nhóm mới"))
            #expect(try await director.post(SiteURL.caseSettingsDeadlines.path, form: [
                "type": "other", "initialHours": "48", "emergencyHours": "24", "planWorkingDays": "7"]).status == .seeOther)
            #expect(try await DeadlineSetting.find("other", on: app.db)?.planWorkingDays == 7)
            #expect(try await HotlineTests.json(worker, .PUT, SiteURL.apiCaseDeadlines.path, ["type": "other"]).status == .forbidden)
        }
    }

    @Test func callAndCaseLinkedBothWays() async throws {
        try await TestApp.run { app, fx in
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            try await HotlineTests.setUpLine(supervisor)
            let person = try await CaseTests.person(supervisor)
            let recorded = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["abuse.violence"], "person": ["isChild": true, "personId": person.uuidString]])
            let call = try HotlineTests.decode(CallOutput.self, recorded).id
            let callPage = try await supervisor.get(SiteURL.hotlineCall(call).path).body.string
            #expect(callPage.contains("open-case-from-call"))
            let form = try await supervisor.get(SiteURL.caseNew.path + "?person=\(person.uuidString)&call=\(call.uuidString)").body.string
            #expect(form.contains("name=\"sourceCallId\"") && form.contains("value=\"hotline\" selected"))
            let res = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCases.path, [
                "type": "childProtection", "personId": person.uuidString, "clientGroups": ["child.violence"], "source": "hotline",
                "receivedAt": "2026-11-20T17:00:00+07:00", "sourceCallId": call.uuidString])
            let c = try HotlineTests.decode(CaseOutput.self, res)
            #expect(c.sourceCallId == call)
            #expect(try await supervisor.get(SiteURL.hotlineCall(call).path).body.string.contains(c.number))
            #expect(try await supervisor.get(SiteURL.caseShow(c.id).path).body.string.contains(SiteURL.hotlineCall(call).path))
        }
    }
}
