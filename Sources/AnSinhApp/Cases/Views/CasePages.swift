import AnSinhCore
import Plot
import Vapor

/// A list of cases: number, person, type, state, the current step's deadline and time left.
enum CaseListPage {
    struct Row {
        let c: CaseFile
        let personName: String
    }

    static func view(title: String, rows: [Row], now: Date, filters: BodyNode, _ req: Request) -> BodyNode {
        let t = req.t
        let body: [BodyNode] = rows.map { r in
            let due = r.c.currentDueAt
            return .el("tr", [.cls(due.map { $0 < now } == true ? "overdue" : "")], [
                .el("td", [], [.link(.caseShow(r.c.id!), r.c.number)]),
                .el("td", [], [.txt(r.personName)]),
                .el("td", [], [.txt(t.caseType(r.c.type))]),
                .el("td", [], [.txt(t.caseState(r.c.state))]),
                .el("td", [], [.txt(due.map { CasePage.timeLeft($0, now: now, t) } ?? "")]),
            ])
        }
        return .group(
            .el("h1", [], [.txt(title)]),
            filters,
            DataTable.view(headers: [t.pick(vi: "Số hồ sơ", en: "Case"), t.pick(vi: "Đối tượng", en: "Person"), t.pick(vi: "Loại", en: "Type"),
                                     t(.status), t.pick(vi: "Hạn bước hiện tại", en: "Current step due")],
                           rows: body, empty: t(.noRecords))
        )
    }
}

/// One case: its facts, the time left on the current step, its history, and the moves open to the user.
enum CasePage {
    struct Model {
        let c: CaseFile
        let person: Person
        let groups: [String]
        let transitions: [(CaseTransition, String)]
        let assignee: String?
        let moves: [CaseState]
        let canApprove: Bool
        var errors = FieldErrors()
        var typedReason = ""
    }

    /// "còn 3 giờ", "quá hạn 2 ngày".
    static func timeLeft(_ due: Date, now: Date, _ t: Localizer) -> String {
        let seconds = due.timeIntervalSince(now)
        let hours = Int(abs(seconds) / 3600)
        let amount = hours >= 48 ? t.pick(vi: "\(hours / 24) ngày", en: "\(hours / 24) days") : t.pick(vi: "\(hours) giờ", en: "\(hours) hours")
        let when = VNFormat.dateTime(due)
        return seconds >= 0 ? t.pick(vi: "\(when) (còn \(amount))", en: "\(when) (\(amount) left)")
            : t.pick(vi: "\(when) (quá hạn \(amount))", en: "\(when) (overdue by \(amount))")
    }

    static func view(_ m: Model, now: Date, _ req: Request) -> BodyNode {
        let t = req.t
        let c = m.c
        func fact(_ label: String, _ value: String, id: String? = nil) -> [BodyNode] {
            [.el("dt", [], [.txt(label)]), .el("dd", id.map { [.id($0)] } ?? [], [.txt(value.isEmpty ? "—" : value)])]
        }
        let history: [BodyNode] = m.transitions.map { tr, who in
            .el("tr", [], [
                .el("td", [], [.txt(VNFormat.dateTime(tr.at))]),
                .el("td", [], [.txt(t.caseState(tr.toState))]),
                .el("td", [], [.txt(who)]),
                .el("td", [], [.txt(tr.reason ?? "")]),
            ])
        }
        let moveButtons: [BodyNode] = m.moves.map { to in
            .el("button", [.type("submit"), .name("to"), .value(to.rawValue), .cls(to == .closed ? "button-secondary" : "")],
                [.txt(t.caseState(to))])
        }
        return .group(
            .el("h1", [], [.txt(c.number + " · " + m.person.fullName)]),
            c.restricted ? .el("p", [.cls("flash warning")], [.txt(t.pick(vi: "Hồ sơ hạn chế: chỉ nhóm phụ trách, giám sát viên và giám đốc xem được.",
                                                                           en: "Restricted: only the case team, supervisors and the director can see it."))]) : .empty,
            .el("dl", [.cls("facts")],
                fact(t.pick(vi: "Bước hiện tại", en: "Current step"), t.caseState(c.state), id: "case-state")
                + fact(t.pick(vi: "Hạn bước hiện tại", en: "Current step due"), c.currentDueAt.map { timeLeft($0, now: now, t) } ?? "", id: "case-due")
                + fact(t.pick(vi: "Loại", en: "Type"), t.caseType(c.type))
                + fact(t.pick(vi: "Nguồn", en: "Source"), t.caseSource(c.source))
                + fact(t.pick(vi: "Tiếp nhận lúc", en: "Received"), VNFormat.dateTime(c.receivedAt))
                + fact(t.pick(vi: "Nhóm đối tượng", en: "Client groups"),
                       m.groups.map { ClientGroup(rawValue: $0).map(t.clientGroup) ?? $0 }.joined(separator: "; "))
                + fact(t.pick(vi: "Cấp độ bảo vệ", en: "Protection level"), c.protectionLevel.map(t.protectionLevel) ?? "")
                + fact(t.pick(vi: "Mức độ nguy cơ", en: "Risk level"), c.riskLevel.map(t.riskLevel) ?? "")
                + fact(t.pick(vi: "Người phụ trách", en: "Case worker"), m.assignee ?? "")
                + fact(t.pick(vi: "Kết thúc", en: "Closure"), c.closureReason.map(t.closureReason) ?? "")),
            .el("p", [], [.link(.person(m.person.id!), t.pick(vi: "Hồ sơ đối tượng", en: "Person record"))]),
            m.moves.isEmpty ? .empty : .el("form", [.id("case-move"), .action(.caseMove(c.id!)), .postMethod], [
                Layout.csrfField(req),
                FormField.hidden("version", value: String(c.version)),
                FormField.summary(m.errors, t),
                .el("h2", [], [.txt(t.pick(vi: "Chuyển bước", en: "Move the case"))]),
                FormField.text("reason", label: t.pick(vi: "Lý do, ghi chú", en: "Reason, note"), value: m.typedReason, errors: m.errors,
                               hint: t.pick(vi: "Bắt buộc khi mở lại hoặc quay lại bước trước.", en: "Required to reopen or go back a step.")),
                m.moves.contains(.closed)
                    ? FormField.select("closureReason", label: t.pick(vi: "Lý do kết thúc", en: "Closure reason"),
                                       options: ClosureReason.allCases.map { ($0.rawValue, t.closureReason($0)) }, selected: nil,
                                       errors: m.errors, placeholder: "—")
                    : .empty,
                .el("div", [.cls("button-row")], moveButtons),
            ]),
            .el("h2", [], [.txt(t.pick(vi: "Lịch sử", en: "History"))]),
            DataTable.view(headers: [t(.auditTime), t.pick(vi: "Bước", en: "Step"), t.pick(vi: "Người thực hiện", en: "By"),
                                     t.pick(vi: "Lý do", en: "Reason")], rows: history, empty: t(.noRecords))
        )
    }
}

/// Opening a case for a person.
enum CaseNewPage {
    struct Model {
        let person: Person
        var type = CaseType.childProtection.rawValue
        var source = CaseSource.walkIn.rawValue
        var receivedAt: String
        var groups: [String] = []
        var restricted = false
        var summary = ""
        var errors = FieldErrors()
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let groupBoxes: [BodyNode] = ClientGroup.allCases.map { g in
            .el("label", [.cls("check")], [
                .void("input", [.type("checkbox"), .name("clientGroups[]"), .value(g.rawValue)] + (m.groups.contains(g.rawValue) ? [.checked] : [])),
                .txt(" " + t.clientGroup(g)),
            ])
        }
        return .group(
            .el("h1", [], [.txt(t.pick(vi: "Mở hồ sơ trường hợp", en: "Open a case") + " · " + m.person.fullName)]),
            FormField.summary(m.errors, t),
            .el("form", [.id("case-form"), .action(.cases), .postMethod], [
                Layout.csrfField(req),
                FormField.hidden("personId", value: m.person.id!.uuidString),
                .el("div", [.cls("intake-row")], [
                    FormField.select("type", label: t.pick(vi: "Loại", en: "Type"), options: CaseType.allCases.map { ($0.rawValue, t.caseType($0)) },
                                     selected: m.type, errors: m.errors),
                    FormField.select("source", label: t.pick(vi: "Nguồn", en: "Source"), options: CaseSource.allCases.map { ($0.rawValue, t.caseSource($0)) },
                                     selected: m.source, errors: m.errors),
                    FormField.text("receivedAt", label: t.pick(vi: "Tiếp nhận lúc", en: "Received"), value: m.receivedAt, errors: m.errors,
                                   type: "datetime-local", required: true),
                ]),
                .el("fieldset", [.cls("checks"), .id("clientGroups")], [
                    .el("legend", [], [.txt(t.pick(vi: "Nhóm đối tượng", en: "Client groups"))]),
                    m.errors["clientGroups"].map { .el("p", [.id("clientGroups-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
                ] + groupBoxes),
                .el("label", [.cls("check")], [
                    .void("input", [.type("checkbox"), .name("restricted"), .value("1")] + (m.restricted ? [.checked] : [])),
                    .txt(" " + t.pick(vi: "Hạn chế xem (ví dụ xâm hại tình dục)", en: "Restricted (e.g. sexual abuse)")),
                ]),
                .el("div", [.cls("field")], [
                    .el("label", [.for("summary")], [.txt(t.pick(vi: "Tóm tắt", en: "Summary"))]),
                    .el("textarea", [.id("summary"), .name("summary"), Attr("rows", "3"), Attr("maxlength", "4000")], [.txt(m.summary)]),
                ]),
                FormField.submit(t.pick(vi: "Mở hồ sơ", en: "Open the case")),
            ])
        )
    }
}
