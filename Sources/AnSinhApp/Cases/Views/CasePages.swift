import AnSinhCore
import Plot
import Vapor

/// A list of cases: number, person, type, state, the current step's deadline and time left.
enum CaseListPage {
    struct Row {
        let c: CaseFile
        let personName: String
        var unitName = ""
        var workerName = ""
    }

    /// The filter form's options and what the user chose (kept as typed in the query).
    struct Filter {
        static let names = ["state", "type", "clientGroup", "risk", "unit", "assignedTo", "overdue", "from", "to"]
        var all: Bool
        var values: [String: String] = [:]
        var units: [(value: String, label: String)] = []
        var workers: [(value: String, label: String)] = []
        var groups: [(code: String, label: String)] = []
    }

    static func view(title: String, rows: [Row], now: Date, filter: Filter, next: String?, _ t: Localizer) -> BodyNode {
        let body: [BodyNode] = rows.map { r in
            let due = r.c.currentDueAt
            return .el("tr", [.cls(due.map { $0 < now } == true ? "overdue" : "")], [
                .el("td", [], [.link(.caseShow(r.c.id!), r.c.number)]),
                .el("td", [], [.txt(r.personName)]),
                .el("td", [], [.txt(t.caseType(r.c.type))]),
                .el("td", [], [.txt(t.caseState(r.c.state))]),
                .el("td", [], [.txt(r.c.riskLevel.map(t.riskLevel) ?? "")]),
                .el("td", [], [.txt(r.workerName)]),
                .el("td", [], [.txt(r.unitName)]),
                .el("td", [], [.txt(due.map { CasePage.timeLeft($0, now: now, t) } ?? "")]),
            ])
        }
        return .group(
            .el("h1", [], [.txt(title)]),
            .el("p", [.cls("form-actions")], [
                .link(.cases, t.pick(vi: "Hồ sơ của tôi", en: "My cases")),
                .el("a", [.hrefRaw(SiteURL.cases.path + "?all=1")], [.txt(t.pick(vi: "Tất cả hồ sơ", en: "All cases"))]),
                .el("a", [.hrefRaw(SiteURL.cases.path + "?all=1&overdue=1"), .id("overdue-cases")], [.txt(t.pick(vi: "Quá hạn", en: "Overdue"))]),
            ]),
            filter.all ? form(filter, t) : .empty,
            DataTable.view(headers: [t.pick(vi: "Số hồ sơ", en: "Case"), t.pick(vi: "Đối tượng", en: "Person"), t.pick(vi: "Loại", en: "Type"),
                                     t(.status), t.pick(vi: "Mức nguy cơ", en: "Risk"), t.pick(vi: "Cán bộ phụ trách", en: "Worker"),
                                     t.pick(vi: "Đơn vị", en: "Unit"), t.pick(vi: "Hạn bước hiện tại", en: "Current step due")],
                           rows: body, empty: t(.noRecords)),
            next.map { .el("nav", [.cls("pager"), .aria("label", t(.next))], [.el("a", [.hrefRaw($0), .id("next-page")], [.txt(t(.next))])]) } ?? .empty
        )
    }

    /// "All cases" filtered by what a supervisor looks for: a unit, a worker, the state, type,
    /// client group, risk, the overdue ones and the dates of receipt.
    private static func form(_ f: Filter, _ t: Localizer) -> BodyNode {
        let none = FieldErrors()
        func value(_ name: String) -> String { f.values[name] ?? "" }
        // Folded until a filter is chosen: on a phone the nine fields would push the list a
        // screen down.
        let chosen = Filter.names.contains { !(f.values[$0] ?? "").isEmpty }
        return .el("details", [.id("case-filter-box"), .cls("filter-box")] + (chosen ? [Attr("open", "")] : []), [
            .el("summary", [], [.txt(t.pick(vi: "Lọc hồ sơ", en: "Filter cases"))]),
            .el("form", [.id("case-filter"), .action(.cases), .getMethod, .cls("filters")], [
            FormField.hidden("all", value: "1"),
            FormField.select("unit", label: t.pick(vi: "Đơn vị", en: "Unit"), options: f.units, selected: value("unit"), errors: none, placeholder: "—"),
            FormField.select("assignedTo", label: t.pick(vi: "Cán bộ phụ trách", en: "Worker"), options: f.workers, selected: value("assignedTo"),
                             errors: none, placeholder: "—"),
            FormField.select("state", label: t(.status), options: CaseState.allCases.map { ($0.rawValue, t.caseState($0)) },
                             selected: value("state"), errors: none, placeholder: "—"),
            FormField.select("type", label: t.pick(vi: "Loại", en: "Type"), options: CaseType.allCases.map { ($0.rawValue, t.caseType($0)) },
                             selected: value("type"), errors: none, placeholder: "—"),
            FormField.select("clientGroup", label: t.pick(vi: "Nhóm đối tượng", en: "Client group"), options: f.groups.map { ($0.code, $0.label) },
                             selected: value("clientGroup"), errors: none, placeholder: "—"),
            FormField.select("risk", label: t.pick(vi: "Mức nguy cơ", en: "Risk"), options: RiskLevel.allCases.reversed().map { ($0.rawValue, t.riskLevel($0)) },
                             selected: value("risk"), errors: none, placeholder: "—"),
            FormField.select("overdue", label: t.pick(vi: "Quá hạn", en: "Overdue"), options: [("1", t.pick(vi: "Chỉ hồ sơ quá hạn", en: "Overdue only"))],
                             selected: value("overdue"), errors: none, placeholder: "—"),
            FormField.text("from", label: t.pick(vi: "Tiếp nhận từ ngày", en: "Received from"), value: value("from"), errors: none, type: "date"),
            FormField.text("to", label: t.pick(vi: "đến ngày", en: "to"), value: value("to"), errors: none, type: "date"),
            .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
        ])
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
        var notes: [CaseNote] = []
        var assessments: [CaseWork.AssessmentOutput] = []
        var plans: [CaseWork.PlanOutput] = []
        var attachments: [CaseAttachment] = []
        var latestRisk: CaseAssessment?
        var userID: UUID?
        var participants: [CaseTeam.ParticipantOutput] = []
        /// Whether the user may open the hotline call the case came from.
        var mayOpenCall = false
        /// Labels of every client group code, the center's included.
        var groupLabels: [String: String] = [:]
        var team: [User] = []
        var pendingTransfer: CaseTransfer?
        /// Set for supervisors and the director, who assign, build the team and transfer.
        var eligibleWorkers: [User] = []
        var transferUnits: [OrgUnit] = []
        var disclosures: [CaseDisclosure] = []
        /// Whether the person's consent to sharing with partners is in force today.
        var sharingConsentInForce = false
        /// Today, `YYYY-MM-DD` in Vietnam: the default date of the page's forms.
        var today = ""
    }

    /// What the user typed in the form posted to `action`, when the page comes back after that
    /// form was refused; nil otherwise (each form then shows its defaults).
    static func typed(_ req: Request, _ action: SiteURL, _ name: String) -> String? {
        guard req.method == .POST, req.url.path == action.path else { return nil }
        return req.formValue(name)
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
        // A high risk found by the assessment proposes the emergency intervention.
        let proposeEmergency = c.riskLevel == .high && m.moves.contains(.emergencyIntervention)
        let moveButtons: [BodyNode] = m.moves.map { to in
            var attrs: [Attr] = [.type("submit"), .name("to"), .value(to.rawValue),
                                 .cls(to == .closed ? "button-secondary" : to == .emergencyIntervention && proposeEmergency ? "primary" : "")]
            if !CaseWorkflow.isUndoable(from: c.state, to: to) {
                attrs.append(Attr("data-confirm", to == .closed
                    ? t.pick(vi: "Kết thúc hồ sơ \(c.number)? Muốn làm tiếp phải mở lại hồ sơ, có ghi lý do.",
                             en: "Close case \(c.number)? Working on it again means reopening it, with a reason.")
                    : t.pick(vi: "Chuyển sang bước \"\(t.caseState(to))\"? Bước này không quay lại được.",
                             en: "Move to \"\(t.caseState(to))\"? This step cannot be taken back.")))
            }
            return .el("button", attrs, [.txt(t.caseState(to))])
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
                + fact(t.pick(vi: "Nhóm đối tượng", en: "Client groups"), m.groups.map { m.groupLabels[$0] ?? $0 }.joined(separator: "; "))
                + fact(t.pick(vi: "Cấp độ bảo vệ", en: "Protection level"), c.protectionLevel.map(t.protectionLevel) ?? "")
                + fact(t.pick(vi: "Mức độ nguy cơ", en: "Risk level"), c.riskLevel.map(t.riskLevel) ?? "")
                + fact(t.pick(vi: "Người phụ trách", en: "Case worker"), m.assignee ?? "")
                + fact(t.pick(vi: "Kết thúc", en: "Closure"), c.closureReason.map(t.closureReason) ?? "")),
            .el("p", [.cls("form-actions")], [
                .link(.person(m.person.id!), t.pick(vi: "Hồ sơ đối tượng", en: "Person record")),
                .link(.caseEdit(c.id!), t.pick(vi: "Sửa thông tin hồ sơ", en: "Edit the case"), [.id("edit-case")]),
                c.sourceCallID.map { call in
                    m.mayOpenCall ? .link(.hotlineCall(call), t.pick(vi: "Cuộc gọi nguồn", en: "Source call"), [.id("source-call")])
                        : .txt(t.pick(vi: "Mở từ một cuộc gọi đường dây nóng", en: "Opened from a hotline call"))
                } ?? .empty,
            ]),
            m.moves.isEmpty ? .empty : .el("form", [.id("case-move"), .action(.caseMove(c.id!)), .postMethod], [
                Layout.csrfField(req),
                FormField.hidden("version", value: String(c.version)),
                FormField.summary(m.errors, t),
                .el("h2", [], [.txt(t.pick(vi: "Chuyển bước", en: "Move the case"))]),
                FormField.text("reason", label: t.pick(vi: "Lý do, ghi chú", en: "Reason, note"), value: m.typedReason, errors: m.errors,
                               hint: t.pick(vi: "Bắt buộc khi mở lại hoặc quay lại bước trước.", en: "Required to reopen or go back a step.")),
                m.moves.contains(.closed)
                    ? FormField.select("closureReason", label: t.pick(vi: "Lý do kết thúc", en: "Closure reason"),
                                       options: ClosureReason.allCases.map { ($0.rawValue, t.closureReason($0)) },
                                       selected: typed(req, .caseMove(c.id!), "closureReason"),
                                       errors: m.errors, placeholder: "—")
                    : .empty,
                proposeEmergency ? .el("p", [.id("emergency-proposed"), .cls("flash warning")], [.txt(t.pick(
                    vi: "Đánh giá nguy cơ: cao. Đề xuất chuyển sang bước \"\(t.caseState(.emergencyIntervention))\".",
                    en: "Risk assessed as high: the emergency intervention is proposed."))]) : .empty,
                .el("div", [.cls("button-row")], moveButtons),
            ]),
            participantsSection(m, req),
            teamSection(m, req),
            assessmentsSection(m, req),
            planSection(m, req),
            notesSection(m, req),
            disclosuresSection(m, req),
            attachmentsSection(m, req),
            .el("h2", [], [.txt(t.pick(vi: "Lịch sử", en: "History"))]),
            DataTable.view(headers: [t(.auditTime), t.pick(vi: "Bước", en: "Step"), t.pick(vi: "Người thực hiện", en: "By"),
                                     t.pick(vi: "Lý do", en: "Reason")], rows: history, empty: t(.noRecords))
        )
    }
}

extension CasePage {
    /// Plan versions; the one waiting can be approved or returned by someone who did not write it.
    static func planSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let items: [BodyNode] = m.plans.reversed().map { p in
            let waiting = p.status == "submitted"
            return .el("li", [.cls("plan-version")], [
                .el("strong", [], [.txt(t.pick(vi: "Phiên bản \(p.versionNo)", en: "Version \(p.versionNo)") + " · " + planStatus(p.status, t))]),
                .el("ul", [], p.goals.map { g in
                    .el("li", [], [.txt(g.goal), .el("ul", [], g.actions.map { a in
                        .el("li", [], [.txt([a.what, a.who, a.due.map { LocalDate(iso: $0)?.description ?? $0 } ?? ""].filter { !$0.isEmpty }.joined(separator: " · "))])
                    })])
                }),
                p.decisionComment.map { .el("p", [], [.txt(t.pick(vi: "Ý kiến: ", en: "Comment: ") + $0)]) } ?? .empty,
                waiting && m.canApprove && p.author != m.userID
                    ? .el("form", [.action(.casePlanDecision(m.c.id!, p.id)), .postMethod, .cls("inline")], [
                        Layout.csrfField(req), FormField.hidden("version", value: String(m.c.version)),
                        // A refused or stale decision comes back with the comment as typed.
                        FormField.text("comment", label: t.pick(vi: "Ý kiến", en: "Comment"),
                                       value: typed(req, .casePlanDecision(m.c.id!, p.id), "comment") ?? "", errors: m.errors),
                        .el("button", [.type("submit"), .name("approve"), .value("1"), .id("approve-plan")], [.txt(t.pick(vi: "Phê duyệt", en: "Approve"))]),
                        .el("button", [.type("submit"), .name("approve"), .value("0"), .cls("button-secondary")], [.txt(t.pick(vi: "Trả lại", en: "Return"))]),
                    ])
                    : .empty,
            ])
        }
        let canSubmit = [.planning, .planApproved, .inProgress, .review].contains(m.c.state)
        return .group(
            .el("h2", [.id("plan")], [.txt(t.pick(vi: "Kế hoạch hỗ trợ, can thiệp", en: "Support and intervention plan"))]),
            items.isEmpty ? .el("p", [.cls("muted")], [.txt(t(.noRecords))]) : .el("ol", [.cls("plans")], items),
            canSubmit ? planForm(m, req) : .empty
        )
    }

    /// The plan form: each goal with rows of action, who, due date. It opens with the current
    /// version (the one waiting, else the one approved), so a revision starts from it; after a
    /// refusal, with what was typed.
    static func planForm(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let posted = req.method == .POST && req.url.path == SiteURL.casePlan(m.c.id!).path
        let current = m.plans.last { $0.status == "submitted" } ?? m.plans.last { $0.status == "approved" }
        let form = posted ? PlanForm(from: req) : PlanForm(current?.goals ?? [])
        let who = Array(Set([m.assignee].compactMap { $0 } + m.team.map(\.fullName))).sorted()
            + [t.pick(vi: "Gia đình", en: "The family"), t.pick(vi: "Đối tượng", en: "The person"), t.pick(vi: "UBND xã, phường", en: "Commune People's Committee"),
               t.pick(vi: "Nhà trường", en: "The school"), t.pick(vi: "Trạm y tế", en: "Health station"), t.pick(vi: "Công an xã, phường", en: "Commune police")]
        let goals: [BodyNode] = form.shown.enumerated().map { i, goal in
            .el("fieldset", [.cls("plan-goal"), Attr("data-goal", String(i))], [
                .el("legend", [], [.txt(t.pick(vi: "Mục tiêu \(i + 1)", en: "Goal \(i + 1)"))]),
                FormField.text("goal-\(i)", label: t.pick(vi: "Mục tiêu", en: "Goal"), value: goal.text, errors: m.errors, extra: [Attr("maxlength", "500")]),
                .el("table", [.cls("plan-actions")], [
                    .el("thead", [], [.el("tr", [], [
                        .el("th", [], [.txt(t.pick(vi: "Hoạt động", en: "Action"))]),
                        .el("th", [], [.txt(t.pick(vi: "Người thực hiện", en: "Who"))]),
                        .el("th", [], [.txt(t.pick(vi: "Hạn (ngày/tháng/năm)", en: "Due (dd/mm/yyyy)"))]),
                        .el("th", [], []),
                    ])]),
                    .el("tbody", [], goal.rows.enumerated().map { j, row in
                        .el("tr", [.cls("plan-action")], [
                            .el("td", [], [FormField.text("what-\(i)-\(j)", label: t.pick(vi: "Hoạt động", en: "Action"), value: row.what, errors: m.errors,
                                                          extra: [Attr("maxlength", "500")])]),
                            .el("td", [], [FormField.text("who-\(i)-\(j)", label: t.pick(vi: "Người thực hiện", en: "Who"), value: row.who, errors: m.errors,
                                                          extra: [Attr("maxlength", "200"), Attr("list", "plan-who")])]),
                            .el("td", [], [FormField.text("due-\(i)-\(j)", label: t.pick(vi: "Hạn", en: "Due"), value: row.due, errors: m.errors,
                                                          extra: [Attr("maxlength", "10"), Attr("placeholder", "dd/mm/yyyy"), Attr("inputmode", "numeric"),
                                                                  Attr("autocomplete", "off")])]),
                            .el("td", [], [.el("button", [.type("button"), .cls("remove-row link-button"), Attr("hidden", "")],
                                                [.txt(t.pick(vi: "Xoá", en: "Remove"))])]),
                        ])
                    }),
                ]),
                .el("button", [.type("button"), .cls("add-action button-secondary"), Attr("hidden", "")], [.txt(t.pick(vi: "+ Thêm hoạt động", en: "+ Add an action"))]),
            ])
        }
        return .el("form", [.id("plan-form"), .action(.casePlan(m.c.id!)), .postMethod, .cls("plan-form"),
                            Attr("data-max-goals", String(PlanForm.maxGoals)), Attr("data-max-actions", String(PlanForm.maxActions))], [
            Layout.csrfField(req), FormField.hidden("version", value: String(m.c.version)),
            .el("p", [.id("plan-hint"), .cls("hint")], [.txt(current == nil
                ? t.pick(vi: "Mỗi mục tiêu có các hoạt động, người thực hiện và hạn. Dòng để trống được bỏ qua.",
                         en: "Each goal has its actions, who does them and by when. Empty rows are left out.")
                : t.pick(vi: "Bản sửa bắt đầu từ phiên bản \(current!.versionNo); sửa, thêm hoặc xoá dòng rồi trình duyệt.",
                         en: "The revision starts from version \(current!.versionNo); change, add or remove rows, then submit."))]),
            m.errors["goals"].map { .el("p", [.id("goals-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
            .group(goals),
            .el("button", [.type("button"), .id("add-goal"), .cls("button-secondary"), Attr("hidden", "")], [.txt(t.pick(vi: "+ Thêm mục tiêu", en: "+ Add a goal"))]),
            .el("datalist", [.id("plan-who")], who.map { .el("option", [.value($0)], []) }),
            m.c.state == .planning ? .empty : FormField.text("reason", label: t.pick(vi: "Lý do sửa kế hoạch", en: "Why the plan changes"),
                                                             value: typed(req, .casePlan(m.c.id!), "reason"), errors: m.errors),
            FormField.submit(t.pick(vi: "Trình duyệt kế hoạch", en: "Submit the plan")),
        ])
    }

    static func planStatus(_ s: String, _ t: Localizer) -> String {
        switch CasePlan.Status(rawValue: s) {
        case .submitted: t.pick(vi: "chờ duyệt", en: "waiting for approval")
        case .approved: t.pick(vi: "đã duyệt", en: "approved")
        case .returned: t.pick(vi: "bị trả lại", en: "returned")
        case .superseded: t.pick(vi: "đã thay thế", en: "superseded")
        case nil: s
        }
    }

    static func notesSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        func typed(_ name: String) -> String? { CasePage.typed(req, .caseNote(m.c.id!), name) }
        let rows: [BodyNode] = m.notes.map { n in
            .el("tr", [], [
                .el("td", [], [.txt(LocalDate(iso: n.onDate)?.description ?? n.onDate)]),
                .el("td", [], [.txt(contactKind(n.kind, t))]),
                .el("td", [], [.txt(n.narrative)]),
                .el("td", [], [.txt([n.nextStep, n.followUpOn.flatMap(LocalDate.init(iso:)).map { t.pick(vi: "hẹn \($0)", en: "follow up \($0)") }]
                    .compactMap { $0 }.joined(separator: " · "))]),
            ])
        }
        return .group(
            .el("h2", [.id("notes")], [.txt(t.pick(vi: "Ghi chép liên hệ", en: "Contact notes"))]),
            DataTable.view(headers: [t.pick(vi: "Ngày", en: "Date"), t.pick(vi: "Hình thức", en: "Kind"), t.pick(vi: "Nội dung", en: "Narrative"),
                                     t.pick(vi: "Bước tiếp theo", en: "Next step")], rows: rows, empty: t(.noRecords)),
            .el("form", [.id("note-form"), .action(.caseNote(m.c.id!)), .postMethod], [
                Layout.csrfField(req),
                .el("div", [.cls("intake-row")], [
                    FormField.select("kind", label: t.pick(vi: "Hình thức", en: "Kind"), options: ContactKind.allCases.map { ($0.rawValue, contactKind($0, t)) },
                                     selected: typed("kind"), errors: m.errors),
                    FormField.text("date", label: t.pick(vi: "Ngày", en: "Date"), value: typed("date") ?? m.today, errors: m.errors, type: "date"),
                    FormField.text("followUpOn", label: t.pick(vi: "Hẹn theo dõi", en: "Follow up on"), value: typed("followUpOn"), errors: m.errors, type: "date"),
                ]),
                .el("div", [.cls("field")], [
                    .el("label", [.for("narrative")], [.txt(t.pick(vi: "Nội dung", en: "Narrative"))]),
                    m.errors["narrative"].map { .el("p", [.id("narrative-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
                    .el("textarea", [.id("narrative"), .name("narrative"), Attr("rows", "3"), Attr("maxlength", "8000")], [.txt(typed("narrative") ?? "")]),
                ]),
                FormField.text("nextStep", label: t.pick(vi: "Bước tiếp theo", en: "Next step"), value: typed("nextStep"), errors: m.errors),
                FormField.submit(t.pick(vi: "Thêm ghi chép", en: "Add the note")),
            ])
        )
    }

    static func contactKind(_ k: ContactKind, _ t: Localizer) -> String {
        switch k {
        case .homeVisit: t.pick(vi: "Thăm nhà", en: "Home visit")
        case .phone: t.pick(vi: "Điện thoại", en: "Phone")
        case .officeMeeting: t.pick(vi: "Gặp tại văn phòng", en: "Office meeting")
        case .schoolVisit: t.pick(vi: "Đến trường", en: "School visit")
        case .other: t.pick(vi: "Khác", en: "Other")
        }
    }

    static func attachmentsSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let rows: [BodyNode] = m.attachments.map { a in
            .el("li", [], [.link(.caseAttachment(m.c.id!, a.id!), a.filename), .txt(" (\(VNFormat.number(a.size)) B)")])
        }
        return .group(
            .el("h2", [.id("attachments")], [.txt(t.pick(vi: "Tài liệu đính kèm", en: "Attachments"))]),
            rows.isEmpty ? .el("p", [.cls("muted")], [.txt(t(.noRecords))]) : .el("ul", [], rows),
            .el("form", [.id("attachment-form"), .action(.caseAttachmentUpload(m.c.id!)), .postMethod, Attr("enctype", "multipart/form-data")], [
                Layout.csrfField(req),
                .el("div", [.cls("field")], [
                    .el("label", [.for("file")], [.txt(t.pick(vi: "Tệp PDF, JPEG hoặc PNG (tối đa 10 MB)", en: "A PDF, JPEG or PNG file (10 MB at most)"))]),
                    m.errors["file"].map { .el("p", [.id("file-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
                    .void("input", [.id("file"), .name("file"), .type("file"), Attr("accept", "application/pdf,image/jpeg,image/png")]),
                ]),
                FormField.submit(t.pick(vi: "Tải lên", en: "Upload")),
            ])
        )
    }
}
