import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// The home page: what waits for the user today, as counts linking to the lists that show
/// it, by what the role does; for the director also the day's and the month's figures.
struct HomeController {
    func home(_ req: Request) async throws -> Response {
        let user = try req.user
        let t = req.t
        let unit = try await OrgUnit.find(user.unitID, on: req.db)
        var model = HomePage.Model(fullName: user.fullName, role: t.role(user.role), unitName: unit?.name,
                                   unitLink: unit.flatMap { Policy.viewUnits.allows(user.role) ? SiteURL.unitShow($0.id!).path : nil },
                                   administers: Policy.administer.allows(user.role))
        model.tasks = try await HomeCounts(req: req, user: user).tasks()
        if user.role == .director { model.figures = try await HomeCounts(req: req, user: user).directorFigures() }
        return await Layout.page(req, title: t(.homeTitle), content: HomePage.view(model, t))
    }
}

/// The counts of the home page, each one query (or a few), never a list loaded to be counted.
struct HomeCounts {
    let req: Request
    let user: User

    private var t: Localizer { req.t }
    private var now: Date { req.application.clock.now() }

    /// What waits for the user, zero counts left out.
    func tasks() async throws -> [HomePage.Count] {
        var counts: [HomePage.Count] = []
        if Policy.recordCalls.allows(user.role) { counts += try await hotline() }
        if Policy.manageCases.allows(user.role) { counts += try await cases() }
        return counts.filter { $0.count > 0 }
    }

    /// The counsellor's work list, counted: calls to complete, promised call-backs, experts'
    /// answers to call back with, hand-offs the other side has not acknowledged.
    private func hotline() async throws -> [HomePage.Count] {
        let list = SiteURL.hotlineWork.path
        var incomplete = Call.query(on: req.db).filter(\.$incomplete == true)
        if case .units(let ids) = try await req.unitScope() { incomplete = incomplete.filter(\.$unitID ~~ ids) }
        let promised = Call.query(on: req.db).filter(\.$counsellorID == user.id!).filter(\.$callbackDueAt != nil).filter(\.$callbackDoneAt == nil)
        let overdue = try await promised.copy().filter(\.$callbackDueAt < now).count()
        return [
            .init(url: list, label: t.pick(vi: "Cuộc gọi cần hoàn thiện", en: "Calls to complete"), count: try await incomplete.count(), urgent: false),
            .init(url: list, label: t.pick(vi: "Hẹn gọi lại quá hạn", en: "Promised call-backs overdue"), count: overdue, urgent: true),
            .init(url: list, label: t.pick(vi: "Hẹn gọi lại", en: "Promised call-backs"), count: try await promised.count() - overdue, urgent: false),
            .init(url: list, label: t.pick(vi: "Hội đồng chuyên gia đã trả lời, cần gọi lại", en: "Expert answers to call back with"),
                  count: try await ExpertQuestion.query(on: req.db).filter(\.$askedBy == user.id!).filter(\.$calledBackAt == nil)
                      .filter(\.$answeredAt != nil).count(), urgent: false),
            .init(url: list, label: t.pick(vi: "Chuyển tiếp chưa được xác nhận", en: "Hand-offs not acknowledged"),
                  count: try await Handoff.query(on: req.db).filter(\.$createdBy == user.id!).filter(\.$status != .acknowledged).count(), urgent: false),
        ]
    }

    /// The case worker's day: their overdue and due-soon steps and follow-ups; for supervisors
    /// and the director, the overdue cases of their units, plans and closures to decide;
    /// transfers waiting for the user or coming to their unit.
    private func cases() async throws -> [HomePage.Count] {
        var counts: [HomePage.Count] = []
        let mine = try await CaseAccess.visible(req).filter(\.$assignedTo == user.id!)
        counts.append(.init(url: SiteURL.cases.path + "?overdue=1", label: t.pick(vi: "Hồ sơ của tôi quá hạn", en: "My cases overdue"),
                            count: try await CaseQueries.due(mine, before: now).count(), urgent: true))
        let soon = try await CaseQueries.due(try await CaseAccess.visible(req).filter(\.$assignedTo == user.id!),
                                                    before: now.addingTimeInterval(2 * 86_400)).count()
        let overdueMine = counts[0].count
        counts.append(.init(url: SiteURL.cases.path, label: t.pick(vi: "Hồ sơ của tôi đến hạn trong 2 ngày", en: "My cases due within two days"),
                            count: soon - overdueMine, urgent: false))
        let until = LocalDate(now).adding(days: CaseWorkQueries.followUpDays).iso
        let followUps = try await CaseWorkQueries.followUpsDue(req, until: until).count()
        counts.append(.init(url: SiteURL.cases.path + "#follow-ups", label: t.pick(vi: "Việc cần theo dõi trong 2 tuần", en: "Follow-ups due within two weeks"),
                            count: followUps, urgent: false))
        if Policy.approveCases.allows(user.role) {
            counts.append(.init(url: SiteURL.cases.path + "?all=1&overdue=1", label: t.pick(vi: "Hồ sơ quá hạn của đơn vị", en: "Overdue cases of your units"),
                                count: try await CaseQueries.due(try await CaseAccess.visible(req), before: now).count(), urgent: true))
            let plans = try await CaseWorkQueries.plansWaiting(req).count()
            counts.append(.init(url: SiteURL.cases.path + "#plans-waiting", label: t.pick(vi: "Kế hoạch chờ duyệt", en: "Plans waiting for approval"),
                                count: plans, urgent: false))
            counts.append(.init(url: SiteURL.cases.path + "?all=1&state=review", label: t.pick(vi: "Hồ sơ chờ duyệt kết thúc", en: "Cases waiting for a closure decision"),
                                count: try await CaseAccess.visible(req).filter(\.$state == .review).count(), urgent: false))
        }
        counts.append(.init(url: SiteURL.caseTransfers.path, label: t.pick(vi: "Hồ sơ chuyển đến đang chờ nhận", en: "Transfers waiting"),
                            count: try await CaseTransfers.waiting(for: user, on: req.db).count, urgent: false))
        return counts
    }

    /// The director's figures: today's calls, open cases by risk, and the month so far against
    /// the same days a year earlier.
    func directorFigures() async throws -> HomePage.Figures {
        let sql = req.db as! any SQLDatabase
        let today = LocalDate(now)
        let monthStart = LocalDate(year: today.year, month: today.month, day: 1)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VNFormat.timeZone
        func back(_ d: Date) -> Date { calendar.date(byAdding: .year, value: -1, to: d) ?? d }
        func calls(_ from: Date, _ to: Date) async throws -> Int {
            try await Call.query(on: req.db).filter(\.$startedAt >= from).filter(\.$startedAt < to).count()
        }
        func received(_ from: Date, _ to: Date) async throws -> Int {
            try await CaseFile.query(on: req.db).filter(\.$receivedAt >= from).filter(\.$receivedAt < to).count()
        }
        let start = monthStart.startOfDay()
        let rows = try await sql.raw("SELECT risk_level, COUNT(*) AS n FROM cases WHERE state <> \(bind: CaseState.closed.rawValue) GROUP BY risk_level").all()
        var byRisk: [RiskLevel?: Int] = [:]
        for row in rows {
            byRisk[(try? row.decode(column: "risk_level", as: String?.self)).flatMap { $0 }.flatMap(RiskLevel.init(rawValue:)), default: 0]
                += try row.decode(column: "n", as: Int.self)
        }
        let risks: [(String, Int)] = [RiskLevel.high, .medium, .low].map { (t.riskLevel($0), byRisk[$0] ?? 0) }
            + [(t.pick(vi: "Chưa đánh giá", en: "Not assessed"), byRisk[nil] ?? 0)]
        return HomePage.Figures(
            todayLink: SiteURL.hotlineCalls.path + "?from=\(today.iso)&to=\(today.iso)",
            callsToday: try await calls(today.startOfDay(), now.addingTimeInterval(1)),
            openByRisk: risks,
            month: "\(today.month < 10 ? "0" : "")\(today.month)/\(today.year)",
            monthDays: today.day,
            monthCalls: (try await calls(start, now.addingTimeInterval(1)), try await calls(back(start), back(now).addingTimeInterval(1))),
            monthCases: (try await received(start, now.addingTimeInterval(1)), try await received(back(start), back(now).addingTimeInterval(1))))
    }
}
