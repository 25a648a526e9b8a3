import AnSinhCore
import Plot
import Vapor

/// The counsellor's work list: calls to complete, promised call-backs, answers from the expert
/// council to call back, questions still waiting, and hand-offs not yet acknowledged.
enum WorkListPage {
    static func view(_ work: FollowUpController.WorkList, experts: [UUID: String], _ req: Request) -> BodyNode {
        let t = req.t
        let callBacks: [BodyNode] = work.callBacks.map { q in
            .el("tr", [], [
                .el("td", [], [.txt(ISODateTime.parse(q.askedAt).map(VNFormat.dateTime) ?? "")]),
                .el("td", [], [.txt(experts[q.member] ?? "")]),
                .el("td", [], [.txt(q.question)]),
                .el("td", [], [.txt(q.answer ?? "")]),
                .el("td", [], [.el("form", [.action(.hotlineQuestionCalledBack(q.id)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req), FormField.hidden("version", value: String(q.version)),
                    .el("button", [.type("submit")], [.txt(t.pick(vi: "Đã gọi lại", en: "Called back"))]),
                ])]),
            ])
        }
        let promised: [BodyNode] = work.promisedCallBacks.map { c in
            .el("tr", [.cls(c.overdue ? "overdue" : "")], [
                .el("td", [], [.txt((ISODateTime.parse(c.dueAt).map(VNFormat.dateTime) ?? "") + (c.overdue ? t.pick(vi: " (quá hạn)", en: " (overdue)") : ""))]),
                .el("td", [], [.txt(c.phone ?? "—")]),
                .el("td", [], [.el("form", [.action(.hotlineCallBackDone(c.callID)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req), FormField.hidden("version", value: String(c.version)),
                    .el("button", [.type("submit")], [.txt(t.pick(vi: "Đã gọi lại", en: "Called back"))]),
                ])]),
            ])
        }
        let waiting: [BodyNode] = work.waiting.map { q in
            .el("tr", [], [.el("td", [], [.txt(ISODateTime.parse(q.askedAt).map(VNFormat.dateTime) ?? "")]),
                           .el("td", [], [.txt(experts[q.member] ?? "")]), .el("td", [], [.txt(q.question)])])
        }
        let handoffs: [BodyNode] = work.handoffs.map { h in
            .el("tr", [], [.el("td", [], [.txt(t.handoffTarget(h.target))]), .el("td", [], [.txt(t.handoffStatus(h.status))]),
                           .el("td", [], [.txt(h.note)])])
        }
        let incomplete: [BodyNode] = work.incompleteCalls.map { c in
            .el("tr", [], [
                .el("td", [], [.link(.hotlineCall(c.callID), ISODateTime.parse(c.startedAt).map(VNFormat.dateTime) ?? c.startedAt)]),
                .el("td", [], [.txt(c.phone ?? "—")]),
            ])
        }
        return .group(
            .el("h1", [], [.txt(t.pick(vi: "Việc cần làm", en: "My work"))]),
            .el("h2", [], [.txt(t.pick(vi: "Cuộc gọi cần hoàn thiện", en: "Calls to complete"))]),
            DataTable.view(headers: [t(.auditTime), t.pick(vi: "Số gọi đến", en: "Caller's number")],
                           rows: incomplete, empty: t(.noRecords)),
            .el("h2", [], [.txt(t.pick(vi: "Hẹn gọi lại", en: "Promised call-backs"))]),
            DataTable.view(headers: [t.pick(vi: "Hạn", en: "Due"), t.pick(vi: "Số gọi đến", en: "Caller's number"), t(.actions)],
                           rows: promised, empty: t(.noRecords)),
            .el("h2", [], [.txt(t.pick(vi: "Cần gọi lại (chuyên gia đã trả lời)", en: "To call back (the expert answered)"))]),
            DataTable.view(headers: [t(.auditTime), t.pick(vi: "Chuyên gia", en: "Expert"), t.pick(vi: "Câu hỏi", en: "Question"),
                                     t.pick(vi: "Trả lời", en: "Answer"), t(.actions)], rows: callBacks, empty: t(.noRecords)),
            .el("h2", [], [.txt(t.pick(vi: "Đang chờ chuyên gia trả lời", en: "Waiting for an expert"))]),
            DataTable.view(headers: [t(.auditTime), t.pick(vi: "Chuyên gia", en: "Expert"), t.pick(vi: "Câu hỏi", en: "Question")],
                           rows: waiting, empty: t(.noRecords)),
            .el("h2", [], [.txt(t.pick(vi: "Chuyển tiếp chưa được xác nhận", en: "Hand-offs not yet acknowledged"))]),
            DataTable.view(headers: [t.pick(vi: "Nơi nhận", en: "To"), t(.status), t.pick(vi: "Ghi chú", en: "Note")],
                           rows: handoffs, empty: t(.noRecords))
        )
    }
}
