import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import AnSinhApp

@Suite("Annual targets page")
struct TargetsPageTests {
    @Test func theDirectorSetsAYearBesideLastYearsFigures() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            // Two case files of office A received last year, one from the hotline.
            let year = LocalDate(app.clock.now()).year
            for source in ["walkIn", "hotline"] {
                let person = try await CaseTests.person(worker, source == "hotline" ? "Hà Văn Nam" : "Vi Thị Mai")
                let res = try await HotlineTests.json(worker, .POST, SiteURL.apiCases.path, [
                    "type": "childProtection", "personId": person.uuidString, "clientGroups": ["child.violence"], "source": source,
                    "receivedAt": "\(year - 1)-03-0\(source == "hotline" ? 2 : 1)T09:00:00+07:00"])
                #expect(res.status == .created, "\(res.text)")
            }
            let lastYear = AnnualTarget()
            lastYear.year = year - 1; lastYear.unitID = fx.officeA.id!; lastYear.indicator = TargetIndicator.casesReceived.rawValue; lastYear.value = 3
            try await lastYear.create(on: app.db)

            let page = try await director.get(SiteURL.caseTargets.path + "?year=\(year)")
            #expect(page.status == .ok && page.text.contains(fx.officeA.name) && page.text.contains(fx.officeB.name))
            // Office A did 2 (its subtree), of a target of 3; the center counts its offices too.
            #expect(page.text.contains("Năm \(year - 1): thực hiện 2 / chỉ tiêu 3"))
            #expect(page.text.contains("Năm \(year - 1): thực hiện 1</p>"))
            let a = TargetsPage.field(fx.officeA.id!, .casesReceived), center = TargetsPage.field(fx.center.id!, .caseFilesReceived)
            // A bad value refuses the whole form, which comes back as typed.
            let bad = try await director.post(SiteURL.caseTargets.path, form: ["year": String(year), a: "1.200", center: "nhiều"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("id=\"\(center)-error\"") && bad.text.contains("value=\"nhiều\"")
                    && bad.text.contains("value=\"1.200\""))
            #expect(try await AnnualTarget.query(on: app.db).filter(\.$year == year).count() == 0)
            // Saved: "1.200" is 1200; an empty box is no target.
            #expect(try await director.post(SiteURL.caseTargets.path, form: ["year": String(year), a: "1.200", center: "60"]).status == .seeOther)
            let saved = try await AnnualTarget.query(on: app.db).filter(\.$year == year).all()
            #expect(Set(saved.map { "\($0.unitID)|\($0.indicator)|\($0.value)" })
                    == ["\(fx.officeA.id!)|casesReceived|1200", "\(fx.center.id!)|caseFilesReceived|60"])
            #expect(try await director.post(SiteURL.caseTargets.path, form: ["year": String(year), a: "", center: "60"]).status == .seeOther)
            #expect(try await AnnualTarget.query(on: app.db).filter(\.$year == year).count() == 1)
            // Years out of range are refused, never a 500.
            #expect(try await director.get(SiteURL.caseTargets.path + "?year=99999").status == .unprocessableEntity)
            #expect(try await director.post(SiteURL.caseTargets.path, form: ["year": "0"]).status == .unprocessableEntity)
            #expect(try await worker.get(SiteURL.caseTargets.path).status == .forbidden)
        }
    }
}
