@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Person merge, allowances and photo")
struct PersonMergeTests {
    @Test func aSupervisorMergesTwoRecordsAndEverythingFollows() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let kept = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(worker, [
                "fullName": "Lê Thị Thu Trang", "birthDate": "2013", "phones": ["0912345678"]]))
            let dup = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(worker, [
                "fullName": "Le Thi Thu Trang", "birthDate": "2013-05-02", "phones": ["0912345678", "0987654321"], "ethnicity": "01",
                "allowances": [["group": "childNoSupport", "monthlyAmount": 720000, "since": "2024-01"]], "confirmDistinct": true]))
            let mother = try await CaseTests.person(worker, "Phạm Thị Hoa")
            #expect(try await HotlineTests.json(worker, .POST, SiteURL.apiPersonRelations(dup.id).path, [
                "relatedPersonId": mother.uuidString, "relation": "mother", "legalRepresentative": true]).status == .created)
            let c = try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(worker, person: dup.id))
            let counsellor = try await TestClient.signedIn(app, as: fx.user(.counsellor))
            try await HotlineTests.setUpLine(counsellor, number: "18001769")
            let call = try HotlineTests.decode(CallOutput.self, try await HotlineTests.json(counsellor, .POST, SiteURL.apiCalls.path, [
                "line": "18001769", "kind": "counselling", "topics": ["abuse.violence"], "startedAt": "2026-11-20T09:00:00+07:00",
                "person": ["personId": dup.id.uuidString]]))
            #expect(call.person.personId == dup.id && call.version == 1)
            // A case worker may not merge; a supervisor may; a stale version conflicts.
            #expect(try await HotlineTests.json(worker, .POST, SiteURL.apiPersonMerge(dup.id).path, ["intoId": kept.id.uuidString, "version": dup.version]).status == .forbidden)
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            #expect(try await HotlineTests.json(supervisor, .POST, SiteURL.apiPersonMerge(dup.id).path, ["intoId": dup.id.uuidString, "version": dup.version]).status == .unprocessableEntity)
            #expect(try await HotlineTests.json(supervisor, .POST, SiteURL.apiPersonMerge(dup.id).path, ["intoId": kept.id.uuidString, "version": 99]).status == .conflict)
            let caseUpdatedBefore = try #require(try await CaseFile.find(c.id, on: app.db)?.updatedAt)
            let res = try await HotlineTests.json(supervisor, .POST, SiteURL.apiPersonMerge(dup.id).path, ["intoId": kept.id.uuidString, "version": dup.version])
            #expect(res.status == .ok)
            let after = try HotlineTests.decode(PersonOutput.self, res)
            // Kept birth stays (year); ethnicity filled; phones united without repeats.
            #expect(after.birthDate == "2013" && after.ethnicity == "01" && after.phones == ["0912345678", "0987654321"])
            // The case follows, with a new version, like the call below.
            let movedCase = try #require(try await CaseFile.find(c.id, on: app.db))
            #expect(movedCase.personID == kept.id && movedCase.version == c.version + 1)
            #expect(try #require(movedCase.updatedAt) > caseUpdatedBefore)
            #expect(try await HotlineTests.json(worker, .PATCH, SiteURL.apiCase(c.id).path, ["summary": "x", "version": c.version]).status == .conflict)
            // The call follows, with a new version: an edit begun before the merge conflicts.
            let movedCall = try #require(try await Call.find(call.id, on: app.db))
            #expect(movedCall.personID == kept.id && movedCall.version == 2)
            #expect(try await HotlineTests.json(counsellor, .PATCH, SiteURL.apiCall(call.id).path, ["summary": "x", "version": 1]).status == .conflict)
            #expect(try await PersonRelation.query(on: app.db).filter(\.$personID == kept.id).count() == 1)
            #expect(try await PersonAllowance.query(on: app.db).filter(\.$personID == kept.id).count() == 1)
            let gone = try #require(try await Person.find(dup.id, on: app.db))
            #expect(gone.mergedInto == kept.id)
            // The duplicate is no longer found; its page points to the kept record; it cannot be edited.
            let found = try await PeopleTests.search(worker, "thu trang")
            #expect(found.items.map(\.id) == [kept.id])
            #expect(try await worker.get(SiteURL.person(dup.id).path).body.string.contains("merged-into"))
            #expect(try await HotlineTests.json(worker, .PATCH, SiteURL.apiPerson(dup.id).path, ["notes": "x", "version": gone.version]).status == .unprocessableEntity)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "person.merged").count() == 1)
            // Office B's supervisor-level merge of an office A record: 404.
            let directorB = try await fx.makeUser(app, role: .supervisor, unit: fx.officeB, username: "gs.b")
            let b = try await TestClient.signedIn(app, as: directorB)
            #expect(try await HotlineTests.json(b, .POST, SiteURL.apiPersonMerge(kept.id).path, ["intoId": mother.uuidString, "version": 1]).status == .notFound)
        }
    }

    @Test func theMergePageComparesAndConfirms() async throws {
        try await TestApp.run { app, fx in
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let a = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(supervisor, ["fullName": "Vi Văn Toàn", "birthDate": "2012"]))
            let b = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(supervisor, [
                "fullName": "Vi Văn Toàn", "birthDate": "2012", "confirmDistinct": true]))
            let list = try await supervisor.get(SiteURL.personMerge(b.id).path)
            #expect(list.status == .ok && list.body.string.contains(a.id.uuidString.lowercased()))
            let compare = try await supervisor.get(SiteURL.personMerge(b.id).path + "?into=\(a.id.uuidString.lowercased())")
            #expect(compare.body.string.contains("id=\"merge-form\""))
            let done = try await supervisor.post(SiteURL.personMerge(b.id).path, form: ["intoId": a.id.uuidString, "version": String(b.version)])
            #expect(done.status == .seeOther && done.location == SiteURL.person(a.id).path)
            let again = try await supervisor.post(SiteURL.personMerge(b.id).path, form: ["intoId": a.id.uuidString, "version": String(b.version + 1)])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("Hồ sơ này đã được gộp."))
        }
    }

    @Test func allowancesAreCheckedAndPhotosMustBeImages() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let bad = try await PeopleTests.create(worker, ["fullName": "Nông Thị Mai", "allowances": [
                ["group": "lottery", "monthlyAmount": 1], ["group": "elderly", "monthlyAmount": 0], ["group": "elderly", "monthlyAmount": 500000, "since": "2024-13"]]])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(try HotlineTests.decode(ValidationFailure.self, bad).fields.map(\.field)) == ["allowances[0]", "allowances[1]", "allowances[2]"])
            // More than anyone receives at once: refused as a whole.
            let tooMany = try await PeopleTests.create(worker, ["fullName": "Nông Thị Mai", "allowances":
                Array(repeating: ["group": "elderly", "monthlyAmount": 500000] as [String: Any], count: PersonWriter.maxAllowances + 1)])
            #expect(try HotlineTests.decode(ValidationFailure.self, tooMany).fields.map(\.field) == ["allowances"])
            let p = try HotlineTests.decode(PersonOutput.self, try await PeopleTests.create(worker, [
                "fullName": "Nông Thị Mai", "birthDate": "1950", "allowances": [["group": "elderly", "monthlyAmount": 500000]]]))
            let read = try HotlineTests.decode(PersonOutput.self, try await worker.get(SiteURL.apiPerson(p.id).path))
            #expect(read.allowances == [AllowanceIO(group: "elderly", monthlyAmount: 500000, since: nil)])
            #expect(try await worker.get(SiteURL.person(p.id).path).body.string.contains("500.000 đ/tháng"))
            // A PATCH with an empty list removes them.
            #expect(try await HotlineTests.json(worker, .PATCH, SiteURL.apiPerson(p.id).path, ["allowances": [] as [Any], "version": p.version]).status == .ok)
            #expect(try await PersonAllowance.query(on: app.db).count() == 0)
            // A "photo" that is really a PDF is refused; a PNG is stored and served, audited.
            let pdf = try await CaseAttachmentTests.upload(worker, p.id, name: "anh.png", bytes: Array("%PDF-1.4 fake".utf8), path: SiteURL.personPhoto(p.id).path)
            #expect(pdf.status == .unprocessableEntity && pdf.body.string.contains("Chỉ nhận ảnh JPEG hoặc PNG"))
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 64)
            #expect(try await CaseAttachmentTests.upload(worker, p.id, name: "anh.png", bytes: png, path: SiteURL.personPhoto(p.id).path).status == .seeOther)
            let photo = try await worker.get(SiteURL.personPhoto(p.id).path)
            #expect(photo.status == .ok && photo.headers.contentType == .png && Array(photo.body.readableBytesView) == png)
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.get(SiteURL.personPhoto(p.id).path).status == .notFound)
        }
    }
}
