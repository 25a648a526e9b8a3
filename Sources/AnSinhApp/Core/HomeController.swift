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
        let today = try await todayCounts(req, user)
        let content: BodyNode = .group(
            .el("h1", [], [.txt("\(t(.homeWelcome)), \(user.fullName)")]),
            today.isEmpty ? .empty : .group(
                .el("h2", [.id("today")], [.txt(t.pick(vi: "Việc đang chờ bạn", en: "Waiting for you"))]),
                .el("ul", [.cls("tasks"), .id("today-counts")], today.map { url, label, count in
                    .el("li", [], [.link(url, "\(label): \(VNFormat.number(count))")])
                })
            ),
            .el("dl", [.cls("facts")], [
                .el("dt", [], [.txt(t(.homeYourRole))]), .el("dd", [], [.txt(t.role(user.role))]),
                .el("dt", [], [.txt(t(.homeYourUnit))]),
                .el("dd", [], [unit.map { u in Policy.viewUnits.allows(user.role) ? .link(.unitShow(u.id!), u.name) : .txt(u.name) } ?? .empty]),
            ]),
            tasks.isEmpty ? .empty : .group(.el("h2", [], [.txt(t(.homeAdminTasks))]), .el("ul", [.cls("tasks")], tasks))
        )
        return await Layout.page(req, title: t(.homeTitle), content: content)
    }

    /// What waits for the user, as counts linking to the lists that show it: follow-ups of
    /// their cases due within the list's two weeks, plans waiting for their approval,
    /// transfers waiting for them or coming to their unit. Zero counts are left out.
    private func todayCounts(_ req: Request, _ user: User) async throws -> [(SiteURL, String, Int)] {
        guard Policy.manageCases.allows(user.role) else { return [] }
        let t = req.t
        var counts: [(SiteURL, String, Int)] = []
        let soon = LocalDate(req.application.clock.now()).adding(days: CasesController.followUpDays).iso
        let followUps = try await CaseNote.query(on: req.db).join(CaseFile.self, on: \CaseNote.$caseID == \CaseFile.$id)
            .filter(CaseFile.self, \.$assignedTo == user.id!).filter(CaseFile.self, \.$state != .closed)
            .filter(\.$followUpDone == false).filter(\.$followUpOn <= soon).count()
        counts.append((.cases, t.pick(vi: "Việc cần theo dõi trong 2 tuần", en: "Follow-ups due within two weeks"), followUps))
        if Policy.approveCases.allows(user.role) {
            let planning = try await CaseAccess.visible(req).filter(\.$state == .planning).all().compactMap(\.id)
            let plans = planning.isEmpty ? 0 : try await CasePlan.query(on: req.db).filter(\.$caseID ~~ planning)
                .filter(\.$status == .submitted).filter(\.$author != user.id).count()
            counts.append((.cases, t.pick(vi: "Kế hoạch chờ duyệt", en: "Plans waiting for approval"), plans))
        }
        let transfers = try await CaseTransfers.waiting(for: user, on: req.db).count
        counts.append((.caseTransfers, t.pick(vi: "Hồ sơ chuyển đến đang chờ nhận", en: "Transfers waiting"), transfers))
        return counts.filter { $0.2 > 0 }
    }
}
