import AnSinhCore
import Fluent
import Vapor

/// `/api/v1/cases`: open, list, read and move case files.
struct CasesAPIController {
    struct CasePage: Content {
        let items: [CaseOutput]
        let nextOffset: Int?
    }

    func create(_ req: Request) async throws -> Response {
        let input = try req.content.decode(CaseInput.self)
        let c = try await CaseWriter(req: req).create(input)
        let response = Response(status: .created)
        try response.content.encode(CaseOutput(c, groups: (input.clientGroups ?? []).uniqued(), now: req.application.clock.now()))
        return response
    }

    func list(_ req: Request) async throws -> CasePage {
        let (page, next) = try await CaseQueries.list.page(req, try req.paging())
        let groups = try await CaseQueries.groups(of: page.compactMap(\.id), req)
        let now = req.application.clock.now()
        return CasePage(items: page.map { CaseOutput($0, groups: groups[$0.id!] ?? [], now: now) }, nextOffset: next)
    }

    func get(_ req: Request) async throws -> CaseOutput {
        let c = try await CaseAccess.load(req)
        try await req.audit(.caseViewed, entity: .caseFile, entityID: c.id?.uuidString, summary: "api")
        return try await CaseQueries.output(c, req)
    }

    /// PATCH: change the facts of a case (absent fields keep their value); `version` required.
    func update(_ req: Request) async throws -> CaseOutput {
        let c = try await CaseAccess.load(req)
        try await CaseWriter(req: req).update(c, try req.content.decode(CaseInput.self))
        return try await CaseQueries.output(c, req)
    }

    func transition(_ req: Request) async throws -> CaseOutput {
        let c = try await CaseAccess.load(req)
        try await CaseWriter(req: req).transition(c, try req.content.decode(TransitionInput.self))
        return try await CaseQueries.output(c, req)
    }
}
