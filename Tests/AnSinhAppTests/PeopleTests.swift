@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("People registry")
struct PeopleTests {
    static func create(_ client: TestClient, _ body: [String: Any]) async throws -> TestingHTTPResponse {
        try await HotlineTests.json(client, .POST, SiteURL.apiPersons.path, body)
    }

    static func search(_ client: TestClient, _ q: String) async throws -> PeopleAPIController.SearchPage {
        let res = try await client.get(SiteURL.apiPersons.path + "?q=" + (q.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? q))
        #expect(res.status == .ok)
        return try HotlineTests.decode(PeopleAPIController.SearchPage.self, res)
    }

    @Test func registerFindAndRead() async throws {
        try await TestApp.run(loadAddresses: true) { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let res = try await Self.create(worker, [
                "fullName": "Nguyễn Thị Hoà", "sex": "female", "birthDate": "2015-03-02", "ethnicity": "01",
                "idNumber": "031 315 000 123", "phones": ["0912 345 678"], "provinceCode": "31",
                "groups": ["child.orphanBoth.withRelatives", "poorHousehold"], "addressLine": "Thôn 3"])
            #expect(res.status == .created, "\(res.text)")
            let person = try HotlineTests.decode(PersonOutput.self, res)
            #expect(person.idNumber == "031315000123" && person.phones == ["0912345678"])
            // A sub-group brings its group with it.
            #expect(person.groups == ["child.orphanBoth", "child.orphanBoth.withRelatives", "poorHousehold"])
            #expect(person.birthDate == "2015-03-02" && person.birthPrecision == "exact")
            _ = try await Self.create(worker, ["fullName": "Trần Văn Hòa", "sex": "male", "birthDate": "1980"])
            _ = try await Self.create(worker, ["fullName": "Hoàng Thị Lan", "sex": "female", "estimatedAge": 70])

            // Without tone marks, a fragment of the name; lists mask the ID number and phones.
            var found = try await Self.search(worker, "thi hoa")
            #expect(found.items.map(\.fullName) == ["Nguyễn Thị Hoà"])
            #expect(found.items.first?.idNumber == "031******123")
            #expect(found.items.first?.phones == ["091****678"])
            found = try await Self.search(worker, "hoa")
            #expect(Set(found.items.map(\.fullName)) == ["Nguyễn Thị Hoà", "Trần Văn Hòa", "Hoàng Thị Lan"], "hoa also starts hoang")
            #expect(found.items.first?.fullName != "Hoàng Thị Lan", "a name ending with the fragment ranks before one that only contains it")
            #expect(try await Self.search(worker, "hòa 1980").items.first?.fullName == "Trần Văn Hòa")
            #expect(try await Self.search(worker, "0912345678").items.map(\.fullName) == ["Nguyễn Thị Hoà"])
            #expect(try await Self.search(worker, "031315000123").items.map(\.fullName) == ["Nguyễn Thị Hoà"])
            #expect(try await Self.search(worker, "xyz").items.isEmpty)
            // Words apart, in the order typed; not in another order.
            #expect(try await Self.search(worker, "nguyen hoa").items.map(\.fullName) == ["Nguyễn Thị Hoà"])
            #expect(try await Self.search(worker, "hoa nguyen").items.isEmpty)

            // The full record, and every view of it is audited.
            let full = try HotlineTests.decode(PersonOutput.self, try await worker.get(SiteURL.apiPerson(person.id).path))
            #expect(full.idNumber == "031315000123" && full.addressLine == "Thôn 3")
            let page = try await worker.get(SiteURL.person(person.id).path)
            #expect(page.status == .ok && page.text.contains("031315000123"))
            let views = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.personViewed.rawValue)
                .filter(\.$entityID == person.id.uuidString).count()
            #expect(views == 2)
        }
    }

    @Test func badInputIsRefusedFieldByFieldAndNothingIsSaved() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let res = try await Self.create(worker, [
                "fullName": "  ", "sex": "robot", "birthDate": "2999-01-01", "idNumber": "0313150001",
                "phones": ["12ab"], "groups": ["child.unknown"], "provinceCode": "99", "ethnicity": "77"])
            #expect(res.status == .unprocessableEntity)
            let fields = Set(try HotlineTests.decode(ValidationFailure.self, res).fields.map(\.field))
            #expect(fields == ["fullName", "sex", "birthDate", "idNumber", "phones", "groups", "provinceCode", "ethnicity"])
            // The ID number must agree with the sex and the year of birth.
            let mismatch = try await Self.create(worker, ["fullName": "Lê Văn Nam", "sex": "male", "birthDate": "2015", "idNumber": "031315000123"])
            #expect(try HotlineTests.decode(ValidationFailure.self, mismatch).fields.map(\.field) == ["idNumber"])
            #expect(try await Person.query(on: app.db).count() == 0)
            // The form keeps what was typed and names the field.
            let form = try await worker.post(SiteURL.people.path, form: ["fullName": "Lê Văn Nam", "birthDate": "2999-01-01"])
            #expect(form.status == .unprocessableEntity)
            #expect(form.text.contains("id=\"birthDate-error\"") && form.text.contains("value=\"Lê Văn Nam\""))
            #expect(try await Person.query(on: app.db).count() == 0)
        }
    }

    @Test func likelyDuplicatesAreShownBeforeCreating() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            #expect(try await Self.create(worker, ["fullName": "Phạm Minh Anh", "birthDate": "2012", "phones": ["0987654321"],
                                                   "idNumber": "001212000001", "sex": "male"]).status == .created)
            // Same folded name, born a year later: a likely duplicate.
            let again = try await Self.create(worker, ["fullName": "PHAM minh anh", "birthDate": "2013-05"])
            #expect(again.status == .conflict)
            #expect(again.text.contains("nameAndBirthYear"))
            // Another year: not a duplicate by name.
            #expect(try await Self.create(worker, ["fullName": "Phạm Minh Anh", "birthDate": "2016"]).status == .created)
            // A shared phone.
            let phone = try await Self.create(worker, ["fullName": "Đỗ Thu Hà", "phones": ["+84 987 654 321"]])
            #expect(phone.status == .conflict && phone.text.contains("\"phone\""))
            // Confirmed as someone else.
            #expect(try await Self.create(worker, ["fullName": "PHAM minh anh", "birthDate": "2013-05", "confirmDistinct": true]).status == .created)
            // The same ID number is never a second person.
            let sameID = try await Self.create(worker, ["fullName": "Ai Đó", "idNumber": "001212000001", "confirmDistinct": true])
            #expect(sameID.status == .unprocessableEntity)
            #expect(try await Person.query(on: app.db).count() == 3)

            // The form shows the warning, then registers on "register anyway".
            let form: [String: String] = ["fullName": "Phạm Minh Anh", "birthDate": "2012", "sex": "male"]
            let warned = try await worker.post(SiteURL.people.path, form: form)
            #expect(warned.status == .conflict)
            #expect(warned.text.contains("id=\"duplicates\"") && warned.text.contains("id=\"confirm-distinct\""))
            #expect(warned.text.contains("value=\"Phạm Minh Anh\""))
            var confirmed = form
            confirmed["confirmDistinct"] = "1"
            #expect(try await worker.post(SiteURL.people.path, form: confirmed).status == .seeOther)
            #expect(try await Person.query(on: app.db).count() == 4)

            // Matches outside the user's units are told, not shown.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let elsewhere = try await Self.create(workerB, ["fullName": "Phạm Minh Anh", "birthDate": "2012"])
            #expect(elsewhere.status == .conflict)
            let answer = try HotlineTests.decode(PeopleAPIController.DuplicateAnswer.self, elsewhere)
            #expect(!answer.duplicates.isEmpty && answer.duplicates.allSatisfy { !$0.visible && $0.fullName == nil })
        }
    }

    @Test func otherUnitsGet404AndSearchSkipsThem() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let person = try HotlineTests.decode(PersonOutput.self, try await Self.create(worker, ["fullName": "Vũ Thị Mai", "birthDate": "2010"]))
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.get(SiteURL.apiPerson(person.id).path).status == .notFound)
            #expect(try await HotlineTests.json(workerB, .PATCH, SiteURL.apiPerson(person.id).path, ["fullName": "X", "version": 1]).status == .notFound)
            #expect(try await workerB.get(SiteURL.person(person.id).path).status == .notFound)
            #expect(try await workerB.get(SiteURL.personEdit(person.id).path).status == .notFound)
            #expect(try await workerB.post(SiteURL.personEdit(person.id).path, form: ["fullName": "X", "version": "1"]).status == .notFound)
            #expect(try await Self.search(workerB, "mai").items.isEmpty)
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            #expect(try await Self.search(director, "vu thi mai").items.count == 1)
            let viewer = try await TestClient.signedIn(app, as: fx.user(.viewer))
            #expect(try await viewer.get(SiteURL.apiPersons.path + "?q=mai").status == .forbidden)
        }
    }

    @Test func editsNeedTheCurrentVersionAndKeepTheIndexRight() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let person = try HotlineTests.decode(PersonOutput.self, try await Self.create(worker, ["fullName": "Bùi Văn Tuấn", "birthDate": "2011"]))
            let renamed = try await HotlineTests.json(worker, .PATCH, SiteURL.apiPerson(person.id).path, ["fullName": "Bùi Anh Tuấn", "version": 1])
            #expect(renamed.status == .ok)
            #expect(try await Self.search(worker, "anh tuan").items.count == 1)
            #expect(try await Self.search(worker, "van tuan").items.isEmpty, "the old name's words are gone from the index")
            let stale = try await HotlineTests.json(worker, .PATCH, SiteURL.apiPerson(person.id).path, ["notes": "cũ", "version": 1])
            #expect(stale.status == .conflict)
            // The form: a stale save shows both versions and keeps what was typed.
            let conflict = try await worker.post(SiteURL.personEdit(person.id).path,
                                                 form: ["fullName": "Bùi Văn Tuấn", "birthDate": "2011", "notes": "ghi chú mới", "version": "1"])
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("Bùi Anh Tuấn") && conflict.text.contains("ghi chú mới"))
            #expect(conflict.text.contains("name=\"version\" value=\"2\""))
            #expect(try await Person.find(person.id, on: app.db)?.fullName == "Bùi Anh Tuấn")
            let ok = try await worker.post(SiteURL.personEdit(person.id).path, form: ["fullName": "Bùi Anh Tuấn", "birthDate": "2011", "notes": "ghi chú mới", "version": "2"])
            #expect(ok.status == .seeOther)
            #expect(try await Person.find(person.id, on: app.db)?.notes == "ghi chú mới")
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.personUpdated.rawValue).all()
            #expect(audit.contains { $0.summary.contains("fullName: Bùi Văn Tuấn → Bùi Anh Tuấn") })
        }
    }
}

@Suite("Calls linked to person records")
struct CallPersonLinkTests {
    @Test func aCallLinksToAPersonInTheCounsellorsUnits() async throws {
        try await TestApp.run { app, fx in
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor)
            let person = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(counsellor, ["fullName": "Đinh Thị Thu", "birthDate": "2014"]))
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let elsewhere = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(workerB, ["fullName": "Lý Văn Bình"]))

            // Through the API.
            let call = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["abuse.violence"], "person": ["isChild": true, "personId": person.id.uuidString]])
            #expect(call.status == .created)
            #expect(try HotlineTests.decode(CallOutput.self, call).person.personId == person.id)
            let refused = try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["abuse.violence"], "person": ["personId": elsewhere.id.uuidString]])
            #expect(refused.status == .unprocessableEntity)
            #expect(try HotlineTests.decode(ValidationFailure.self, refused).fields.map(\.field) == ["person.personId"])

            // From the call's page: search with ?linkCall=, then the button on the result.
            let plain = try HotlineTests.decode(CallOutput.self, try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18006605", "kind": "counselling", "topics": ["psych.school"]]))
            #expect(try await counsellor.get(SiteURL.hotlineCall(plain.id).path).text.contains("id=\"link-person\""))
            let results = try await counsellor.get(SiteURL.people.path + "?q=dinh+thu&linkCall=\(plain.id.uuidString.lowercased())")
            #expect(results.text.contains(SiteURL.hotlineCallPerson(plain.id).path))
            // A person of another unit cannot be linked, even by a forged form.
            #expect(try await counsellor.post(SiteURL.hotlineCallPerson(plain.id).path,
                                              form: ["person_id": elsewhere.id.uuidString, "version": "1"]).status == .notFound)
            let linked = try await counsellor.post(SiteURL.hotlineCallPerson(plain.id).path, form: ["person_id": person.id.uuidString, "version": "1"])
            #expect(linked.status == .seeOther)
            #expect(try await Call.find(plain.id, on: app.db)?.personID == person.id)
            #expect(try await counsellor.get(SiteURL.hotlineCall(plain.id).path).text.contains("Đinh Thị Thu"))
            // A stale version is refused.
            #expect(try await counsellor.post(SiteURL.hotlineCallPerson(plain.id).path, form: ["person_id": person.id.uuidString, "version": "1"]).status == .conflict)
        }
    }
}

@Suite("People generator")
struct DemoPeopleTests {
    @Test func generatedPersonsAreFoundLikeRegisteredOnes() async throws {
        try await TestApp.run { app, fx in
            try await DemoPeople.generate(1200, app: app)
            #expect(try await Person.query(on: app.db).count() == 1200)
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let found = try await PeopleTests.search(director, "nguyen")
            #expect(!found.items.isEmpty && found.items.allSatisfy { $0.fullName.hasPrefix("Nguyễn") })
            // With a year, the closest birth years come first among equally good name matches.
            let sample = try #require(try await Person.query(on: app.db).first())
            let byNameAndYear = try await PeopleTests.search(director, sample.searchKey + " \(sample.birthYear!)")
            #expect(byNameAndYear.items.first?.birthYear == sample.birthYear)
        }
    }
}

@Suite("Household relations and consent")
struct RelationConsentTests {
    @Test func aChildAgedSevenOrMoreConsentsWithTheLegalRepresentative() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let child = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(worker, ["fullName": "Mai Anh Thư", "birthDate": "2016", "sex": "female"]))
            let mother = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(worker, ["fullName": "Mai Thị Lụa", "birthDate": "1990", "sex": "female"]))
            let path = SiteURL.apiPersonRelations(child.id).path
            #expect(try await HotlineTests.json(worker, .POST, path, ["relatedPersonId": mother.id.uuidString, "relation": "cousin"]).status == .unprocessableEntity)
            #expect(try await HotlineTests.json(worker, .POST, path, ["relatedPersonId": mother.id.uuidString, "relation": "mother",
                                                                     "legalRepresentative": true]).status == .created)
            let relations = try HotlineTests.decode([RelationsController.RelationOutput].self, try await worker.get(path))
            #expect(relations.map(\.relatedName) == ["Mai Thị Lụa"] && relations.first?.legalRepresentative == true)

            // Aged 10: the mother alone is not enough, nor the child alone.
            let consents = SiteURL.apiPersonConsents(child.id).path
            let motherOnly = try await HotlineTests.json(worker, .POST, consents, ["purpose": "dataProcessing", "givenOn": "2026-11-20",
                                                                                  "representativeId": mother.id.uuidString])
            #expect(try HotlineTests.decode(ValidationFailure.self, motherOnly).fields.map(\.field) == ["byPerson"])
            let childOnly = try await HotlineTests.json(worker, .POST, consents, ["purpose": "dataProcessing", "givenOn": "2026-11-20", "byPerson": true])
            #expect(try HotlineTests.decode(ValidationFailure.self, childOnly).fields.map(\.field) == ["representativeId"])
            // Someone not recorded as the representative does not count.
            let stranger = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(worker, ["fullName": "Người Lạ", "birthDate": "1980"]))
            #expect(try await HotlineTests.json(worker, .POST, consents, ["purpose": "photos", "givenOn": "2026-11-20", "byPerson": true,
                                                                         "representativeId": stranger.id.uuidString]).status == .unprocessableEntity)
            let both = try await HotlineTests.json(worker, .POST, consents, ["purpose": "dataProcessing", "givenOn": "2026-11-20", "byPerson": true,
                                                                            "representativeId": mother.id.uuidString])
            #expect(both.status == .created)
            let consent = try HotlineTests.decode(RelationsController.ConsentOutput.self, both)
            #expect(consent.inForce)
            // Withdrawn: kept on record, no longer in force.
            let withdrawn = try await HotlineTests.json(worker, .PATCH, SiteURL.apiPersonConsent(child.id, consent.id).path, ["withdrawnOn": "2026-11-22"])
            #expect(withdrawn.status == .ok)
            #expect(try HotlineTests.decode(RelationsController.ConsentOutput.self, withdrawn).inForce == false)
            #expect(try await HotlineTests.json(worker, .PATCH, SiteURL.apiPersonConsent(child.id, consent.id).path, ["withdrawnOn": "2026-11-01"]).status == .unprocessableEntity)
            // Another office: 404.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.get(consents).status == .notFound)
            #expect(try await HotlineTests.json(workerB, .POST, path, ["relatedPersonId": mother.id.uuidString, "relation": "mother"]).status == .notFound)
        }
    }
}
