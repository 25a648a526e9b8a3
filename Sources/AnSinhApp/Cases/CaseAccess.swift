import AnSinhCore
import Fluent
import Vapor

/// Who may open a case: staff whose units include the case's unit; for a restricted case only
/// its team (assigned worker, author, members), supervisors of those units and the director.
/// Everyone else gets 404, as if the case did not exist.
enum CaseAccess {
    static func canSee(_ c: CaseFile, _ req: Request) async throws -> Bool {
        guard try await req.unitScope().contains(c.unitID) else { return false }
        guard c.restricted else { return true }
        let user = try req.user
        if [.director, .supervisor].contains(user.role) { return true }
        if c.assignedTo == user.id || c.createdBy == user.id { return true }
        return try await CaseTeamMember.query(on: req.db).filter(\.$caseID == c.id!).filter(\.$userID == user.id!).first() != nil
    }

    static func load(_ req: Request) async throws -> CaseFile {
        guard let c = try await CaseFile.find(try req.idParameter(), on: req.db), try await canSee(c, req) else { throw Abort(.notFound) }
        return c
    }

    /// A list query limited to what the user may see.
    static func visible(_ req: Request) async throws -> QueryBuilder<CaseFile> {
        var query = CaseFile.query(on: req.db)
        if case .units(let ids) = try await req.unitScope() { query = query.filter(\.$unitID ~~ ids) }
        let user = try req.user
        if ![.director, .supervisor].contains(user.role) {
            let teamCases = try await CaseTeamMember.query(on: req.db).filter(\.$userID == user.id!).all().map(\.caseID)
            query = query.group(.or) { or in
                or.filter(\.$restricted == false).filter(\.$assignedTo == user.id!).filter(\.$createdBy == user.id!)
                if !teamCases.isEmpty { or.filter(\.$id ~~ teamCases) }
            }
        }
        return query
    }
}
