import AnSinhCore
import Fluent
import FluentSQL
import SQLKit
import Vapor

/// The case lists and the case's output, shared by the API, the pages and the home page:
/// no controller calls another's functions.
enum CaseQueries {
    /// What a case list asks for, from the query string: `state`, `type`, `clientGroup`,
    /// `assignedTo` (a user id or `me`), `overdue=1`, `open=1`, `from`/`to` (dates of receipt),
    /// `limit`, `offset`.
    struct Filters {
        var state: String?
        var type: String?
        var clientGroup: String?
        var assignedTo: String?
        var overdue = false
        var open = false
        var from: String?
        var to: String?
        var paging = Paging(limit: 50, offset: 0)

        init() {}

        init(_ req: Request) throws {
            state = req.query[String.self, at: "state"]
            type = req.query[String.self, at: "type"]
            clientGroup = req.query[String.self, at: "clientGroup"]
            assignedTo = req.query[String.self, at: "assignedTo"]
            overdue = req.query[String.self, at: "overdue"] == "1"
            open = req.query[String.self, at: "open"] == "1"
            // Codes above may be empty (no filter, as documented); a date may not: `to=` is no
            // date, so the API answers 422 and a page's empty field means no filter.
            from = try req.nonEmptyQuery("from")
            to = try req.nonEmptyQuery("to")
            paging = try req.paging()
        }
    }

    /// The visible cases matching the filters, newest first, and the offset of the next page.
    static func find(_ req: Request, _ f: Filters) async throws -> ([CaseFile], Int?) {
        var query = try await CaseAccess.visible(req)
        if let s = f.state, !s.isEmpty {
            guard let state = CaseState(rawValue: s) else { throw req.invalidQuery("state") }
            query = query.filter(\.$state == state)
        }
        if let s = f.type, !s.isEmpty {
            guard let type = CaseType(rawValue: s) else { throw req.invalidQuery("type") }
            query = query.filter(\.$type == type)
        }
        if let g = f.clientGroup, !g.isEmpty {
            // EXISTS on the case's own rows, never the matching ids sent back as binds.
            query = query.filter(.sql(embed: """
                EXISTS (SELECT 1 FROM \(ident: CaseClientGroup.schema) g WHERE g.case_id = \(ident: CaseFile.schema).id \
                AND g.code = \(bind: g))
                """))
        }
        if let who = f.assignedTo, !who.isEmpty {
            let id = who == "me" ? try req.user.id : UUID(uuidString: who)
            guard let id else { throw req.invalidQuery("assignedTo") }
            query = query.filter(\.$assignedTo == id)
        }
        if f.open { query = query.filter(\.$state != .closed) }
        if let from = f.from, !from.isEmpty {
            let start = try req.boundedDate("from", from).startOfDay()
            query = query.filter(\.$receivedAt >= start)
        }
        if let to = f.to, !to.isEmpty {
            let end = try req.boundedDate("to", to).adding(days: 1).startOfDay()
            query = query.filter(\.$receivedAt < end)
        }
        if f.overdue { query = due(query, before: req.application.clock.now()) }
        let rows = try await query.sort(\.$receivedAt, .descending).sort(\.$number, .descending)
            .range(f.paging.rangeToRead).all()
        return (Array(rows.prefix(f.paging.limit)), f.paging.nextOffset(read: rows.count))
    }

    /// Cases whose current step's legal deadline falls before `moment`: overdue with the
    /// clock's now, due soon with a moment ahead.
    static func due(_ query: QueryBuilder<CaseFile>, before moment: Date) -> QueryBuilder<CaseFile> {
        query.group(.or) { or in
            or.group(.and) { $0.filter(\.$state ~~ [.received, .initialAssessment, .emergencyIntervention]).filter(\.$initialDueAt < moment) }
            or.group(.and) { $0.filter(\.$state ~~ [.assessment, .planning]).filter(\.$planDueAt < moment) }
        }
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
