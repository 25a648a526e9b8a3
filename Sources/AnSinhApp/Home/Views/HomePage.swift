import AnSinhCore
import Plot

/// The home page's Model and View.
enum HomePage {
    struct Count {
        let url: String
        let label: String
        let count: Int
        /// Shown first and in red: a legal deadline or a promise already missed.
        let urgent: Bool
    }

    struct Figures {
        let todayLink: String
        let callsToday: Int
        let openByRisk: [(label: String, count: Int)]
        /// "12/2026".
        let month: String
        let monthDays: Int
        let monthCalls: (now: Int, before: Int)
        let monthCases: (now: Int, before: Int)
    }

    struct Model {
        let fullName: String
        let role: String
        let unitName: String?
        let unitLink: String?
        let administers: Bool
        var tasks: [Count] = []
        var figures: Figures?
    }

    static func view(_ m: Model, _ t: Localizer) -> BodyNode {
        .group(
            .el("h1", [], [.txt("\(t(.homeWelcome)), \(m.fullName)")]),
            .el("dl", [.cls("facts")], [
                .el("dt", [], [.txt(t(.homeYourRole))]), .el("dd", [], [.txt(m.role)]),
                .el("dt", [], [.txt(t(.homeYourUnit))]),
                .el("dd", [], [m.unitName.map { name in m.unitLink.map { .el("a", [.hrefRaw($0)], [.txt(name)]) } ?? .txt(name) } ?? .empty]),
            ]),
            tasks(m, t),
            m.figures.map { figures($0, t) } ?? .empty,
            m.administers ? .group(.el("h2", [], [.txt(t(.homeAdminTasks))]), .el("ul", [.cls("tasks")], [
                .el("li", [], [.link(.adminUnits, t(.navUnits))]),
                .el("li", [], [.link(.adminUsers, t(.navUsers))]),
                .el("li", [], [.link(.adminCalendar, t(.navCalendar))]),
                .el("li", [], [.link(.adminAudit, t(.navAudit))]),
            ])) : .empty
        )
    }

    private static func tasks(_ m: Model, _ t: Localizer) -> BodyNode {
        guard !m.administers || !m.tasks.isEmpty else { return .empty }
        let ordered = m.tasks.filter(\.urgent) + m.tasks.filter { !$0.urgent }
        return .group(
            .el("h2", [.id("today")], [.txt(t.pick(vi: "Việc đang chờ bạn", en: "Waiting for you"))]),
            ordered.isEmpty ? .el("p", [.cls("muted"), .id("nothing-waiting")], [.txt(t.pick(vi: "Không có việc nào đang chờ.", en: "Nothing is waiting."))])
                : .el("ul", [.cls("tasks"), .id("today-counts")], ordered.map { c in
                    .el("li", [.cls(c.urgent ? "overdue" : "")], [.el("a", [.hrefRaw(c.url)], [.txt("\(c.label): \(VNFormat.number(c.count))")])])
                })
        )
    }

    private static func figures(_ f: Figures, _ t: Localizer) -> BodyNode {
        func compare(_ label: String, _ pair: (now: Int, before: Int)) -> BodyNode {
            let diff = pair.now - pair.before
            let change = pair.before == 0 ? "" : " (\(Int((Double(pair.now) * 100 / Double(pair.before)).rounded()))%)"
            return .el("tr", [], [
                .el("th", [Attr("scope", "row")], [.txt(label)]),
                .el("td", [.cls("num")], [.txt(VNFormat.number(pair.now))]),
                .el("td", [.cls("num")], [.txt(VNFormat.number(pair.before))]),
                .el("td", [.cls("num")], [.txt((diff > 0 ? "+" : "") + VNFormat.number(diff) + change)]),
            ])
        }
        return .group(
            .el("h2", [.id("figures")], [.txt(t.pick(vi: "Hôm nay và tháng này", en: "Today and this month"))]),
            .el("p", [], [.el("a", [.hrefRaw(f.todayLink), .id("calls-today")],
                                 [.txt(t.pick(vi: "Cuộc gọi hôm nay: ", en: "Calls today: ") + VNFormat.number(f.callsToday))])]),
            .el("table", [.cls("summary"), .id("open-by-risk")], [
                .el("caption", [], [.txt(t.pick(vi: "Hồ sơ đang quản lý theo mức độ nguy cơ", en: "Open cases by risk"))]),
                .el("tbody", [], f.openByRisk.map { r in
                    .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(r.label)]), .el("td", [.cls("num")], [.txt(VNFormat.number(r.count))])])
                }),
            ]),
            .el("table", [.cls("summary"), .id("month-so-far")], [
                .el("caption", [], [.txt(t.pick(vi: "Tháng \(f.month), \(f.monthDays) ngày đầu, so với cùng kỳ năm trước",
                                                en: "\(f.month), first \(f.monthDays) days, against the same days last year"))]),
                .el("thead", [], [.el("tr", [], [
                    .el("th", [], []), .el("th", [], [.txt(t.pick(vi: "Năm nay", en: "This year"))]),
                    .el("th", [], [.txt(t.pick(vi: "Cùng kỳ", en: "Last year"))]), .el("th", [], [.txt(t.pick(vi: "Chênh lệch", en: "Change"))]),
                ])]),
                .el("tbody", [], [
                    compare(t.pick(vi: "Cuộc gọi", en: "Calls"), f.monthCalls),
                    compare(t.pick(vi: "Trường hợp tiếp nhận", en: "Cases received"), f.monthCases),
                ]),
            ])
        )
    }
}
