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

    /// Filters: `state`, `type`, `clientGroup`, `assignedTo` (a user id or `me`), `overdue=1`,
    /// `open=1`, `from`/`to` (dates of receipt); newest first; `limit`, `offset`.
    func list(_ req: Request) async throws -> CasePage {
        let limit = min(max(req.query[Int.self, at: "limit"] ?? 50, 1), 200)
        let offset = max(req.query[Int.self, at: "offset"] ?? 0, 0)
        var query = try await CaseAccess.visible(req)
        if let s = req.query[String.self, at: "state"], !s.isEmpty {
            guard let state = CaseState(rawValue: s) else { throw Abort(.badRequest, reason: "state") }
            query = query.filter(\.$state == state)
        }
        if let s = req.query[String.self, at: "type"], !s.isEmpty {
            guard let type = CaseType(rawValue: s) else { throw Abort(.badRequest, reason: "type") }
            query = query.filter(\.$type == type)
        }
        if let g = req.query[String.self, at: "clientGroup"], !g.isEmpty {
            let ids = try await CaseClientGroup.query(on: req.db).filter(\.$code == g).all().map(\.caseID)
            query = query.filter(\.$id ~~ ids)
        }
        if let who = req.query[String.self, at: "assignedTo"], !who.isEmpty {
            let id = who == "me" ? try req.user.id : UUID(uuidString: who)
            guard let id else { throw Abort(.badRequest, reason: "assignedTo") }
            query = query.filter(\.$assignedTo == id)
        }
        if req.query[String.self, at: "open"] == "1" { query = query.filter(\.$state != .closed) }
        if let from = req.query[String.self, at: "from"], !from.isEmpty {
            guard let d = LocalDate(iso: from) else { throw Abort(.badRequest, reason: "from: YYYY-MM-DD") }
            query = query.filter(\.$receivedAt >= d.startOfDay())
        }
        if let to = req.query[String.self, at: "to"], !to.isEmpty {
            guard let d = LocalDate(iso: to) else { throw Abort(.badRequest, reason: "to: YYYY-MM-DD") }
            query = query.filter(\.$receivedAt < d.adding(days: 1).startOfDay())
        }
        let now = req.application.clock.now()
        if req.query[String.self, at: "overdue"] == "1" {
            // Overdue: the current step's deadline has passed.
            query = query.group(.or) { or in
                or.group(.and) { $0.filter(\.$state ~~ [.received, .initialAssessment, .emergencyIntervention]).filter(\.$initialDueAt < now) }
                or.group(.and) { $0.filter(\.$state ~~ [.assessment, .planning]).filter(\.$planDueAt < now) }
            }
        }
        let rows = try await query.sort(\.$receivedAt, .descending).sort(\.$number, .descending).range(offset..<(offset + limit + 1)).all()
        let page = Array(rows.prefix(limit))
        let groups = try await Self.groups(of: page.compactMap(\.id), req)
        return CasePage(items: page.map { CaseOutput($0, groups: groups[$0.id!] ?? [], now: now) },
                        nextOffset: rows.count > limit ? offset + limit : nil)
    }

    func get(_ req: Request) async throws -> CaseOutput {
        let c = try await CaseAccess.load(req)
        try await req.audit(.caseViewed, entityType: "case", entityID: c.id?.uuidString, summary: "api")
        return try await Self.output(c, req)
    }

    func transition(_ req: Request) async throws -> CaseOutput {
        let c = try await CaseAccess.load(req)
        try await CaseWriter(req: req).transition(c, try req.content.decode(TransitionInput.self))
        return try await Self.output(c, req)
    }

    static func output(_ c: CaseFile, _ req: Request) async throws -> CaseOutput {
        let transitions = try await CaseTransition.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$at).all()
        return CaseOutput(c, groups: try await groups(of: [c.id!], req)[c.id!] ?? [], transitions: transitions,
                          now: req.application.clock.now())
    }

    static func groups(of ids: [UUID], _ req: Request) async throws -> [UUID: [String]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await CaseClientGroup.query(on: req.db).filter(\.$caseID ~~ ids).all()
        return Dictionary(grouping: rows, by: \.caseID).mapValues { $0.map(\.code).sorted() }
    }
}
