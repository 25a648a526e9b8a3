import AnSinhCore
import Fluent
import Vapor

/// The home page: who you are, where you work, and what you can open from here.
struct HomeController {
    func home(_ req: Request) async throws -> Response {
        let user = try req.user
        let t = req.t
        let unit = try await OrgUnit.find(user.unitID, on: req.db)
        var tasks: [BodyNode] = []
        if Policy.administer.allows(user.role) {
            tasks = [
                .el("li", [], [.link(.adminUnits, t(.navUnits))]),
                .el("li", [], [.link(.adminUsers, t(.navUsers))]),
                .el("li", [], [.link(.adminCalendar, t(.navCalendar))]),
                .el("li", [], [.link(.adminAudit, t(.navAudit))]),
            ]
        }
        let content: BodyNode = .group(
            .el("h1", [], [.txt("\(t(.homeWelcome)), \(user.fullName)")]),
            .el("dl", [.cls("facts")], [
                .el("dt", [], [.txt(t(.homeYourRole))]), .el("dd", [], [.txt(t.role(user.role))]),
                .el("dt", [], [.txt(t(.homeYourUnit))]),
                .el("dd", [], [unit.map { u in Policy.viewUnits.allows(user.role) ? .link(.unitShow(u.id!), u.name) : .txt(u.name) } ?? .empty]),
            ]),
            tasks.isEmpty ? .empty : .group(.el("h2", [], [.txt(t(.homeAdminTasks))]), .el("ul", [.cls("tasks")], tasks))
        )
        return await Layout.page(req, title: t(.homeTitle), content: content)
    }
}
