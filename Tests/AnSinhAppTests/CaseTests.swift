@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Cases")
struct CaseTests {
    static func person(_ client: TestClient, _ name: String = "Hà Thị Ngọc") async throws -> UUID {
        let res = try await PeopleTests.create(client, ["fullName": name, "birthDate": "2014", "confirmDistinct": true])
        #expect(res.status == .created)
        return try HotlineTests.decode(PersonOutput.self, res).id
    }

    static func open(_ client: TestClient, person: UUID, type: String = "childProtection", groups: [String] = ["child.violence"],
                     receivedAt: String = "2026-11-20T17:00:00+07:00", restricted: Bool = false) async throws -> TestingHTTPResponse {
        try await HotlineTests.json(client, .POST, SiteURL.apiCases.path, [
            "type": type, "personId": person.uuidString, "clientGroups": groups, "source": "hotline",
            "receivedAt": receivedAt, "restricted": restricted])
    }

    static func move(_ client: TestClient, _ id: UUID, to: String, version: Int, reason: String? = nil,
                     closureReason: String? = nil) async throws -> TestingHTTPResponse {
        var body: [String: Any] = ["to": to, "version": version]
        if let reason { body["reason"] = reason }
        if let closureReason { body["closureReason"] = closureReason }
        return try await HotlineTests.json(client, .POST, SiteURL.apiCaseTransitions(id).path, body)
    }

    /// The worker submits a plan and the supervisor approves it: the case moves to "plan
    /// approved". Returns the case's new version.
    static func approvePlan(_ id: UUID, worker: TestClient, supervisor: TestClient, version: Int) async throws -> Int {
        let goals: [[String: Any]] = [["goal": "Trẻ an toàn", "actions": [["what": "Thăm gia đình", "who": "Cán bộ xã", "due": "2026-12-15"]]]]
        let plan = try HotlineTests.decode(CaseWork.PlanOutput.self,
                                           try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(id).path, ["goals": goals]))
        let res = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCasePlanDecision(id, plan.id).path, ["approve": true, "version": version])
        #expect(res.status == .ok, "\(res.text)")
        let c = try HotlineTests.decode(CaseOutput.self, try await worker.get(SiteURL.apiCase(id).path))
        #expect(c.state == "planApproved")
        return c.version
    }

    @Test func openNumberAndDeadlines() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let person = try await Self.person(worker)
            let res = try await Self.open(worker, person: person)
            #expect(res.status == .created)
            let c = try HotlineTests.decode(CaseOutput.self, res)
            #expect(c.number == "VPA-2026-0001")
            #expect(c.state == "received" && c.assignedTo == fx.user(.caseWorker).id)
            // Friday 17:00: 12 hours to Saturday 05:00; the plan by the end of the 5th working day.
            #expect(c.initialDueAt == "2026-11-21T05:00:00+07:00")
            #expect(c.planDueAt == "2026-11-27T23:59:59+07:00")
            let second = try HotlineTests.decode(CaseOutput.self, try await Self.open(worker, person: person, type: "socialWorkClient"))
            #expect(second.number == "VPA-2026-0002")
            // Received in another year: its own sequence.
            let old = try HotlineTests.decode(CaseOutput.self, try await Self.open(worker, person: person, receivedAt: "2025-12-31T23:00:00+07:00"))
            #expect(old.number == "VPA-2025-0001")
            let list = try HotlineTests.decode(CasesAPIController.CasePage.self, try await worker.get(SiteURL.apiCases.path + "?assignedTo=me"))
            #expect(list.items.map(\.number) == ["VPA-2026-0002", "VPA-2026-0001", "VPA-2025-0001"])
            // The client-group filter (an EXISTS on the case's groups).
            let violence = try HotlineTests.decode(CasesAPIController.CasePage.self, try await worker.get(SiteURL.apiCases.path + "?clientGroup=child.violence"))
            #expect(violence.items.count == 3)
            let none = try HotlineTests.decode(CasesAPIController.CasePage.self, try await worker.get(SiteURL.apiCases.path + "?clientGroup=child.disability"))
            #expect(none.items.isEmpty)
            // The clock of the tests is after the deadlines of the old case: it is overdue.
            let overdue = try HotlineTests.decode(CasesAPIController.CasePage.self, try await worker.get(SiteURL.apiCases.path + "?overdue=1"))
            #expect(overdue.items.contains { $0.number == "VPA-2025-0001" })
        }
    }

    @Test func badCasesAreRefusedFieldByField() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let res = try await HotlineTests.json(worker, .POST, SiteURL.apiCases.path, [
                "type": "magic", "clientGroups": ["child.unknown"], "source": "", "receivedAt": "2999-01-01T00:00:00+07:00"])
            #expect(res.status == .unprocessableEntity)
            let fields = Set(try HotlineTests.decode(ValidationFailure.self, res).fields.map(\.field))
            #expect(fields == ["type", "personId", "clientGroups", "source", "receivedAt"])
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let elsewhere = try await Self.person(workerB, "Lò Văn Páo")
            let foreign = try await Self.open(worker, person: elsewhere)
            #expect(try HotlineTests.decode(ValidationFailure.self, foreign).fields.map(\.field) == ["personId"])
            #expect(try await CaseFile.query(on: app.db).count() == 0)
        }
    }

    @Test func theWorkflowFromReceiptToClosureAndBack() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let c = try HotlineTests.decode(CaseOutput.self, try await Self.open(worker, person: try await Self.person(worker)))
            var version = c.version
            func step(_ client: TestClient, _ to: String, reason: String? = nil, closure: String? = nil) async throws -> TestingHTTPResponse {
                let res = try await Self.move(client, c.id, to: to, version: version, reason: reason, closureReason: closure)
                if res.status == .ok { version = try HotlineTests.decode(CaseOutput.self, res).version }
                return res
            }
            // Not allowed from "received": a clear message naming the field, nothing changed.
            let skip = try await step(worker, "planning")
            #expect(skip.status == .unprocessableEntity)
            #expect(try HotlineTests.decode(ValidationFailure.self, skip).fields.map(\.field) == ["to"])
            #expect(skip.text.contains("Tiếp nhận") && skip.text.contains("Lập kế hoạch"))
            for to in ["initialAssessment", "emergencyIntervention", "assessment", "planning"] {
                #expect(try await step(worker, to).status == .ok, "\(to)")
            }
            // The worker cannot approve; the supervisor can.
            #expect(try await step(worker, "planApproved").status == .unprocessableEntity)
            // Not without an approved plan version: the case would leave the overdue list with nothing agreed.
            let noPlan = try await step(supervisor, "planApproved")
            #expect(noPlan.status == .unprocessableEntity && noPlan.text.contains("cần một kế hoạch được phê duyệt"), "\(noPlan.text)")
            #expect(try await CaseFile.find(c.id, on: app.db)?.state == .planning)
            version = try await Self.approvePlan(c.id, worker: worker, supervisor: supervisor, version: version)
            // Back to planning: with version 1 approved, a move to "plan approved" is still refused;
            // only a decision on a waiting version approves (never by its author).
            #expect(try await step(worker, "planning", reason: "Bổ sung hoạt động").status == .ok)
            #expect(try await step(supervisor, "planApproved").status == .unprocessableEntity)
            version = try await Self.approvePlan(c.id, worker: worker, supervisor: supervisor, version: version)
            #expect(try await step(worker, "inProgress").status == .ok)
            #expect(try await step(worker, "review").status == .ok)
            // Closing needs a reason and a supervisor.
            let noReason = try await step(supervisor, "closed")
            #expect(try HotlineTests.decode(ValidationFailure.self, noReason).fields.map(\.field) == ["closureReason"])
            #expect(try await step(worker, "closed", closure: "goalsAchieved").status == .unprocessableEntity)
            #expect(try await step(supervisor, "closed", closure: "goalsAchieved").status == .ok)
            // Reopening needs a reason; then back to assessment.
            #expect(try await step(worker, "reopened").status == .unprocessableEntity)
            #expect(try await step(worker, "reopened", reason: "Trẻ lại bị bạo lực").status == .ok)
            #expect(try await step(worker, "assessment").status == .ok)
            // A stale version loses.
            #expect(try await Self.move(worker, c.id, to: "planning", version: 1).status == .conflict)
            let full = try HotlineTests.decode(CaseOutput.self, try await worker.get(SiteURL.apiCase(c.id).path))
            #expect(full.transitions?.map(\.to) == ["received", "initialAssessment", "emergencyIntervention", "assessment", "planning",
                                                    "planApproved", "planning", "planApproved", "inProgress", "review", "closed", "reopened", "assessment"])
            #expect(full.transitions?.first { $0.to == "reopened" }?.reason == "Trẻ lại bị bạo lực")
            #expect(full.transitions?.first { $0.to == "planApproved" }?.by == fx.user(.supervisor).id)
        }
    }

    /// Makes every write of `operation` ("INSERT" or "UPDATE") on the case plans fail, as a
    /// full disk or a lost connection would, between the case's move and the plan's row.
    static func refusePlanWrites(_ app: Application, _ operation: String, _ on: Bool) async throws {
        let sql = app.db as! any SQLDatabase
        let name = "refuse_plan_\(operation.lowercased())"
        let statements: [String] = switch (app.ansinh.database.isPostgres, on) {
        case (true, true): [
            "CREATE OR REPLACE FUNCTION refuse_plan_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$",
            "CREATE TRIGGER \(name) BEFORE \(operation) ON \(CasePlan.schema) FOR EACH ROW EXECUTE FUNCTION refuse_plan_write()"]
        case (true, false): ["DROP TRIGGER \(name) ON \(CasePlan.schema)"]
        case (false, true): ["CREATE TRIGGER \(name) BEFORE \(operation) ON \(CasePlan.schema) BEGIN SELECT RAISE(ABORT, 'forced failure'); END"]
        case (false, false): ["DROP TRIGGER \(name)"]
        }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    /// Issue 15: the plan decision and the case's move were two transactions; a failure between
    /// them left the case approved without its decision (or a revision without its move).
    @Test func aPlanDecisionAndTheCaseMoveCommitTogether() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let c = try HotlineTests.decode(CaseOutput.self, try await Self.open(worker, person: try await Self.person(worker)))
            var version = c.version
            for to in ["initialAssessment", "assessment", "planning"] {
                let res = try await Self.move(worker, c.id, to: to, version: version)
                #expect(res.status == .ok, "\(to): \(res.text)")
                version = try HotlineTests.decode(CaseOutput.self, res).version
            }
            let goals: [[String: Any]] = [["goal": "Trẻ an toàn", "actions": [["what": "Thăm gia đình", "who": "Cán bộ xã", "due": "2026-12-15"]]]]
            let plan = try HotlineTests.decode(CaseWork.PlanOutput.self,
                                               try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(c.id).path, ["goals": goals]))
            func moves() async throws -> Int { try await CaseTransition.query(on: app.db).filter(\.$caseID == c.id).count() }
            let movesBefore = try await moves()

            try await Self.refusePlanWrites(app, "UPDATE", true)
            let failed = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCasePlanDecision(c.id, plan.id).path, ["approve": true, "version": version])
            #expect(failed.status != .ok)
            let after = try #require(try await CaseFile.find(c.id, on: app.db))
            #expect(after.state == .planning && after.version == version)
            #expect(try await CasePlan.find(plan.id, on: app.db)?.status == .submitted)
            #expect(try await moves() == movesBefore)
            try await Self.refusePlanWrites(app, "UPDATE", false)
            version = try await Self.approvePlan(c.id, worker: worker, supervisor: supervisor, version: version)
            #expect(try await moves() == movesBefore + 1)

            // A revision takes the case back to planning only together with the new version.
            let plansBefore = try await CasePlan.query(on: app.db).filter(\.$caseID == c.id).count()
            let movesApproved = try await moves()
            try await Self.refusePlanWrites(app, "INSERT", true)
            let revision = try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(c.id).path,
                                                       ["goals": goals, "version": version, "reason": "Bổ sung hoạt động"])
            #expect(revision.status != .created)
            #expect(try await CaseFile.find(c.id, on: app.db)?.state == .planApproved)
            #expect(try await CasePlan.query(on: app.db).filter(\.$caseID == c.id).count() == plansBefore)
            #expect(try await moves() == movesApproved)
            try await Self.refusePlanWrites(app, "INSERT", false)
            let retried = try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(c.id).path,
                                                      ["goals": goals, "version": version, "reason": "Bổ sung hoạt động"])
            #expect(retried.status == .created, "\(retried.text)")
            #expect(try await CaseFile.find(c.id, on: app.db)?.state == .planning)
        }
    }

    /// Issue 15 (and 14, item 13): "all cases" is filtered by unit, worker, state, type, client
    /// group, risk and overdue, on the page and in the API, and shows who works each case.
    @Test func allCasesAreFilteredByUnitWorkerRiskAndMore() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let high = try HotlineTests.decode(CaseOutput.self, try await Self.open(worker, person: try await Self.person(worker)))
            let other = try HotlineTests.decode(CaseOutput.self, try await Self.open(worker, person: try await Self.person(worker, "Lê Văn Tú"),
                                                                                    type: "socialWorkClient"))
            let inB = try HotlineTests.decode(CaseOutput.self, try await Self.open(workerB, person: try await Self.person(workerB, "Lò Thị Mai")))
            #expect(try await HotlineTests.json(worker, .POST, SiteURL.apiCaseAssessments(high.id).path, [
                "kind": "risk", "risk": ["harm": "high", "abuserAccess": "high", "careObstacles": "low", "childCapacity": "medium"]]).status == .created)
            func numbers(_ query: String) async throws -> Set<String> {
                let res = try await director.get(SiteURL.apiCases.path + "?" + query)
                #expect(res.status == .ok, "\(query): \(res.text.prefix(200))")
                return Set(try HotlineTests.decode(CasesAPIController.CasePage.self, res).items.map(\.number))
            }
            #expect(try await numbers("risk=high") == [high.number])
            #expect(try await numbers("type=socialWorkClient") == [other.number])
            #expect(try await numbers("unit=\(fx.officeB.id!.uuidString)") == [inB.number])
            #expect(try await numbers("unit=\(fx.officeA.id!.uuidString)") == [high.number, other.number])
            #expect(try await numbers("assignedTo=\(fx.caseWorkerB.id!.uuidString)") == [inB.number])
            #expect(try await director.get(SiteURL.apiCases.path + "?risk=extreme").status == .unprocessableEntity)
            #expect(try await director.get(SiteURL.apiCases.path + "?unit=nowhere").status == .unprocessableEntity)
            // The page: the filter form keeps the choice; the rows name the worker, risk and unit.
            let page = try await director.get(SiteURL.cases.path + "?all=1&risk=high")
            #expect(page.status == .ok && page.text.contains("id=\"case-filter\"") && page.text.contains(high.number))
            #expect(!page.text.contains(other.number) && !page.text.contains(inB.number))
            #expect(page.text.contains("<option value=\"high\" selected") && page.text.contains(fx.user(.caseWorker).fullName)
                    && page.text.contains(fx.officeA.name))
            // A worker's scope still bounds the filter: office B's cases stay out of reach.
            let scoped = try HotlineTests.decode(CasesAPIController.CasePage.self,
                                                 try await worker.get(SiteURL.apiCases.path + "?unit=\(fx.officeB.id!.uuidString)"))
            #expect(scoped.items.isEmpty)
            // "Plans waiting": the child, the risk and the plan's author beside the number.
            var version = try HotlineTests.decode(CaseOutput.self, try await worker.get(SiteURL.apiCase(high.id).path)).version
            for to in ["initialAssessment", "assessment", "planning"] {
                let res = try await Self.move(worker, high.id, to: to, version: version)
                version = try HotlineTests.decode(CaseOutput.self, res).version
            }
            let goals: [[String: Any]] = [["goal": "Trẻ an toàn", "actions": [["what": "Thăm gia đình", "who": "Cán bộ xã", "due": "2026-12-15"]]]]
            #expect(try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(high.id).path, ["goals": goals]).status == .created)
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let mine = try await supervisor.get(SiteURL.cases.path).text
            let waiting = try #require(mine.range(of: "id=\"plans-waiting\"")).upperBound
            let section = String(mine[waiting...].prefix(3000))
            #expect(section.contains(high.number) && section.contains("Hà Thị Ngọc") && section.contains(fx.user(.caseWorker).fullName)
                    && section.contains("Cao"), "\(section.prefix(1500))")
        }
    }

    @Test func restrictedCasesAndOtherUnitsAnswer404() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let person = try await Self.person(worker)
            let open = try HotlineTests.decode(CaseOutput.self, try await Self.open(worker, person: person))
            let restricted = try HotlineTests.decode(CaseOutput.self, try await Self.open(worker, person: person, groups: ["child.sexualAbuse"], restricted: true))
            // Another worker of the same office: the open case yes, the restricted one no.
            let colleague = try await TestClient.signedIn(app, as: try await fx.makeUser(app, role: .caseWorker, unit: fx.officeA, username: "u.cw2"))
            #expect(try await colleague.get(SiteURL.apiCase(open.id).path).status == .ok)
            #expect(try await colleague.get(SiteURL.apiCase(restricted.id).path).status == .notFound)
            #expect(try await Self.move(colleague, restricted.id, to: "initialAssessment", version: 1).status == .notFound)
            let list = try HotlineTests.decode(CasesAPIController.CasePage.self, try await colleague.get(SiteURL.apiCases.path))
            #expect(list.items.map(\.id) == [open.id])
            // The supervisor and the director see it, and each view is audited.
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            #expect(try await supervisor.get(SiteURL.apiCase(restricted.id).path).status == .ok)
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            #expect(try await director.get(SiteURL.apiCase(restricted.id).path).status == .ok)
            let views = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.caseViewed.rawValue)
                .filter(\.$entityID == restricted.id.uuidString).count()
            #expect(views == 2)
            // Office B sees neither.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.get(SiteURL.apiCase(open.id).path).status == .notFound)
            #expect(try HotlineTests.decode(CasesAPIController.CasePage.self, try await workerB.get(SiteURL.apiCases.path)).items.isEmpty)
            // The administrator manages accounts, not case files.
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            #expect(try await admin.get(SiteURL.apiCase(open.id).path).status == .forbidden)
        }
    }
}

@Suite("Case pages")
struct CasePageTests {
    @Test func openACaseFromThePersonAndMoveIt() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let person = try await CaseTests.person(worker)
            #expect(try await worker.get(SiteURL.person(person).path).text.contains("id=\"open-case\""))
            #expect(try await worker.get(SiteURL.caseNew.path + "?person=\(person.uuidString)").status == .ok)
            // Without a group: the form comes back with the message and what was typed.
            let bad = try await worker.post(SiteURL.cases.path, form: ["personId": person.uuidString, "type": "childProtection",
                                                                     "source": "walkIn", "receivedAt": "2026-11-20T17:00", "summary": "Bé bị đánh"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"clientGroups-error\"") || bad.text.contains("Chọn ít nhất một nhóm"))
            #expect(bad.text.contains("Bé bị đánh"))
            var form = ["personId": person.uuidString, "type": "childProtection", "source": "walkIn", "receivedAt": "2026-11-20T17:00",
                        "clientGroups[]": "child.violence"]
            let made = try await worker.post(SiteURL.cases.path, form: form)
            #expect(made.status == .seeOther)
            let c = try #require(try await CaseFile.query(on: app.db).first())
            var page = try await worker.get(SiteURL.caseShow(c.id!).path)
            #expect(page.text.contains("VPA-2026-0001") && page.text.contains("quá hạn"))
            // Forbidden move: the page says why, the state is unchanged.
            let refused = try await worker.post(SiteURL.caseMove(c.id!).path, form: ["to": "planning", "version": "1"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Không thể chuyển"))
            #expect(try await worker.post(SiteURL.caseMove(c.id!).path, form: ["to": "initialAssessment", "version": "1"]).status == .seeOther)
            page = try await worker.get(SiteURL.caseShow(c.id!).path)
            #expect(page.text.contains("Đánh giá ban đầu"))
            // A move from a stale page: the reason as typed, beside it why it was not saved.
            let stale = try await worker.post(SiteURL.caseMove(c.id!).path, form: ["to": "assessment", "version": "1", "reason": "Đã gặp trẻ tại trường"])
            #expect(stale.status == .conflict && stale.text.contains("value=\"Đã gặp trẻ tại trường\"") && stale.text.contains("id=\"reason-error\""))
            // The worker's list shows it; office B gets 404 on the page.
            #expect(try await worker.get(SiteURL.cases.path).text.contains("VPA-2026-0001"))
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.get(SiteURL.caseShow(c.id!).path).status == .notFound)
            #expect(try await workerB.post(SiteURL.caseMove(c.id!).path, form: ["to": "assessment", "version": "2"]).status == .notFound)
            form["personId"] = person.uuidString
            #expect(try await workerB.post(SiteURL.cases.path, form: form).status == .notFound)
        }
    }
}

/// Hải Phòng 2021 (../shared/acceptance/haiphong-2021.md), loaded through the API: 59 cases from
/// hotline calls in 2021 (58 closed) against 83 in 2020, and 63 case files against a plan of 60.
@Suite("Case report: Hải Phòng 2021")
struct CaseReportAcceptanceTests {
    static let hotlineCases: [(String, Int)] = [
        ("child.sexualAbuse", 3), ("child.violence", 10), ("child.disability", 3), ("child.developmental", 14),
        ("child.specialCircumstances", 5), ("adult.dvVictim", 3), ("elderly.alone", 2), ("adult.mentalHealth", 1),
        ("homeless", 3), ("advice.policy", 15),
    ]
    static let caseFiles: [(String, Int)] = [
        ("child.orphanBoth", 7), ("child.specialCircumstances", 9), ("household.difficult", 1), ("adult.disability", 40),
        ("child.developmental", 3), ("disaster.affected", 3),
    ]

    @Test func theReportPrintsThePublishedFigures() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            let person = try await CaseTests.person(worker)
            var n = 0
            func open(_ group: String, source: String, year: Int, type: String = "socialWorkClient") async throws -> CaseOutput {
                n += 1
                // Spread over the year, in office hours; the first on 1 January 06:00, local time.
                let day = LocalDate(year: year, month: 1, day: 1)!.adding(days: (n * 37) % 360)
                let hour = n % 5 == 0 ? 6 : 8 + n % 9
                let res = try await HotlineTests.json(worker, .POST, SiteURL.apiCases.path, [
                    "type": type, "personId": person.uuidString, "clientGroups": [group], "source": source,
                    "receivedAt": "\(day.iso)T\(String(format: "%02d", hour)):00:00+07:00"])
                #expect(res.status == .created, "\(res.text)")
                return try HotlineTests.decode(CaseOutput.self, res)
            }
            func close(_ c: CaseOutput, by year: Int) async throws {
                var version = c.version
                let steps: [(TestClient, String, String?)] = [(worker, "initialAssessment", nil), (worker, "assessment", nil),
                    (worker, "planning", nil), (supervisor, "planApproved", nil), (worker, "inProgress", nil), (worker, "review", nil),
                    (supervisor, "closed", "goalsAchieved")]
                for (i, (client, to, closure)) in steps.enumerated() {
                    let at = "\(year)-12-31T0\(i + 1):00:00+07:00"
                    if to == "planApproved" {
                        // "Plan approved" is the plan decision, dated as on paper.
                        let goals: [[String: Any]] = [["goal": "Ổn định cuộc sống", "actions": [["what": "Thăm nhà", "who": "Cán bộ xã", "due": "\(year)-12-31"]]]]
                        let plan = try HotlineTests.decode(CaseWork.PlanOutput.self,
                                                           try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(c.id).path, ["goals": goals]))
                        let res = try await HotlineTests.json(client, .POST, SiteURL.apiCasePlanDecision(c.id, plan.id).path,
                                                              ["approve": true, "version": version, "at": at])
                        #expect(res.status == .ok, "\(to): \(res.text)")
                        version = try #require(try await CaseFile.find(c.id, on: app.db)).version
                        continue
                    }
                    var body: [String: Any] = ["to": to, "version": version, "at": at]
                    if let closure { body["closureReason"] = closure }
                    let res = try await HotlineTests.json(client, .POST, SiteURL.apiCaseTransitions(c.id).path, body)
                    #expect(res.status == .ok, "\(to): \(res.text)")
                    version = try HotlineTests.decode(CaseOutput.self, res).version
                }
            }
            var first = true
            for (group, count) in Self.hotlineCases {
                for _ in 0..<count {
                    let c = try await open(group, source: "hotline", year: 2021)
                    // All closed but one.
                    if first { first = false } else { try await close(c, by: 2021) }
                }
            }
            for _ in 0..<83 { _ = try await open("advice.policy", source: "hotline", year: 2020) }
            for (group, count) in Self.caseFiles {
                for _ in 0..<count { _ = try await open(group, source: "referralCommune", year: 2021, type: "disabilityCaseManagement") }
            }
            // A case received at 00:30 on 1 January 2022 (local) is outside 2021.
            let res = try await HotlineTests.json(worker, .POST, SiteURL.apiCases.path, [
                "type": "other", "personId": person.uuidString, "clientGroups": ["other"], "source": "hotline",
                "receivedAt": "2022-01-01T00:30:00+07:00"])
            #expect(res.status == .created)
            #expect(try await HotlineTests.json(director, .PUT, SiteURL.apiTargets.path,
                                                ["year": 2021, "indicator": "caseFilesReceived", "value": 60]).status == .ok)
            #expect(try await HotlineTests.json(worker, .PUT, SiteURL.apiTargets.path,
                                                ["year": 2021, "indicator": "caseFilesReceived", "value": 1]).status == .forbidden)

            let hotline = try HotlineTests.decode(CaseReport.self,
                try await director.get(SiteURL.apiCaseReport.path + "?from=2021-01-01&to=2021-12-31&track=hotline"))
            #expect(hotline.received == 59 && hotline.closed == 58)
            #expect(hotline.previous.received == 83 && hotline.previous.difference == -24 && hotline.previous.percent == 71)
            #expect(Dictionary(uniqueKeysWithValues: hotline.byClientGroup.map { ($0.code, $0.received) })
                    == Dictionary(uniqueKeysWithValues: Self.hotlineCases))
            #expect(hotline.byClientGroup.reduce(0) { $0 + $1.closed } == 58)

            let files = try HotlineTests.decode(CaseReport.self,
                try await director.get(SiteURL.apiCaseReport.path + "?from=2021-01-01&to=2021-12-31&track=files"))
            #expect(files.received == 63)
            #expect(files.target?.value == 60 && files.target?.percent == 105)
            #expect(Dictionary(uniqueKeysWithValues: files.byClientGroup.map { ($0.code, $0.received) })
                    == Dictionary(uniqueKeysWithValues: Self.caseFiles))
            #expect(files.openAtEnd == 63)

            let all = try HotlineTests.decode(CaseReport.self, try await director.get(SiteURL.apiCaseReport.path + "?from=2021-01-01&to=2021-12-31"))
            #expect(all.received == 122 && all.closed == 58 && all.closedInPeriod == 58)
            #expect(all.openAtEnd == 83 + 1 + 63, "2020's 83, the one hotline case left open, the 63 files")
            #expect(all.bySource.first { $0.code == "hotline" }?.received == 59)
            // The hotline report shows the same cases beside its calls, on screen too.
            let hotlineReport = try HotlineTests.decode(HotlineReport.self,
                try await director.get(SiteURL.apiHotlineReport.path + "?from=2021-01-01&to=2021-12-31"))
            #expect(hotlineReport.cases.received == 59 && hotlineReport.cases.closed == 58)
            #expect(hotlineReport.cases.previous.received == 83 && hotlineReport.cases.previous.percent == 71)
            let page = try await director.get(SiteURL.hotlineReport.path + "?from=2021-01-01&to=2021-12-31")
            #expect(page.text.contains("Trường hợp xử lý từ tổng đài") && page.text.contains("Trẻ em rối loạn phát triển"))
            #expect(page.text.contains(">-24<") && page.text.contains(">71%<"), "the change and the ratio in cells of their own")
            // The report page and its .xlsx show the same figures.
            let reportPage = try await director.get(SiteURL.caseReport.path + "?from=2021-01-01&to=2021-12-31&track=files")
            #expect(reportPage.status == .ok)
            #expect(reportPage.text.contains("Người khuyết tật") && reportPage.text.contains(">60<") && reportPage.text.contains(">105%<"))
            // Every figure in a cell of its own: never "58/59" or "-24 (71%)" as text.
            let csv = try await director.get(SiteURL.caseReportExport.path + "?from=2021-01-01&to=2021-12-31&track=hotline&format=csv")
            #expect(csv.status == .ok && csv.text.contains("\"Đã kết thúc (trong số tiếp nhận)\",58,") && csv.text.contains("\"Tỉ lệ đã kết thúc\",98%,"))
            #expect(csv.text.contains(",-24,") && csv.text.contains(",71%,") && !csv.text.contains("58/59"))
            #expect(try await director.get(SiteURL.caseReport.path).status == .ok, "defaults: this year")
            // Bad periods are 400, never 500.
            #expect(try await director.get(SiteURL.apiCaseReport.path + "?from=2021-12-31&to=2021-01-01").status == .unprocessableEntity)
            #expect(try await director.get(SiteURL.apiCaseReport.path + "?from=x&to=y").status == .unprocessableEntity)
            #expect(try await director.get(SiteURL.apiCaseReport.path + "?from=2021-01-01&to=2021-12-31&track=z").status == .unprocessableEntity)
        }
    }
}

@Suite("Case work: notes, assessments, plans")
struct CaseWorkTests {
    @Test func notesAssessmentsAndAPlanApprovedByAnotherPerson() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let c = try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(worker, person: try await CaseTests.person(worker)))
            var version = c.version

            // A note with a follow-up; a bad one names its fields.
            let bad = try await HotlineTests.json(worker, .POST, SiteURL.apiCaseNotes(c.id).path, ["kind": "telepathy", "date": "2999-01-01"])
            #expect(Set(try HotlineTests.decode(ValidationFailure.self, bad).fields.map(\.field)) == ["kind", "date", "narrative"])
            let note = try await HotlineTests.json(worker, .POST, SiteURL.apiCaseNotes(c.id).path, [
                "kind": "homeVisit", "date": "2026-11-21", "narrative": "Thăm nhà, gặp bà ngoại.", "followUpOn": "2026-11-25"])
            #expect(note.status == .created)
            let notes = try HotlineTests.decode([CaseWork.NoteOutput].self, try await worker.get(SiteURL.apiCaseNotes(c.id).path))
            #expect(notes.map(\.followUpOn) == ["2026-11-25"])
            // A follow-up before the contact, or years after it, is refused beside its field.
            for followUp in ["2026-11-20", "2029-01-01"] {
                let wrong = try await HotlineTests.json(worker, .POST, SiteURL.apiCaseNotes(c.id).path, [
                    "kind": "phone", "date": "2026-11-21", "narrative": "Gọi điện", "followUpOn": followUp])
                #expect(try HotlineTests.decode(ValidationFailure.self, wrong).fields.map(\.field) == ["followUpOn"], "\(followUp)")
            }

            // The initial risk assessment sets the case's risk level: the highest dimension.
            let risk = try await HotlineTests.json(worker, .POST, SiteURL.apiCaseAssessments(c.id).path, [
                "kind": "risk", "risk": ["harm": "medium", "abuserAccess": "high", "careObstacles": "low", "childCapacity": "medium"]])
            #expect(risk.status == .created)
            #expect(try HotlineTests.decode(CaseWork.AssessmentOutput.self, risk).overallRisk == "high")
            #expect(try await CaseFile.find(c.id, on: app.db)?.riskLevel == .high)
            let badRisk = try await HotlineTests.json(worker, .POST, SiteURL.apiCaseAssessments(c.id).path, ["kind": "risk", "risk": ["harm": "extreme"]])
            #expect(badRisk.status == .unprocessableEntity)
            #expect(try await HotlineTests.json(worker, .POST, SiteURL.apiCaseAssessments(c.id).path, [
                "kind": "needs", "needs": ["domains": [["domain": "psychological", "needs": "Tham vấn tâm lý", "strengths": "Bà ngoại quan tâm"]]]]).status == .created)

            // To planning, then a plan submitted by the worker.
            for to in ["initialAssessment", "assessment", "planning"] {
                let res = try await CaseTests.move(worker, c.id, to: to, version: version)
                version = try HotlineTests.decode(CaseOutput.self, res).version
            }
            let goals: [[String: Any]] = [["goal": "Trẻ an toàn tại nhà", "actions": [["what": "Tham vấn cho mẹ", "who": "Cán bộ xã", "due": "2026-12-15"]]]]
            // A supervisor who wrote the plan may not approve it.
            let ownPlan = try HotlineTests.decode(CaseWork.PlanOutput.self,
                                                  try await HotlineTests.json(supervisor, .POST, SiteURL.apiCasePlans(c.id).path, ["goals": goals]))
            let own = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCasePlanDecision(c.id, ownPlan.id).path, ["approve": true, "version": version])
            #expect(own.status == .unprocessableEntity && own.text.contains("Không tự phê duyệt"))
            // The worker's version replaces it.
            let plan = try HotlineTests.decode(CaseWork.PlanOutput.self,
                                               try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(c.id).path, ["goals": goals]))
            #expect(plan.versionNo == 2 && plan.status == "submitted")
            // The worker may not approve; returning needs a comment.
            #expect(try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlanDecision(c.id, plan.id).path, ["approve": true, "version": version]).status == .unprocessableEntity)
            #expect(try await HotlineTests.json(supervisor, .POST, SiteURL.apiCasePlanDecision(c.id, plan.id).path, ["approve": false]).status == .unprocessableEntity)
            let approved = try await HotlineTests.json(supervisor, .POST, SiteURL.apiCasePlanDecision(c.id, plan.id).path, ["approve": true, "version": version])
            #expect(approved.status == .ok)
            let stored = try #require(try await CaseFile.find(c.id, on: app.db))
            #expect(stored.state == .planApproved)
            version = stored.version
            // A revision: a reason is needed, the case goes back to planning, version 3 waits; v1 stays approved.
            #expect(try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(c.id).path, ["goals": goals, "version": version]).status == .unprocessableEntity)
            let revision = try await HotlineTests.json(worker, .POST, SiteURL.apiCasePlans(c.id).path,
                                                       ["goals": goals, "version": version, "reason": "Mẹ chuyển nơi làm việc"])
            #expect(revision.status == .created)
            let all = try HotlineTests.decode([CaseWork.PlanOutput].self, try await worker.get(SiteURL.apiCasePlans(c.id).path))
            #expect(all.map(\.status) == ["superseded", "approved", "submitted"])
            #expect(try await CaseFile.find(c.id, on: app.db)?.state == .planning)

            // Another office: 404 on every part.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.get(SiteURL.apiCaseNotes(c.id).path).status == .notFound)
            #expect(try await workerB.get(SiteURL.apiCaseAssessments(c.id).path).status == .notFound)
            #expect(try await workerB.get(SiteURL.apiCasePlans(c.id).path).status == .notFound)
            #expect(try await HotlineTests.json(workerB, .POST, SiteURL.apiCaseNotes(c.id).path, ["kind": "phone", "date": "2026-11-21", "narrative": "x"]).status == .notFound)
        }
    }
}

@Suite("Case attachments")
struct CaseAttachmentTests {
    /// A multipart upload of one file field, to a case's attachments or to `path`.
    static func upload(_ client: TestClient, _ caseID: UUID, name: String, bytes: [UInt8], path: String? = nil) async throws -> TestingHTTPResponse {
        let boundary = "----ansinh\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/pdf\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["X-CSRF-Token": client.csrf ?? ""]
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await client.send(.POST, path ?? SiteURL.apiCaseAttachments(caseID).path, headers: headers, body: body)
    }

    @Test func onlyRealPDFJPEGOrPNGAreKeptAndServedToTheCaseTeam() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let c = try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(worker, person: try await CaseTests.person(worker)))
            let pdf = Array("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)
            let res = try await Self.upload(worker, c.id, name: "biên bản.pdf", bytes: pdf)
            #expect(res.status == .created, "\(res.text)")
            let stored = try HotlineTests.decode(AttachmentController.AttachmentOutput.self, res)
            #expect(stored.contentType == "application/pdf" && stored.size == pdf.count && stored.filename == "biên bản.pdf")
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
            #expect(try await Self.upload(worker, c.id, name: "anh.png", bytes: png).status == .created)
            // A text file named .pdf, an executable named .jpg, an empty file, one over 10 MB: refused, nothing kept.
            let spoofed = try await Self.upload(worker, c.id, name: "hop-dong.pdf", bytes: Array("not really a pdf".utf8))
            #expect(spoofed.status == .unprocessableEntity)
            #expect(try HotlineTests.decode(ValidationFailure.self, spoofed).fields.map(\.field) == ["file"])
            #expect(try await Self.upload(worker, c.id, name: "x.jpg", bytes: [0x7F, 0x45, 0x4C, 0x46, 2, 1]).status == .unprocessableEntity)
            #expect(try await Self.upload(worker, c.id, name: "empty.pdf", bytes: []).status == .unprocessableEntity)
            let big = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: AttachmentKind.maxBytes)
            let tooBig = try await Self.upload(worker, c.id, name: "big.pdf", bytes: big)
            #expect(tooBig.status == .unprocessableEntity)
            #expect(try await CaseAttachment.query(on: app.db).count() == 2)

            // Download: the same bytes, audited; another office gets 404.
            let download = try await worker.get(SiteURL.caseAttachment(c.id, stored.id).path)
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == pdf)
            #expect(download.headers.contentType?.description == "application/pdf")
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.attachmentDownloaded.rawValue).count() == 1)
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.get(SiteURL.caseAttachment(c.id, stored.id).path).status == .notFound)
            #expect(try await Self.upload(workerB, c.id, name: "x.pdf", bytes: pdf).status == .notFound)
            // A file changed on disk is not served.
            let path = app.ansinh.dataDirectory + "/attachments/\(c.id.uuidString.lowercased())/\(stored.id.uuidString.lowercased())"
            try Data("%PDF-tampered".utf8).write(to: URL(fileURLWithPath: path))
            #expect(try await worker.get(SiteURL.caseAttachment(c.id, stored.id).path).status == .internalServerError)
        }
    }
}

@Suite("Case page: notes, plan, files")
struct CasePageWorkTests {
    @Test func aWorkerAndASupervisorWorkACaseFromItsPage() async throws {
        try await TestApp.run { app, fx in
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            let supervisor = try await TestClient.signedIn(app, as: fx.user(.supervisor))
            let c = try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(worker, person: try await CaseTests.person(worker)))
            var version = c.version
            for to in ["initialAssessment", "assessment", "planning"] {
                version = try HotlineTests.decode(CaseOutput.self, try await CaseTests.move(worker, c.id, to: to, version: version)).version
            }
            // A note without narrative comes back with the message.
            let noNarrative = try await worker.post(SiteURL.caseNote(c.id).path, form: ["kind": "phone", "date": "2026-11-21"])
            #expect(noNarrative.status == .unprocessableEntity && noNarrative.text.contains("id=\"narrative-error\""))
            // Saved, the page opens at the notes, not at the top of the case.
            let saved = try await worker.post(SiteURL.caseNote(c.id).path, form: ["kind": "phone", "date": "21/11/2026", "narrative": "Gọi cho mẹ của trẻ."])
            #expect(saved.status == .seeOther && saved.location == SiteURL.caseShow(c.id).path + "#notes")
            // The plan as a form: goals with rows of action, who, due; blank rows are left out.
            var plan = ["version": String(version),
                        "goal-0": "Trẻ an toàn tại nhà",
                        "what-0-0": "Tham vấn cho mẹ", "who-0-0": "Cán bộ xã", "due-0-0": "15/12/2026",
                        "what-0-2": "Thăm nhà hằng tuần", "who-0-2": "Cộng tác viên", "due-0-2": "",
                        "goal-1": "Trẻ đi học đều", "what-1-0": "Gặp giáo viên", "who-1-0": "Cán bộ xã", "due-1-0": "01.12.2026"]
            // A row without its date, and a goal without any action, are refused beside their fields, the form as typed.
            plan["goal-2"] = "Mẹ có việc làm"
            let half = try await worker.post(SiteURL.casePlan(c.id).path, form: plan)
            #expect(half.status == .unprocessableEntity && half.text.contains("id=\"due-0-2-error\"") && half.text.contains("id=\"what-2-0-error\""))
            #expect(half.text.contains("value=\"Thăm nhà hằng tuần\"") && half.text.contains("value=\"Mẹ có việc làm\""))
            #expect(try await CasePlan.query(on: app.db).count() == 0)
            plan["due-0-2"] = "2026-12-20"
            plan["goal-2"] = nil
            #expect(try await worker.post(SiteURL.casePlan(c.id).path, form: plan).status == .seeOther)
            let stored = try #require(try await CasePlan.query(on: app.db).first())
            let goals = try JSONDecoder().decode([PlanGoal].self, from: Data(stored.goals.utf8))
            #expect(goals.map(\.goal) == ["Trẻ an toàn tại nhà", "Trẻ đi học đều"])
            #expect(goals[0].actions.map(\.who) == ["Cán bộ xã", "Cộng tác viên"] && goals[1].actions.first?.due == "2026-12-01")
            #expect(goals[0].actions.map(\.due) == ["2026-12-15", "2026-12-20"])
            // The next version starts from this one: its rows, dates as dd/MM/yyyy.
            let revision = try await worker.get(SiteURL.caseShow(c.id).path)
            #expect(revision.text.contains("value=\"Thăm nhà hằng tuần\"") && revision.text.contains("value=\"Trẻ đi học đều\""))
            #expect(revision.text.contains("value=\"15/12/2026\"") && !revision.text.contains("value=\"2026-12-15\""))
            // The worker sees no approve button; the supervisor approves from the page.
            #expect(!(try await worker.get(SiteURL.caseShow(c.id).path).text.contains("id=\"approve-plan\"")))
            let page = try await supervisor.get(SiteURL.caseShow(c.id).path)
            #expect(page.text.contains("id=\"approve-plan\"") && page.text.contains("Gọi cho mẹ của trẻ."))
            // A stale decision (the case changed since the page was loaded) comes back with the
            // comment as typed and the reason beside it; the plan still waits.
            let stale = try await supervisor.post(SiteURL.casePlanDecision(c.id, stored.id!).path,
                                                  form: ["approve": "1", "version": String(version - 1), "comment": "Đồng ý, bổ sung lịch thăm"])
            #expect(stale.status == .conflict && stale.text.contains("value=\"Đồng ý, bổ sung lịch thăm\"") && stale.text.contains("id=\"comment-error\""))
            #expect(try await CasePlan.find(stored.id, on: app.db)?.status == .submitted)
            #expect(try await supervisor.post(SiteURL.casePlanDecision(c.id, stored.id!).path,
                                              form: ["approve": "1", "version": String(version)]).status == .seeOther)
            #expect(try await CaseFile.find(c.id, on: app.db)?.state == .planApproved)
            // A spoofed file through the page form: the message beside the field.
            let boundary = "----ansinhpage"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(worker.csrf ?? "")\r\n")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\nhello\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let spoofed = try await worker.send(.POST, SiteURL.caseAttachmentUpload(c.id).path, headers: headers, body: body)
            #expect(spoofed.status == .unprocessableEntity && spoofed.text.contains("id=\"file-error\""))
            // My work: a follow-up due shows until it is done; the supervisor sees overdue cases of the units.
            #expect(try await worker.post(SiteURL.caseNote(c.id).path, form: ["kind": "homeVisit", "date": "2026-11-21", "narrative": "Thăm nhà",
                                                                             "nextStep": "Gặp lại bà ngoại", "followUpOn": "2026-11-22"]).status == .seeOther)
            var mine = try await worker.get(SiteURL.cases.path)
            #expect(mine.text.contains("Gặp lại bà ngoại"))
            let note = try #require(try await CaseNote.query(on: app.db).filter(\.$followUpOn == "2026-11-22").first())
            #expect(try await worker.post(SiteURL.caseNoteDone(c.id, note.id!).path).status == .seeOther)
            mine = try await worker.get(SiteURL.cases.path)
            #expect(!mine.text.contains("Gặp lại bà ngoại"))
            // Issue 15: the note carries a version; the done button shown before a change is stale
            // and changes nothing; marking done is audited as such, not as a new note.
            #expect(try await CaseNote.find(note.id, on: app.db)?.version == 2)
            let staleDone = try await worker.post(SiteURL.caseNoteDone(c.id, note.id!).path, form: ["version": "1"])
            #expect(staleDone.status == .seeOther)
            #expect(try await CaseNote.find(note.id, on: app.db)?.version == 2)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.followUpDone.rawValue).count() == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.caseNoteAdded.rawValue).all().allSatisfy { $0.summary != "follow-up done" })
            // A follow-up next week shows now; one three weeks ahead not yet.
            let today = LocalDate(app.clock.now())
            for (days, step) in [(10, "Họp gia đình tuần sau"), (21, "Thăm lại sau ba tuần")] {
                #expect(try await worker.post(SiteURL.caseNote(c.id).path, form: ["kind": "phone", "date": today.iso, "narrative": "Gọi điện",
                                                                                 "nextStep": step, "followUpOn": today.adding(days: days).iso]).status == .seeOther)
            }
            mine = try await worker.get(SiteURL.cases.path)
            #expect(mine.text.contains("Họp gia đình tuần sau") && !mine.text.contains("Thăm lại sau ba tuần"))
            let other = try HotlineTests.decode(CaseOutput.self, try await CaseTests.open(worker, person: try await CaseTests.person(worker, "Lâm Thị Hằng"),
                                                                                         receivedAt: "2026-01-05T09:00:00+07:00"))
            let supervisorPage = try await supervisor.get(SiteURL.cases.path)
            #expect(supervisorPage.text.contains("id=\"overdue\"") && supervisorPage.text.contains(other.number))
            // Another office: 404 for each form.
            let workerB = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            #expect(try await workerB.post(SiteURL.caseNoteDone(c.id, note.id!).path).status == .notFound)
            #expect(try await workerB.post(SiteURL.caseNote(c.id).path, form: ["kind": "phone", "date": "2026-11-21", "narrative": "x"]).status == .notFound)
            #expect(try await workerB.post(SiteURL.casePlan(c.id).path, form: ["goal-0": "x", "what-0-0": "x", "who-0-0": "x", "due-0-0": "01/12/2026"]).status == .notFound)
        }
    }
}
