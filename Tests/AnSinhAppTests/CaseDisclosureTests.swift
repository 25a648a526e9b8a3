@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Sharing a case's data with a partner needs the person's consent to sharing in force that day,
/// or a legal ground stated in words; every disclosure is recorded and audited.
@Suite("Data shared with partners")
struct CaseDisclosureTests {
    static func share(_ client: TestClient, _ caseID: UUID, on day: String, ground: String? = nil, statement: String? = nil) async throws -> TestingHTTPResponse {
        var body: [String: Any] = ["partner": "Bệnh viện Trẻ em Hải Phòng", "sharedOn": day, "what": "Tóm tắt hồ sơ, kết quả khám"]
        if let ground { body["legalGround"] = ground }
        if let statement { body["groundStatement"] = statement }
        return try await HotlineTests.json(client, .POST, SiteURL.apiCaseDisclosures(caseID).path, body)
    }

    static func fields(_ res: TestingHTTPResponse) throws -> [String] {
        try HotlineTests.decode(ValidationFailure.self, res).fields.map(\.field)
    }

    @Test func aConsentInForceOrAStatedGroundIsNeeded() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await CaseTeamTests.openCase(worker)   // about a child born in 2014
            // No consent yet, no ground: refused, naming the ground.
            let none = try await Self.share(worker, c.id, on: "2026-11-21")
            #expect(none.status == .unprocessableEntity)
            #expect(try Self.fields(none) == ["legalGround"])
            // A ground without saying which: refused; an unknown ground: refused.
            #expect(try Self.fields(try await Self.share(worker, c.id, on: "2026-11-21", ground: "authorityRequest", statement: "có")) == ["groundStatement"])
            #expect(try Self.fields(try await Self.share(worker, c.id, on: "2026-11-21", ground: "curiosity", statement: "Công văn 12/CV-CA")) == ["legalGround"])
            // A ground stated without saying which kind: refused rather than dropped.
            #expect(try Self.fields(try await Self.share(worker, c.id, on: "2026-11-21", statement: "Công văn 12/CV-CA ngày 20/11/2026")) == ["legalGround"])
            #expect(try await CaseDisclosure.query(on: app.db).count() == 0)
            // The police's written request.
            let byGround = try await Self.share(worker, c.id, on: "2026-11-21", ground: "authorityRequest", statement: "Công văn 12/CV-CA ngày 20/11/2026")
            #expect(byGround.status == .created)
            #expect(try HotlineTests.decode(CaseDisclosureController.Output.self, byGround).basis == "authorityRequest")

            // The child (12) and the mother, the legal representative, consent on the 20th.
            let mother = try await CaseTests.person(worker, "Hà Thị Mai")
            #expect(try await HotlineTests.json(worker, .POST, SiteURL.apiPersonRelations(c.personId).path,
                                                ["relatedPersonId": mother.uuidString, "relation": "mother", "legalRepresentative": true]).status == .created)
            let given = try await HotlineTests.json(worker, .POST, SiteURL.apiPersonConsents(c.personId).path,
                                                    ["purpose": "sharingWithPartners", "givenOn": "2026-11-20", "byPerson": true,
                                                     "representativeId": mother.uuidString])
            let consent = try HotlineTests.decode(RelationsController.ConsentOutput.self, given)
            // Before the consent: still refused. After: allowed, and the consent is named.
            #expect(try await Self.share(worker, c.id, on: "2026-11-19").status == .unprocessableEntity)
            let byConsent = try await Self.share(worker, c.id, on: "2026-11-21")
            #expect(byConsent.status == .created)
            let recorded = try HotlineTests.decode(CaseDisclosureController.Output.self, byConsent)
            #expect(recorded.basis == "consent" && recorded.consentId == consent.id)
            // Withdrawn on the 22nd: sharing that day needs a ground again. A future day never passes.
            #expect(try await HotlineTests.json(worker, .PATCH, SiteURL.apiPersonConsent(c.personId, consent.id).path,
                                                ["withdrawnOn": "2026-11-22"]).status == .ok)
            #expect(try Self.fields(try await Self.share(worker, c.id, on: "2026-11-22")) == ["legalGround"])
            #expect(try Self.fields(try await Self.share(worker, c.id, on: "2099-01-01", ground: "legalDuty", statement: "Luật Trẻ em điều 51")) == ["sharedOn"])

            let list = try HotlineTests.decode([CaseDisclosureController.Output].self, try await worker.get(SiteURL.apiCaseDisclosures(c.id).path))
            #expect(list.map(\.basis).sorted() == ["authorityRequest", "consent"])
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.caseDataShared.rawValue).count() == 2)

            // Another office: 404 on the list and on recording.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.get(SiteURL.apiCaseDisclosures(c.id).path).status == .notFound)
            #expect(try await Self.share(workerB, c.id, on: "2026-11-21", ground: "legalDuty", statement: "Luật Trẻ em điều 51").status == .notFound)
            #expect(try await workerB.post(SiteURL.caseDisclosures(c.id).path, form: ["partner": "X"]).status == .notFound)
        }
    }

    @Test func theCasePageRecordsADisclosureAndKeepsWhatWasTyped() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await CaseTeamTests.openCase(worker)
            let page = try await worker.get(SiteURL.caseShow(c.id).path)
            #expect(page.text.contains("id=\"disclosure-form\"") && page.text.contains("id=\"sharing-consent\" class=\"flash warning\""))

            var form = ["partner": "Trung tâm Trợ giúp pháp lý", "sharedOn": "2026-11-21", "what": "Bản tường trình của cháu"]
            let refused = try await worker.post(SiteURL.caseDisclosures(c.id).path, form: form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("id=\"legalGround-error\"") && refused.text.contains("value=\"Trung tâm Trợ giúp pháp lý\""))
            form["legalGround"] = "legalDuty"
            form["groundStatement"] = "Luật Trẻ em 2016, điều 51: thông báo, tố giác"
            #expect(try await worker.post(SiteURL.caseDisclosures(c.id).path, form: form).status == .seeOther)
            let shown = try await worker.get(SiteURL.caseShow(c.id).path)
            #expect(shown.text.contains("Bản tường trình của cháu") && shown.text.contains("Luật Trẻ em 2016, điều 51"))

            // The note form too comes back with what was typed when refused (a date in the future).
            let note = try await worker.post(SiteURL.caseNote(c.id).path, form: ["kind": "homeVisit", "date": "2099-01-01",
                                                                                "narrative": "Gia đình hợp tác, cháu đi học đều"])
            #expect(note.status == .unprocessableEntity && note.text.contains("Gia đình hợp tác, cháu đi học đều"))
            #expect(try await CaseNote.query(on: app.db).count() == 0)
        }
    }
}
