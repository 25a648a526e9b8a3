@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The person page's own forms (relatives, consents, withdrawal) and the allowance rows of the
/// person form: what the API does, done from the pages, with refusals shown beside the field.
@Suite("Person page forms")
struct PersonPageFormsTests {
    static func person(_ client: TestClient, _ name: String, born: String) async throws -> PersonOutput {
        try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(client, ["fullName": name, "birthDate": born, "confirmDistinct": true]))
    }

    @Test func allowanceRowsAreSavedCheckedAndRemovedFromTheForm() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            var form = ["fullName": "Lò Văn Páo", "birthDate": "1948", "sex": "male",
                        "allowance-group-0": "elderly", "allowance-amount-0": "540.000", "allowance-since-0": "2023-07",
                        "allowance-group-1": "disability", "allowance-amount-1": "1 080 000 đ"]
            let created = try await worker.post(SiteURL.people.path, form: form)
            #expect(created.status == .seeOther)
            let person = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Lò Văn Páo").first())
            let stored = try await PersonQueries.allowances(person, app.db)
            #expect(Set(stored.map(\.monthlyAmount)) == [540_000, 1_080_000])
            #expect(stored.first { $0.group == "elderly" }?.since == "2023-07")

            // The edit form shows the rows with the amounts written the Vietnamese way, and a blank one.
            let edit = try await worker.get(SiteURL.personEdit(person.id!).path)
            #expect(edit.text.contains("value=\"540.000\"") && edit.text.contains("name=\"allowance-group-2\""))

            // A word for an amount, and an unknown group: refused beside the row, typed values kept, nothing changed.
            form = ["fullName": "Lò Văn Páo", "birthDate": "1948", "sex": "male", "version": String(person.version),
                    "allowance-group-0": "elderly", "allowance-amount-0": "năm trăm"]
            let bad = try await worker.post(SiteURL.personEdit(person.id!).path, form: form)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"allowance-0-error\"") && bad.text.contains("value=\"năm trăm\""))
            // A decimal comma is not a sum in đồng.
            form["allowance-amount-0"] = "540,5"
            #expect(try await worker.post(SiteURL.personEdit(person.id!).path, form: form).text.contains("id=\"allowance-0-error\""))
            form["allowance-amount-0"] = "540 000 đ"
            form["allowance-group-1"] = "lottery"
            form["allowance-amount-1"] = "100000"
            let unknown = try await worker.post(SiteURL.personEdit(person.id!).path, form: form)
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("id=\"allowance-1-error\""))
            #expect(try await PersonQueries.allowances(person, app.db).count == 2)

            // Blank rows: the allowances are removed.
            let cleared = try await worker.post(SiteURL.personEdit(person.id!).path,
                                                form: ["fullName": "Lò Văn Páo", "birthDate": "1948", "sex": "male", "version": String(person.version)])
            #expect(cleared.status == .seeOther)
            #expect(try await PersonQueries.allowances(person, app.db).isEmpty)
        }
    }

    @Test func aRelativeIsChosenInTheSearchAndAddedFromThePage() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let child = try await Self.person(worker, "Hà Gia Bảo", born: "2017")
            let grandma = try await Self.person(worker, "Hà Thị Nụ", born: "1955")
            let page = try await worker.get(SiteURL.person(child.id).path)
            #expect(page.text.contains("id=\"add-relation\"") && page.text.contains("linkPerson=\(child.id.uuidString.lowercased())"))
            let search = try await worker.get(SiteURL.people.path + "?linkPerson=\(child.id.uuidString.lowercased())&q=ha%20thi%20nu")
            #expect(search.text.contains("action=\"\(SiteURL.personRelations(child.id).path)\""))

            let form = ["relatedPersonId": grandma.id.uuidString, "relation": "grandparent", "legalRepresentative": "1"]
            #expect(try await worker.post(SiteURL.personRelations(child.id).path, form: form).status == .seeOther)
            let relations = try await PersonRelation.query(on: app.db).filter(\.$personID == child.id).all()
            #expect(relations.map(\.relation) == [.grandparent] && relations.first?.legalRepresentative == true)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$entityID == child.id.uuidString)
                .filter(\.$summary == "relation grandparent (legal representative)").count() == 1)

            // Twice, or with an unknown relation: the page comes back with the reason, nothing added.
            let again = try await worker.post(SiteURL.personRelations(child.id).path, form: form)
            #expect(again.status == .unprocessableEntity && again.text.contains("id=\"relation-error\""))
            let odd = try await worker.post(SiteURL.personRelations(child.id).path,
                                            form: ["relatedPersonId": UUID().uuidString, "relation": "neighbour"])
            #expect(odd.status == .unprocessableEntity)
            #expect(try await PersonRelation.query(on: app.db).count() == 1)

            // Another office: 404, and its people cannot be chosen either.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.post(SiteURL.personRelations(child.id).path, form: form).status == .notFound)
            let theirs = try await Self.person(workerB, "Người Ở Xa", born: "1970")
            let foreign = try await worker.post(SiteURL.personRelations(child.id).path,
                                                form: ["relatedPersonId": theirs.id.uuidString, "relation": "other"])
            #expect(foreign.status == .unprocessableEntity)

            // A relation recorded by mistake is taken off: not by another office (404), then by the worker.
            let row = try #require(relations.first)
            #expect(try await workerB.post(SiteURL.personRelationRemove(child.id, row.id!).path).status == .notFound)
            #expect(try await HotlineTests.json(workerB, .DELETE, SiteURL.apiPersonRelation(child.id, row.id!).path, [:]).status == .notFound)
            #expect(try await worker.post(SiteURL.personRelationRemove(grandma.id, row.id!).path).status == .notFound)
            #expect(try await worker.post(SiteURL.personRelationRemove(child.id, row.id!).path).status == .seeOther)
            #expect(try await PersonRelation.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$summary == "relation grandparent removed").count() == 1)
        }
    }

    @Test func consentsAreRecordedAndWithdrawnFromThePage() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let child = try await Self.person(worker, "Đinh Khánh Linh", born: "2015")
            let father = try await Self.person(worker, "Đinh Văn Hùng", born: "1985")
            #expect(try await worker.post(SiteURL.personRelations(child.id).path,
                                          form: ["relatedPersonId": father.id.uuidString, "relation": "father", "legalRepresentative": "1"]).status == .seeOther)
            // The form offers the recorded representative.
            let page = try await worker.get(SiteURL.person(child.id).path)
            #expect(page.text.contains("id=\"consent-form\"") && page.text.contains("value=\"\(father.id.uuidString)\""))

            // The child is over 7 and did not consent: refused beside that box, the typed notes kept.
            var form = ["purpose": "sharingWithPartners", "givenOn": "2026-11-20", "representativeId": father.id.uuidString,
                        "notes": "Biên bản ngày 20/11"]
            let refused = try await worker.post(SiteURL.personConsents(child.id).path, form: form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("id=\"byPerson-error\"") && refused.text.contains("value=\"Biên bản ngày 20/11\""))
            #expect(try await PersonConsent.query(on: app.db).count() == 0)

            form["byPerson"] = "1"
            #expect(try await worker.post(SiteURL.personConsents(child.id).path, form: form).status == .seeOther)
            let consent = try #require(try await PersonConsent.query(on: app.db).first())
            #expect(consent.purpose == .sharingWithPartners && consent.byPerson && consent.representativeID == father.id
                    && consent.notes == "Biên bản ngày 20/11")

            // Withdrawal before the consent was given: refused beside the date; then withdrawn, kept on record.
            // Dates on pages are typed and shown as dd/mm/yyyy.
            let early = try await worker.post(SiteURL.personConsentWithdraw(child.id, consent.id!).path, form: ["withdrawnOn": "01/11/2026"])
            #expect(early.status == .unprocessableEntity && early.text.contains("value=\"01/11/2026\"") && early.text.contains("field-error")
                    && early.text.contains("ngày/tháng/năm"))
            #expect(try await worker.post(SiteURL.personConsentWithdraw(child.id, consent.id!).path, form: ["withdrawnOn": "21.11.2026"]).status == .seeOther)
            let withdrawn = try #require(try await PersonConsent.find(consent.id, on: app.db))
            #expect(withdrawn.withdrawnOn == "2026-11-21" && !withdrawn.isInForce(on: "2026-11-22"))
            // Once withdrawn, the date stays; a second withdrawal (from a stale tab) is told above the table.
            let again = try await worker.post(SiteURL.personConsentWithdraw(child.id, consent.id!).path, form: ["withdrawnOn": "2026-11-22"])
            #expect(again.status == .unprocessableEntity && again.text.contains("id=\"withdraw-error\""))
            #expect(try await PersonConsent.find(consent.id, on: app.db)?.withdrawnOn == "2026-11-21")

            // Another office: 404; a consent of another person through this one's URL: 404.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.post(SiteURL.personConsents(child.id).path, form: form).status == .notFound)
            #expect(try await workerB.post(SiteURL.personConsentWithdraw(child.id, consent.id!).path, form: ["withdrawnOn": "2026-11-21"]).status == .notFound)
            #expect(try await worker.post(SiteURL.personConsentWithdraw(father.id, consent.id!).path, form: ["withdrawnOn": "2026-11-21"]).status == .notFound)
        }
    }
}
