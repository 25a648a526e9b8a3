import AnSinhCore
import Fluent
import Vapor

/// `/api/v1/cases/{id}/persons`, `/assignment`, `/team`, `/transfers` and `/api/v1/transfers`.
struct CaseTeamAPIController {
    func participants(_ req: Request) async throws -> [CaseTeam.ParticipantOutput] {
        try await CaseTeam.participants(of: try await CaseAccess.load(req), req)
    }

    func addParticipant(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let p = try await CaseTeam.addParticipant(try req.content.decode(CaseTeam.ParticipantInput.self), to: c, req)
        guard let output = try await CaseTeam.participants(of: c, req).first(where: { $0.id == p.id }) else { throw Abort(.notFound) }
        let response = Response(status: .created)
        try response.content.encode(output)
        return response
    }

    func removeParticipant(_ req: Request) async throws -> HTTPStatus {
        let c = try await CaseAccess.load(req)
        guard let id = req.parameters.get("item").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        try await CaseTeam.removeParticipant(id, from: c, req)
        return .noContent
    }

    func assign(_ req: Request) async throws -> CaseOutput {
        let c = try await CaseAccess.load(req)
        try await CaseTeam.assign(try req.content.decode(CaseTeam.AssignmentInput.self), c, req)
        return try await CaseQueries.output(c, req)
    }

    func addTeamMember(_ req: Request) async throws -> HTTPStatus {
        let c = try await CaseAccess.load(req)
        try await CaseTeam.addTeamMember(try req.content.decode(CaseTeam.TeamInput.self), c, req)
        return .noContent
    }

    func removeTeamMember(_ req: Request) async throws -> HTTPStatus {
        let c = try await CaseAccess.load(req)
        guard let id = req.parameters.get("item").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        try await CaseTeam.removeTeamMember(id, c, req)
        return .noContent
    }

    func requestTransfer(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let transfer = try await CaseTeam.requestTransfer(try req.content.decode(CaseTeam.TransferInput.self), c, req)
        let response = Response(status: .created)
        try response.content.encode(CaseTeam.TransferOutput(transfer, number: c.number))
        return response
    }

    /// `?status=pending|accepted|declined`; transfers to or from the caller's units.
    func transfers(_ req: Request) async throws -> [CaseTeam.TransferOutput] {
        var status: TransferStatus?
        if let raw = req.query[String.self, at: "status"], !raw.isEmpty {
            guard let s = TransferStatus(rawValue: raw) else { throw req.invalidQuery("status") }
            status = s
        }
        let rows = try await CaseTeam.transfers(req, status: status)
        let numbers = try await Self.numbers(of: rows, req.db)
        return rows.map { CaseTeam.TransferOutput($0, number: numbers[$0.caseID]) }
    }

    func decide(_ req: Request) async throws -> CaseTeam.TransferOutput {
        let transfer = try await CaseTeam.loadTransfer(req)
        try await CaseTeam.decide(transfer, try req.content.decode(CaseTeam.DecisionInput.self), req)
        return CaseTeam.TransferOutput(transfer, number: try await Self.numbers(of: [transfer], req.db)[transfer.caseID])
    }

    static func numbers(of transfers: [CaseTransfer], _ db: any Database) async throws -> [UUID: String] {
        guard !transfers.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await CaseFile.query(on: db).filter(\.$id ~~ transfers.map(\.caseID)).all()
            .map { ($0.id!, $0.number) })
    }
}
