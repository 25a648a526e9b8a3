@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Case team, related persons and transfers")
struct CaseTeamTests {
    static func openCase(_ client: TestClient, restricted: Bool = false) async throws -> CaseOutput {
        let person = try await CaseTests.person(client)
        return try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(client, person: person, restricted: restricted))
    }

    static func addPerson(_ client: TestClient, _ caseID: UUID, person: UUID, role: String, details: String? = nil) async throws -> TestingHTTPResponse {
        var body: [String: Any] = ["personId": person.uuidString, "role": role]
        if let details { body["details"] = details }
        return try await HotlineTests.json(client, .POST, SiteURL.apiCasePersons(caseID).path, body)
    }

    @Test func relatedPersonsAndTheAbuserSeenByTheTeamOnly() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await Self.openCase(worker)
            let mother = try await CaseTests.person(worker, "Hà Thị Mai")
            let stepfather = try await CaseTests.person(worker, "Trịnh Văn Cường")
            #expect(try await Self.addPerson(worker, c.id, person: mother, role: "caregiver").status == .created)
            let added = try await Self.addPerson(worker, c.id, person: stepfather, role: "allegedAbuser", details: "Uống rượu, đánh cháu")
            #expect(added.status == .created)
            let abuserRow = try HotlineTests.decode(CaseTeam.ParticipantOutput.self, added)
            // The worker who opened the case is the team: both named.
            let mine = try HotlineTests.decode([CaseTeam.ParticipantOutput].self, try await worker.get(SiteURL.apiCasePersons(c.id).path))
            #expect(mine.map(\.fullName) == ["Hà Thị Mai", "Trịnh Văn Cường"])
            // A collaborator of the same office sees the case but not who the abuser is.
            let collaborator = try await TestClient.signedIn(app, as: fx.user(.collaborator))
            let theirs = try HotlineTests.decode([CaseTeam.ParticipantOutput].self, try await collaborator.get(SiteURL.apiCasePersons(c.id).path))
            #expect(theirs.count == 2)
            let hidden = try #require(theirs.first { $0.role == "allegedAbuser" })
            #expect(hidden.hidden && hidden.fullName == nil && hidden.personId == nil && hidden.details == nil)
            let page = try await collaborator.get(SiteURL.caseShow(c.id).path)
            #expect(page.status == .ok && !page.body.string.contains("Trịnh Văn Cường") && page.body.string.contains("Hà Thị Mai"))
            // Nor can they take the abuser off the case.
            #expect(try await collaborator.send(.DELETE, SiteURL.apiCasePerson(c.id, abuserRow.id).path,
                                               headers: ["X-CSRF-Token": collaborator.csrf ?? ""], body: nil).status == .notFound)
            // The audit names the role and the record, never the abuser's name.
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "case.person.added").all()
            #expect(audit.count == 2 && !audit.contains { $0.summary.contains("Cường") || $0.summary.contains(stepfather.uuidString) })
            // Outside the team, trying the abuser's record does not confirm it is in the case.
            let probe = try await Self.addPerson(collaborator, c.id, person: stepfather, role: "other")
            #expect(probe.status == .unprocessableEntity && !probe.text.contains("đã có trong hồ sơ"))
            // Once on the team (added by a supervisor), the collaborator sees the abuser.
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let join = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCaseTeam(c.id).path, ["userId": fx.user(.collaborator).id!.uuidString])
            #expect(join.status == .noContent)
            let now = try HotlineTests.decode([CaseTeam.ParticipantOutput].self, try await collaborator.get(SiteURL.apiCasePersons(c.id).path))
            #expect(now.contains { $0.fullName == "Trịnh Văn Cường" && $0.details == "Uống rượu, đánh cháu" })
            // The worker removes the caregiver row.
            let caregiver = try #require(mine.first { $0.role == "caregiver" })
            #expect(try await worker.send(.DELETE, SiteURL.apiCasePerson(c.id, caregiver.id).path,
                                          headers: ["X-CSRF-Token": worker.csrf ?? ""], body: nil).status == .noContent)
            #expect(try await CaseParticipant.query(on: app.db).count() == 1)
        }
    }

    @Test func badRelatedPersonsAreRefused() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await Self.openCase(worker)
            let bad = try await HotlineTests.json(worker, .POST, SiteURL.apiCasePersons(c.id).path, ["personId": UUID().uuidString, "role": "uncle"])
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(try HotlineTests.decode(ValidationFailure.self, bad).fields.map(\.field)) == ["personId", "role"])
            // The person the case is about, and a person of another office.
            let selfRow = try await Self.addPerson(worker, c.id, person: c.personId, role: "familyMember")
            #expect(selfRow.status == .unprocessableEntity)
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let elsewhere = try await CaseTests.person(workerB, "Lò Văn Páo")
            #expect(try await Self.addPerson(worker, c.id, person: elsewhere, role: "familyMember").status == .unprocessableEntity)
            // Twice the same person.
            let aunt = try await CaseTests.person(worker, "Hà Thị Hương")
            #expect(try await Self.addPerson(worker, c.id, person: aunt, role: "familyMember").status == .created)
            #expect(try await Self.addPerson(worker, c.id, person: aunt, role: "caregiver").status == .unprocessableEntity)
            // Another office's case is not found.
            #expect(try await Self.addPerson(workerB, c.id, person: elsewhere, role: "other").status == .notFound)
            #expect(try await workerB.get(SiteURL.apiCasePersons(c.id).path).status == .notFound)
            #expect(try await CaseParticipant.query(on: app.db).count() == 1)
        }
    }

    @Test func assignmentAndTeam() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try await Self.openCase(worker, restricted: true)
            let collaborator = try await TestClient.signedIn(app, as: fx.user(.collaborator))
            #expect(try await collaborator.get(SiteURL.apiCase(c.id).path).status == .notFound)
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            func assign(_ to: UUID?, version: Int) async throws -> TestingHTTPResponse {
                try await HotlineTests.json(supervisor, .PUT, SiteURL.apiCaseAssignment(c.id).path,
                                            ["assignedTo": to?.uuidString as Any, "version": version])
            }
            // Someone of another office, or a counsellor, cannot take it.
            #expect(try await assign(fx.caseWorkerB.id!, version: c.version).status == .unprocessableEntity)
            #expect(try await assign(fx.user(.viewer).id!, version: c.version).status == .unprocessableEntity)
            let res = try await assign(fx.user(.collaborator).id!, version: c.version)
            #expect(res.status == .ok)
            let after = try HotlineTests.decode(CaseOutput.self, res)
            #expect(after.assignedTo == fx.user(.collaborator).id && after.version == c.version + 1)
            // The assigned collaborator now sees the restricted case; a stale page conflicts.
            #expect(try await collaborator.get(SiteURL.apiCase(c.id).path).status == .ok)
            #expect(try await assign(fx.user(.caseWorker).id!, version: c.version).status == .conflict)
            // A supervisor of office A cannot build the team of office B's cases.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let cB = try await Self.openCase(workerB)
            #expect(try await HotlineTests.json(supervisor, .POST, SiteURL.apiCaseTeam(cB.id).path,
                                                ["userId": fx.user(.collaborator).id!.uuidString]).status == .notFound)
            // A worker may not assign (the route is for supervisors and the director).
            #expect(try await HotlineTests.json(worker, .PUT, SiteURL.apiCaseAssignment(c.id).path, ["version": after.version]).status == .forbidden)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "case.assigned").count() == 1)
        }
    }

    @Test func transferToAnotherUnitAcceptedOrDeclined() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let c = try await Self.openCase(worker)
            let c2 = try await Self.openCase(worker)
            func request(_ client: TestClient, to unit: UUID?, reason: String, version: Int) async throws -> TestingHTTPResponse {
                try await HotlineTests.json(client, .POST, SiteURL.apiCaseTransfers(c.id).path,
                                            ["toUnitId": unit?.uuidString as Any, "reason": reason, "version": version])
            }
            let bad = try await request(supervisor, to: fx.officeA.id!, reason: "", version: c.version)
            #expect(Set(try HotlineTests.decode(ValidationFailure.self, bad).fields.map(\.field)) == ["toUnitId", "transferReason"])
            let sent = try await request(supervisor, to: fx.officeB.id!, reason: "Gia đình chuyển về xã B", version: c.version)
            #expect(sent.status == .created)
            let transfer = try HotlineTests.decode(CaseTeam.TransferOutput.self, sent)
            #expect(transfer.status == "pending" && transfer.caseNumber == c.number)
            #expect(try await request(supervisor, to: fx.officeB.id!, reason: "lần nữa", version: c.version + 1).status == .unprocessableEntity)
            // Until it is accepted, office B does not see the case, and office A's supervisor
            // cannot decide for office B.
            #expect(try await workerB.get(SiteURL.apiCase(c.id).path).status == .notFound)
            let decision = SiteURL.apiTransferDecision(transfer.id).path
            #expect(try await HotlineTests.json(supervisor, .POST, decision, ["accept": true]).status == .notFound)
            #expect(try await HotlineTests.json(director, .POST, decision, ["accept": false]).status == .unprocessableEntity)
            // With a supervisor in office B, the director's own request waits for them: she may not accept it herself.
            let supervisorB = User(username: "u.supervisor.b", fullName: "Giám sát xã B", passwordHash: fx.user(.supervisor).passwordHash,
                                   role: .supervisor, unitID: fx.officeB.id!, mustChangePassword: false)
            try await supervisorB.create(on: app.db)
            let back = try HotlineTests.decode(CaseTeam.TransferOutput.self, try await HotlineTests.json(
                director, .POST, SiteURL.apiCaseTransfers(c2.id).path, ["toUnitId": fx.officeB.id!.uuidString, "reason": "Chuyển về xã B", "version": c2.version]))
            let own = try await HotlineTests.json(director, .POST, SiteURL.apiTransferDecision(back.id).path, ["accept": true])
            #expect(try HotlineTests.decode(ValidationFailure.self, own).fields.map(\.field) == ["accept"])
            // Accepted by the director, given to B's worker: the case and its person move.
            let accepted = try await HotlineTests.json(director, .POST, decision, ["accept": true, "assignedTo": fx.caseWorkerB.id!.uuidString])
            #expect(accepted.status == .ok)
            #expect(try HotlineTests.decode(CaseTeam.TransferOutput.self, accepted).status == "accepted")
            let moved = try HotlineTests.decode(CaseOutput.self, try await workerB.get(SiteURL.apiCase(c.id).path))
            #expect(moved.unitId == fx.officeB.id && moved.assignedTo == fx.caseWorkerB.id && moved.number == c.number)
            #expect(try await Person.find(c.personId, on: app.db)?.unitID == fx.officeB.id)
            #expect(try await worker.get(SiteURL.apiCase(c.id).path).status == .notFound)
            // Decided once only.
            #expect(try await HotlineTests.json(director, .POST, decision, ["accept": false, "comment": "x"]).status == .unprocessableEntity)
            let list = try HotlineTests.decode([CaseTeam.TransferOutput].self, try await director.get(SiteURL.apiTransfers.path + "?status=accepted"))
            #expect(list.map(\.id) == [transfer.id])
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["case.transfer.requested", "case.transfer.accepted"]).count() == 3)
        }
    }

    /// A transfer to an office without a supervisor waits for the director, who sees it on the
    /// home page; the receiving staff see it coming; the sender then reads where the case went.
    @Test func transfersWaitForTheNearestDeciderAndTheSenderSeesWhereTheCaseWent() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let c = try await Self.openCase(worker)
            let sent = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCaseTransfers(c.id).path,
                                                   ["toUnitId": fx.officeB.id!.uuidString, "reason": "Gia đình chuyển về xã B", "version": c.version])
            let transfer = try HotlineTests.decode(CaseTeam.TransferOutput.self, sent)
            // Office B has no supervisor and the center none either: it waits for the director.
            let waits = try await CaseTransfers.waiting(for: fx.user(.director), on: app.db)
            #expect(waits.map(\.id) == [transfer.id])
            #expect(try await CaseTransfers.waiting(for: fx.user(.supervisor), on: app.db).isEmpty)
            #expect(try await director.get(SiteURL.home.path).text.contains("Hồ sơ chuyển đến đang chờ nhận: 1"))
            let list = try await director.get(SiteURL.caseTransfers.path)
            #expect(list.text.contains("chờ \(fx.user(.director).fullName)") && list.text.contains("transfer-decision"))
            // Office B's case worker sees it coming, on the home page and the list, without deciding.
            #expect(try await workerB.get(SiteURL.home.path).text.contains("Hồ sơ chuyển đến đang chờ nhận: 1"))
            let theirs = try await workerB.get(SiteURL.caseTransfers.path)
            #expect(theirs.status == .ok && theirs.text.contains(c.number) && !theirs.text.contains("transfer-decision"))
            #expect(try await HotlineTests.json(workerB, .POST, SiteURL.apiTransferDecision(transfer.id).path, ["accept": true]).status == .forbidden)
            // Accepted: the sender's link to the case says where it went.
            #expect(try await HotlineTests.json(director, .POST, SiteURL.apiTransferDecision(transfer.id).path,
                                                ["accept": true, "assignedTo": fx.caseWorkerB.id!.uuidString]).status == .ok)
            let gone = try await worker.get(SiteURL.caseShow(c.id).path)
            #expect(gone.status == .ok && gone.text.contains("Đã chuyển cho Văn phòng CTXH xã B ngày"), "\(gone.status)")
            #expect(!gone.text.contains(c.summary ?? "\u{0}"))
            #expect(try await worker.get(SiteURL.apiCase(c.id).path).status == .notFound)
            #expect(try await director.get(SiteURL.home.path).text.contains("Hồ sơ chuyển đến") == false)
            // The director's own request, with no one else to decide, is hers to accept.
            let c2 = try await Self.openCase(worker)
            let own = try HotlineTests.decode(CaseTeam.TransferOutput.self, try await HotlineTests.json(
                director, .POST, SiteURL.apiCaseTransfers(c2.id).path, ["toUnitId": fx.officeB.id!.uuidString, "reason": "Chuyển về xã B", "version": c2.version]))
            #expect(try await HotlineTests.json(director, .POST, SiteURL.apiTransferDecision(own.id).path, ["accept": true]).status == .ok)
        }
    }

    @Test func transferPagesAndTheCasePageForms() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let c = try await Self.openCase(worker)
            // The case page offers the team forms to the director, not to the worker.
            #expect(try await worker.get(SiteURL.caseShow(c.id).path).body.string.contains("case-transfer") == false)
            let page = try await director.get(SiteURL.caseShow(c.id).path)
            #expect(page.body.string.contains("id=\"case-transfer\"") && page.body.string.contains("id=\"case-assign\""))
            // A transfer without a reason comes back with the message beside the field.
            let missing = try await director.post(SiteURL.caseTransfer(c.id).path, form: ["toUnitId": fx.officeB.id!.uuidString, "version": String(c.version)])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Cần ghi lý do chuyển."))
            let sent = try await director.post(SiteURL.caseTransfer(c.id).path, form: [
                "toUnitId": fx.officeB.id!.uuidString, "transferReason": "Chuyển nơi ở", "version": String(c.version)])
            #expect(sent.status == .seeOther)
            let list = try await director.get(SiteURL.caseTransfers.path)
            #expect(list.status == .ok && list.body.string.contains("Chuyển nơi ở") && list.body.string.contains(c.number))
            let transfer = try #require(try await CaseTransfer.query(on: app.db).first())
            let declineEmpty = try await director.post(SiteURL.caseTransferDecision(transfer.id!).path, form: ["accept": "0"])
            #expect(declineEmpty.status == .unprocessableEntity && declineEmpty.body.string.contains("Cần ghi lý do từ chối."))
            let declined = try await director.post(SiteURL.caseTransferDecision(transfer.id!).path, form: ["accept": "0", "comment": "Không đủ cán bộ"])
            #expect(declined.status == .seeOther)
            #expect(try await CaseFile.find(c.id, on: app.db)?.unitID == fx.officeA.id)
            #expect(try await CaseTransfer.find(transfer.id, on: app.db)?.status == .declined)
            // The people search opened from the case offers "add to the case".
            _ = try await CaseTests.person(worker, "Hà Văn Tùng")
            let search = try await worker.get(SiteURL.people.path + "?linkCase=\(c.id.uuidString.lowercased())&q=ha+van+tung")
            #expect(search.body.string.contains("add-person-to-case"))
            let tung = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Hà Văn Tùng").first())
            let added = try await worker.post(SiteURL.casePersons(c.id).path, form: ["personId": tung.id!.uuidString, "role": "familyMember"])
            #expect(added.status == .seeOther)
            #expect(try await worker.get(SiteURL.caseShow(c.id).path).body.string.contains("Hà Văn Tùng"))
        }
    }
}
