import AnSinhCore
import Fluent
import Vapor

/// The work waiting on case files, as "my cases" lists it and the home page counts it: one
/// definition each, so that a count and the list it links to always agree.
enum CaseWorkQueries {
    /// How far ahead "my cases" lists follow-ups: a visit planned next week must be seen this week.
    static let followUpDays = 14

    /// Follow-ups not done, due by `until` (`yyyy-MM-dd`), on the user's open cases in their
    /// units: one joined query (a worker may hold thousands of cases).
    static func followUpsDue(_ req: Request, until: String) async throws -> QueryBuilder<CaseNote> {
        var due = CaseNote.query(on: req.db).join(CaseFile.self, on: \CaseNote.$caseID == \CaseFile.$id)
            .filter(CaseFile.self, \.$assignedTo == (try req.user.id!)).filter(CaseFile.self, \.$state != .closed)
            .filter(\.$followUpDone == false).filter(\.$followUpOn <= until)
        if case .units(let ids) = try await req.unitScope() { due = due.filter(CaseFile.self, \.$unitID ~~ ids) }
        return due
    }

    /// Plan versions waiting for a decision on cases of the user's units, not the user's own.
    static func plansWaiting(_ req: Request) async throws -> QueryBuilder<CasePlan> {
        var waiting = CasePlan.query(on: req.db).join(CaseFile.self, on: \CasePlan.$caseID == \CaseFile.$id)
            .filter(CaseFile.self, \.$state == .planning).filter(\.$status == .submitted).filter(\.$author != (try req.user.id!))
        if case .units(let ids) = try await req.unitScope() { waiting = waiting.filter(CaseFile.self, \.$unitID ~~ ids) }
        return waiting
    }
}
