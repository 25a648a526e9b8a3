@testable import AnSinhApp
import Fluent
import Foundation
import Testing
import Vapor

/// A long Vietnamese note was refused with 413 and lost: body limits must fit the largest
/// text a form allows, and every text area says how much it takes.
@Suite("Form limits: bodies fit the largest allowed input")
struct FormLimitsTests {
    @Test func aNoteOfNearly8000VietnameseCharactersIsSaved() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await CaseTeamTests.openCase(worker)
            // 3-byte letters (ệ, ố, ờ…), each byte percent-encoded by the form: about 60 KB.
            let sentence = "Thăm nhà: mẹ kể rằng bố dượng thường xuyên uống rượu, đánh cháu; cháu sợ, không muốn về nhà. "
            let narrative = String(String(repeating: sentence, count: 100).prefix(7_900)).trimmingCharacters(in: .whitespaces)
            let res = try await worker.post(SiteURL.caseNote(c.id).path, form: ["kind": "homeVisit", "date": "2026-11-21", "narrative": narrative])
            #expect(res.status == .seeOther, "\(res.status)")
            let stored = try await CaseNote.query(on: app.db).filter(\.$caseID == c.id).all()
            #expect(stored.count == 1)
            #expect(stored.first?.narrative.count == narrative.count, "stored \(stored.first?.narrative.count ?? 0) of \(narrative.count) characters")
            #expect(stored.first?.narrative.hasSuffix(String(narrative.suffix(40))) == true)
            // The limit itself fits the largest allowed text, percent-encoded 3-byte letters.
            #expect(BodyLimits.request.value >= 8_000 * 9 * 3)
            // Past it, the refusal says what to do (the in-memory tester does not stream bodies,
            // so the 413 itself is checked by the browser test).
            #expect(AppErrorMiddleware.message(.payloadTooLarge, reason: nil, Localizer(language: .vi)).contains("Quay lại"))
        }
    }

    @Test func everyTextAreaOnCaseAndCallPagesCarriesItsMaxlength() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await CaseTeamTests.openCase(worker)
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            for (client, path) in [(worker, SiteURL.caseShow(c.id).path), (worker, SiteURL.caseNew.path + "?person=" + (try await CaseTests.person(worker, "Lò Văn Páo")).uuidString), (counsellor, SiteURL.hotlineCallNew.path)] {
                let page = try await client.get(path)
                #expect(page.status == .ok, "\(path)")
                let html = page.text
                let areas = html.components(separatedBy: "<textarea").dropFirst().map { $0.prefix { $0 != ">" } }
                for area in areas where !area.contains("maxlength=") {
                    Issue.record("\(path): a textarea without maxlength: \(area)")
                }
            }
        }
    }
}
