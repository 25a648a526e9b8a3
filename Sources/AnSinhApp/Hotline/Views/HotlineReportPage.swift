import AnSinhCore
import Plot
import Vapor

/// The hotline report on screen (and on paper: the print stylesheet hides the controls).
enum HotlineReportPage {
    static func view(_ r: HotlineReport, labels: [String: String], _ req: Request) -> BodyNode {
        let t = req.t
        func label(_ code: String) -> String {
            if let kind = CallKind(rawValue: code) { return t.callKind(kind) }
            if let c = CallChannel(rawValue: code) { return t.channel(c) }
            if let a = CallAction(rawValue: code) { return t.action(a) }
            if code == "unclassified" { return t.pick(vi: "Chưa phân loại", en: "Unclassified") }
            return labels[code] ?? code
        }
        func table(_ id: String, _ title: String, _ rows: [HotlineReport.Count], nested: Bool = false) -> BodyNode {
            var body: [BodyNode] = []
            for row in rows {
                body.append(.el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(label(row.code))]),
                                           .el("td", [.cls("num")], [.txt(VNFormat.number(row.count))])]))
                if nested {
                    for child in row.children ?? [] {
                        body.append(.el("tr", [.cls("child")], [.el("th", [Attr("scope", "row")], [.txt("— " + label(child.code))]),
                                                                .el("td", [.cls("num")], [.txt(VNFormat.number(child.count))])]))
                    }
                }
            }
            return .el("section", [.id(id)], [.el("h2", [], [.txt(title)]),
                                              DataTable.view(headers: ["", t.pick(vi: "Số cuộc", en: "Calls")], rows: body, empty: t(.noRecords))])
        }
        func change(_ now: Int, _ before: Int) -> String {
            let diff = now - before
            let pct = before == 0 ? "—" : VNFormat.percent(Double(now) / Double(before))
            return "\(diff >= 0 ? "+" : "")\(VNFormat.number(diff)) (\(pct))"
        }
        let fromDate = LocalDate(iso: r.from)?.description ?? r.from
        let toDate = LocalDate(iso: r.to)?.description ?? r.to
        return .group(
            .el("h1", [], [.txt(t.pick(vi: "Báo cáo tổng đài \(fromDate) – \(toDate)", en: "Hotline report \(fromDate) – \(toDate)"))]),
            .el("form", [.id("report-filter"), .action(.hotlineReport), .getMethod, .cls("filters")], [
                FormField.text("from", label: t(.auditFrom), value: r.from, errors: FieldErrors(), type: "date"),
                FormField.text("to", label: t(.auditTo), value: r.to, errors: FieldErrors(), type: "date"),
                .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
            .el("table", [.id("report-summary"), .cls("summary")], [
                .el("thead", [], [.el("tr", [], [.el("th", [], []), .el("th", [], [.txt(t.pick(vi: "Kỳ này", en: "This period"))]),
                                                .el("th", [], [.txt(t.pick(vi: "Cùng kỳ năm trước", en: "Same period last year"))]),
                                                .el("th", [], [.txt(t.pick(vi: "Chênh lệch", en: "Change"))])])]),
                .el("tbody", [], [
                    summaryRow(t.pick(vi: "Tổng số cuộc gọi", en: "Total calls"), r.total, r.previous.total, change),
                    summaryRow(t.pick(vi: "Cuộc gọi tư vấn", en: "Counselling calls"), r.counselling, r.previous.counselling, change),
                    summaryRow(t.pick(vi: "Cuộc gọi không tư vấn", en: "Non-counselling calls"), r.nonData, r.previous.nonData, change),
                ]),
            ]),
            table("by-topic", t.pick(vi: "Theo chủ đề chính (mỗi cuộc tính một lần)", en: "By primary topic (each call once)"), r.byTopic, nested: true),
            table("by-kind", t.pick(vi: "Cuộc gọi không tư vấn theo loại", en: "Non-counselling calls by kind"), r.byNonDataKind),
            table("topic-mentions", t.pick(vi: "Số lần chủ đề được nêu", en: "Topic mentions"), r.topicMentions, nested: true),
            table("by-channel", t.pick(vi: "Theo kênh", en: "By channel"), r.byChannel),
            table("by-line", t.pick(vi: "Theo đường dây", en: "By line"), r.byLine),
            table("by-action", t.pick(vi: "Đã xử lý", en: "Actions taken"), r.byAction)
        )
    }

    private static func summaryRow(_ label: String, _ now: Int, _ before: Int, _ change: (Int, Int) -> String) -> BodyNode {
        .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(label)]), .el("td", [.cls("num")], [.txt(VNFormat.number(now))]),
                       .el("td", [.cls("num")], [.txt(VNFormat.number(before))]), .el("td", [.cls("num")], [.txt(change(now, before))])])
    }
}
