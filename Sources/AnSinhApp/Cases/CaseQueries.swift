import AnSinhCore
import Fluent
import FluentSQL
import SQLKit
import Vapor

/// The case lists and the case's output, shared by the API, the pages and the home page:
/// no controller calls another's functions.
enum CaseQueries {
    /// The case lists (the API's, "my cases", "all cases"): newest received first.
    static let list = RecordList<CaseFile>(
        base: { try await CaseAccess.visible($0) },
        filters: ListFilter.dateRange(\.$receivedAt) + [
            .code("state", \.$state),
            .code("type", \.$type),
            .exists("clientGroup", child: CaseClientGroup.schema, parentColumn: "case_id", valueColumn: "code"),
            .code("risk", \.$riskLevel),
            .unitSubtree("unit", \.$unitID),
            ListFilter(name: "assignedTo") { query, who, req in
                guard let id = who == "me" ? try req.user.id : UUID(uuidString: who) else { throw req.invalidQuery("assignedTo") }
                return query.filter(\.$assignedTo == id)
            },
            ListFilter(name: "overdue") { query, flag, req in flag == "1" ? due(query, before: req.application.clock.now()) : query },
            ListFilter(name: "open") { query, flag, _ in flag == "1" ? query.filter(\.$state != .closed) : query },
        ],
        order: { $0.sort(\.$receivedAt, .descending).sort(\.$number, .descending) })

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
