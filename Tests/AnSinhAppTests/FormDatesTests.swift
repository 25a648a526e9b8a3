import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import AnSinhApp

@Suite("Dates typed and shown as dd/MM/yyyy on pages")
struct FormDatesTests {
    @Test func typedFormsBecomeISOAndISOIsShownTheVietnameseWay() {
        #expect(FormDates.iso("10/05/2014") == "2014-05-10")
        #expect(FormDates.iso("10-05-2014") == "2014-05-10")
        #expect(FormDates.iso("1.5.2014") == "2014-05-01")
        #expect(FormDates.iso("05/2014") == "2014-05")
        #expect(FormDates.iso("20/11/2026 9:05") == "2026-11-20T09:05")
        // ISO and what is not a date go to the validators unchanged.
        for raw in ["2014-05-10", "2014", "31/02/2026", "20/11/2026 25:00", "abc", "13/2014", ""] {
            #expect(FormDates.iso(raw) == nil, "\(raw)")
        }
        #expect(FormDates.display("2014-05-10") == "10/05/2014")
        #expect(FormDates.display("2026-11-20T09:05") == "20/11/2026 09:05")
        #expect(FormDates.display("2014-05") == "05/2014")
        #expect(FormDates.display("31/02/2026") == "31/02/2026")
    }

    @Test func pagesTakeVietnameseDatesAndTheAPIOnlyISO() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            // The birth date the usability test saw refused.
            #expect(try await worker.post(SiteURL.people.path, form: ["fullName": "Lò Thị Mai", "birthDate": "10/05/2014"]).status == .seeOther)
            let person = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Lò Thị Mai").first())
            #expect(person.birthYear == 2014 && person.birthMonth == 5 && person.birthDay == 10)
            // A refused date comes back as typed, with the message in the page's words.
            let bad = try await worker.post(SiteURL.people.path, form: ["fullName": "Lò Văn Sáng", "birthDate": "31/02/2014"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("value=\"31/02/2014\"") && bad.text.contains("ngày/tháng/năm"))
            // The form shows dates as text fields, never the browser's own pickers.
            let page = try await worker.get(SiteURL.caseShow(try HotlineTests.decode(CaseOutput.self,
                try await CaseTests.open(worker, person: person.id!)).id).path)
            #expect(!page.text.contains("type=\"date\"") && page.text.contains("placeholder=\"dd/mm/yyyy\""))
            // The API keeps ISO: a Vietnamese date there is refused.
            let api = try await HotlineTests.json(worker, .POST, SiteURL.apiPersons.path, ["fullName": "Lò Văn Tâm", "birthDate": "10/05/2014"])
            #expect(api.status == .unprocessableEntity)
            // A report filter typed as dd/mm/yyyy.
            let report = try await worker.get(SiteURL.caseReport.path + "?from=01/01/2026&to=30/06/2026")
            #expect(report.status == .ok && report.text.contains("value=\"01/01/2026\"") && report.text.contains("30/06/2026"))
        }
    }
}
