import AnSinhCore
import Fluent
import Vapor

/// The case page's forms for related persons, assignment, team and transfers, and the page of
/// transfers waiting for a decision.
struct CaseTeamPages {
    private let cases = CasesController()

    /// From the people search opened with `?linkCase=`: the chosen person with a role.
    func addParticipant(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let input = CaseTeam.ParticipantInput(personId: req.formValue("personId").flatMap(UUID.init(uuidString:)),
                                              role: req.formValue("role"), details: req.formValue("details"))
        return try await cases.afterFormStep(req, c, section: "participants") { _ = try await CaseTeam.addParticipant(input, to: c, req) }
    }

    func removeParticipant(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        guard let id = req.parameters.get("item").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        return try await cases.afterFormStep(req, c, section: "participants") { try await CaseTeam.removeParticipant(id, from: c, req) }
    }

    func assign(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let input = CaseTeam.AssignmentInput(assignedTo: req.formValue("assignedTo").flatMap(UUID.init(uuidString:)),
                                             version: req.formValue("version").flatMap(Int.init))
        return try await cases.afterFormStep(req, c) { try await CaseTeam.assign(input, c, req) }
    }

    func addTeamMember(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let input = CaseTeam.TeamInput(userId: req.formValue("userId").flatMap(UUID.init(uuidString:)))
        return try await cases.afterFormStep(req, c, section: "team") { try await CaseTeam.addTeamMember(input, c, req) }
    }

    func removeTeamMember(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        guard let id = req.parameters.get("item").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        return try await cases.afterFormStep(req, c, section: "team") { try await CaseTeam.removeTeamMember(id, c, req) }
    }

    func requestTransfer(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let input = CaseTeam.TransferInput(toUnitId: req.formValue("toUnitId").flatMap(UUID.init(uuidString:)),
                                           reason: req.formValue("transferReason"), version: req.formValue("version").flatMap(Int.init))
        return try await cases.afterFormStep(req, c) { _ = try await CaseTeam.requestTransfer(input, c, req) }
    }

    /// Transfers to the user's units waiting for a decision, and the recent ones either way.
    func list(_ req: Request) async throws -> Response {
        try await listPage(req, errors: [:], status: .ok)
    }

    func decide(_ req: Request) async throws -> Response {
        let transfer = try await CaseTeam.loadTransfer(req)
        let input = CaseTeam.DecisionInput(accept: req.formValue("accept").map { $0 == "1" }, comment: req.formValue("comment"),
                                           assignedTo: req.formValue("assignedTo").flatMap(UUID.init(uuidString:)))
        do {
            try await CaseTeam.decide(transfer, input, req)
        } catch let error as ValidationError {
            return try await listPage(req, errors: [transfer.id!: error.problems.map(\.message).joined(separator: " ")], status: .unprocessableEntity)
        } catch let error as any AbortError where error.status == .conflict {
            return try await listPage(req, errors: [transfer.id!: error.reason], status: .conflict)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .caseTransfers)
    }

    private func listPage(_ req: Request, errors: [UUID: String], status: HTTPResponseStatus) async throws -> Response {
        let rows = try await CaseTeam.transfers(req, status: nil)
        let scope = try await req.unitScope()
        let files = rows.isEmpty ? [] : try await CaseFile.query(on: req.db).filter(\.$id ~~ rows.map(\.caseID)).all()
        let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: req.db).all().map { ($0.id!, $0.name) })
        var workers: [UUID: [User]] = [:]
        // Every pending transfer's unit: a decider above the unit assigns its staff too.
        for unit in Set(rows.filter { $0.status == .pending }.map(\.toUnitID)) {
            workers[unit] = try await CaseTeam.eligibleWorkers(forUnit: unit, req.db)
        }
        var model = TransfersPage.Model(transfers: rows, cases: Dictionary(uniqueKeysWithValues: files.map { ($0.id!, $0) }),
                                        unitNames: units, workers: workers, scope: scope, errors: errors)
        model.deciders = try await CaseTransfers.deciders(of: rows, req.db)
        model.userID = try req.user.id
        model.mayDecide = Policy.approveCases.allows(try req.user.role)
        return await Layout.page(req, title: req.t.pick(vi: "Chuyển hồ sơ", en: "Case transfers"), status: status,
                                 content: TransfersPage.view(model, req))
    }
}
