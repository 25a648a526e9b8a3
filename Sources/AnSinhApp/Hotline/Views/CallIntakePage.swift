import AnSinhCore
import Plot
import Vapor

/// The intake screen: one-click non-counselling kinds (Alt+1…7), the counselling form with
/// topics found by typing with or without tone marks, a timer, and a draft kept in the
/// browser (`app.js`) so that a reload loses nothing.
enum CallIntakePage {
    struct Model {
        var form: CallForm
        var errors = FieldErrors()
        var lines: [HotlineLine]
        var topics: [HotlineTopic]
        var provinces: [AddressDirectory.Place]
        var justSaved = false
        /// The call saved just before, on the new-call screen.
        var saved: SavedCallNotice?
        /// A saved counselling call about to become this other kind: asked before it is saved.
        var confirmKind: CallKind?
        /// Set when the form shows a stored call: it saves to that call, with its version.
        var editing: Editing?
    }

    struct Editing {
        let id: UUID
        let version: Int
        let incomplete: Bool
        /// Shown above the form after a save lost a race with someone else's.
        var conflict: BodyNode?
        /// The person record the call is linked to (id, name), if any.
        var person: (id: UUID, name: String)?
        /// Cases opened from the call (id, number), and whether the user may open one.
        var cases: [(id: UUID, number: String)] = []
        var mayOpenCase = false
        var casesLabel = ""
        var openCaseLabel = ""
    }

    static func title(_ m: Model, _ t: Localizer) -> String {
        guard let editing = m.editing else { return t.pick(vi: "Ghi nhận cuộc gọi", en: "Log a call") }
        return editing.incomplete ? t.pick(vi: "Hoàn thiện cuộc gọi", en: "Complete the call")
            : t.pick(vi: "Sửa cuộc gọi", en: "Edit the call")
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let f = m.form
        func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ label: (T) -> String) -> [(value: String, label: String)] where T.RawValue == String {
            T.allCases.map { ($0.rawValue, label($0)) }
        }
        // Alt+digit saves at once on the new-call screen and on a call the telephone system
        // logged; on a saved call a kind is a change to confirm, never a shortcut.
        let shortcuts = m.editing.map(\.incomplete) ?? true
        let nonCounselling: [BodyNode] = CallKind.nonCounselling.map { kind in
            let key = shortcuts ? Localizer.shortcut(kind) : nil
            return .el("button", [.type("submit"), .name("kind"), .value(kind.rawValue), Attr("formnovalidate")]
                        + (key.map { [Attr("data-shortcut", $0)] } ?? []),
                       [.txt(t.callKind(kind)), key.map { .el("kbd", [], [.txt("Alt+" + $0)]) } ?? .empty])
        }
        // A suggestion fills the box with the topic's name, never its code (the server maps it).
        let names = TopicNames(m.topics, t)
        let groupLabels = Dictionary(m.topics.filter { $0.parentCode == nil }.map { ($0.id!, t.pick(vi: $0.labelVI, en: $0.labelEN)) },
                                     uniquingKeysWith: { a, _ in a })
        let topicOptions: [BodyNode] = m.topics.filter { !$0.retired && $0.parentCode != nil }.map { topic in
            .el("option", [.value(names.name(topic.id!)), Attr("label", topic.parentCode.flatMap { groupLabels[$0] } ?? ""),
                           Attr("data-fold", VietnameseText.fold(topic.labelVI + " " + topic.labelEN))], [])
        }
        let topicFields: [BodyNode] = (0..<3).map { i in
            FormField.text("topic\(i + 1)", label: t.pick(vi: "Chủ đề \(i + 1)", en: "Topic \(i + 1)") + (i == 0 ? t.pick(vi: " (chính)", en: " (primary)") : ""),
                           value: f.topics[i], errors: m.errors,
                           hint: i == 0 ? t.pick(vi: "Gõ vài chữ, có dấu hoặc không: \"binh dang\".", en: "Type a few letters, tone marks optional.") : nil,
                           autocomplete: "off", extra: [Attr("list", "topic-options"), Attr("data-topic-search")])
        }
        let actionBoxes: [BodyNode] = CallAction.allCases.map { a in
            .el("label", [.cls("check")], [
                .void("input", [.type("checkbox"), .name("actions[]"), .value(a.rawValue)] + (f.actions.contains(a.rawValue) ? [.checked] : [])),
                .txt(" " + t.action(a)),
            ])
        }
        // Built apart: the one expression below is already near what the type checker takes.
        let savedCall: BodyNode = m.saved.map { savedNotice($0, req) } ?? .empty
        let confirmation: BodyNode = m.confirmKind.map { confirmKindChange($0, t) } ?? .empty
        let lineOptions: [(value: String, label: String)] = m.lines.map { ($0.number, "\($0.number) · \($0.name)") }
        return .group(
            .el("h1", [], [.txt(title(m, t)),
                           m.editing == nil ? .el("span", [.id("call-timer"), .cls("timer"), Attr("aria-live", "off")], []) : .empty]),
            m.editing?.incomplete == true
                ? .el("p", [.cls("hint")], [.txt(t.pick(vi: "Cuộc gọi do tổng đài tự ghi: chọn loại cuộc gọi và điền phần còn thiếu.",
                                                       en: "Logged by the telephone system: choose the kind of call and fill in the rest."))])
                : .empty,
            m.editing?.conflict ?? .empty,
            m.editing.map { e in
                .el("p", [.id("call-person")], e.person.map { p in
                    [.txt(t.pick(vi: "Hồ sơ đối tượng: ", en: "Person record: ")), .link(.person(p.id), p.name)]
                } ?? [.el("a", [.hrefRaw(SiteURL.people.path + "?linkCall=" + e.id.uuidString.lowercased()), .id("link-person")],
                        [.txt(t.pick(vi: "Tìm và liên kết hồ sơ đối tượng", en: "Find and link a person record"))])])
            } ?? .empty,
            m.editing.map(casesLine) ?? .empty,
            m.justSaved ? .el("div", [.cls("flash success"), Attr("role", "status"), Attr("data-draft-saved")],
                              [.txt(t.pick(vi: "Đã lưu cuộc gọi.", en: "Call saved."))]) : .empty,
            savedCall,
            FormField.summary(m.errors, t),
            .el("div", [.id("repeat-caller"), .cls("flash info"), Attr("hidden"), Attr("role", "status")], []),
            .el("form", [.id("call-form"), .action(m.editing.map { .hotlineCall($0.id) } ?? .hotlineCalls), .postMethod, .cls("intake"),
                         // The browser's own form history would offer one caller's words to the next user.
                         Attr("autocomplete", "off"),
                         // A draft per form: the new-call screen's, or one per stored call.
                         Attr("data-draft", m.editing.map { "call-\($0.id.uuidString.lowercased())" } ?? "call-intake")], [
                Layout.csrfField(req),
                m.editing.map { FormField.hidden("version", value: String($0.version)) } ?? .empty,
                confirmation,
                // First in the form, so that Enter in a text field saves a counselling call
                // (browsers submit with the first submit button), not a one-click kind.
                .el("button", [.type("submit"), .name("kind"), .value(CallKind.counselling.rawValue), .cls("default-submit"),
                               Attr("tabindex", "-1"), .aria("hidden", "true")], [.txt(t.pick(vi: "Lưu", en: "Save"))]),
                .el("div", [.cls("intake-row")], [
                    FormField.select("line", label: t.pick(vi: "Đường dây", en: "Line"),
                                     options: lineOptions, selected: f.line, errors: m.errors, required: true),
                    FormField.select("channel", label: t.pick(vi: "Kênh", en: "Channel"), options: options(CallChannel.self, t.channel),
                                     selected: f.channel, errors: m.errors),
                    FormField.select("direction", label: t.pick(vi: "Chiều", en: "Direction"), options: options(CallDirection.self, t.direction),
                                     selected: f.direction, errors: m.errors),
                    FormField.text("started_at", label: t.pick(vi: "Bắt đầu", en: "Started"), value: f.startedAt, errors: m.errors,
                                   type: "datetime-local", required: true),
                    FormField.text("ended_at", label: t.pick(vi: "Kết thúc", en: "Ended"), value: f.endedAt, errors: m.errors, type: "datetime-local"),
                ]),
                .el("fieldset", [.cls("quick-kinds")], [
                    .el("legend", [], [.txt(t.pick(vi: "Cuộc gọi không tư vấn: lưu ngay một lần bấm", en: "Non-counselling call: saved with one click"))]),
                    .el("div", [.cls("button-row")], nonCounselling),
                ]),
                .el("fieldset", [], [
                    .el("legend", [], [.txt(t.pick(vi: "Cuộc gọi tư vấn", en: "Counselling call"))]),
                    .el("div", [.cls("intake-row")], topicFields),
                    .el("datalist", [.id("topic-options")], topicOptions),
                    .el("div", [.cls("intake-row")], [
                        FormField.text("caller_phone", label: t.pick(vi: "Số gọi đến", en: "Caller's number"), value: f.callerPhone, errors: m.errors,
                                       type: "tel", autocomplete: "off", extra: [Attr("data-repeat-check", SiteURL.apiRepeatCaller.path)]),
                        FormField.text("caller_name", label: t.pick(vi: "Tên người gọi (không bắt buộc)", en: "Caller's name (optional)"),
                                       value: f.callerName, errors: m.errors, autocomplete: "off"),
                        FormField.select("caller_sex", label: t.pick(vi: "Giới tính người gọi", en: "Caller's sex"), options: options(Sex.self, t.sex),
                                         selected: f.callerSex, errors: m.errors, placeholder: "—"),
                        FormField.select("caller_age_group", label: t.pick(vi: "Tuổi người gọi", en: "Caller's age"), options: options(AgeGroup.self, t.ageGroup),
                                         selected: f.callerAgeGroup, errors: m.errors, placeholder: "—"),
                        FormField.select("caller_relation", label: t.pick(vi: "Quan hệ với người được hỗ trợ", en: "Relation to the person concerned"),
                                         options: options(CallerRelation.self, t.relation), selected: f.callerRelation, errors: m.errors, placeholder: "—"),
                    ]),
                    .el("div", [.cls("intake-row")], [
                        FormField.select("person_is_child", label: t.pick(vi: "Người được hỗ trợ", en: "Person concerned"),
                                         options: [("child", t.pick(vi: "Trẻ em", en: "Child")), ("adult", t.pick(vi: "Người lớn", en: "Adult"))],
                                         selected: f.personIsChild, errors: m.errors, placeholder: "—"),
                        FormField.select("person_sex", label: t.pick(vi: "Giới tính", en: "Sex"), options: options(Sex.self, t.sex),
                                         selected: f.personSex, errors: m.errors, placeholder: "—"),
                        FormField.select("person_age_group", label: t.pick(vi: "Nhóm tuổi", en: "Age group"), options: options(AgeGroup.self, t.ageGroup),
                                         selected: f.personAgeGroup, errors: m.errors, placeholder: "—"),
                        FormField.select("person_province_code", label: t(.province), options: m.provinces.map { ($0.code, $0.displayName) },
                                         selected: f.personProvinceCode, errors: m.errors, placeholder: "—"),
                        FormField.select("urgency", label: t.pick(vi: "Mức độ", en: "Urgency"), options: options(CallUrgency.self, t.urgency),
                                         selected: f.urgency, errors: m.errors),
                    ]),
                    .el("div", [.cls("field")], [
                        .el("label", [.for("summary")], [.txt(t.pick(vi: "Tóm tắt", en: "Summary"))]),
                        .el("textarea", [.id("summary"), .name("summary"), Attr("rows", "3"), Attr("maxlength", "4000")], [.txt(f.summary)]),
                    ]),
                    .el("fieldset", [.cls("checks")], [.el("legend", [], [.txt(t.pick(vi: "Đã xử lý", en: "Actions taken"))])] + actionBoxes + [
                        .el("label", [.cls("check")], [
                            .void("input", [.type("checkbox"), .name("callback_consent"), .value("1")] + (f.callbackConsent ? [.checked] : [])),
                            .txt(" " + t.pick(vi: "Đồng ý được gọi lại", en: "Agrees to a call-back")),
                        ]),
                        FormField.text("callback_due_at", label: t.pick(vi: "Hẹn gọi lại lúc", en: "Call back at"), value: f.callbackDueAt,
                                       errors: m.errors, type: "datetime-local"),
                        FormField.select("handoff_target", label: t.pick(vi: "Đã chuyển tổng đài", en: "Handed on to"),
                                         options: CallForm.hotlineTargets.map { ($0.rawValue, t.handoffTarget($0)) }, selected: f.handoffTarget,
                                         errors: m.errors, placeholder: "—"),
                    ]),
                    .el("button", [.type("submit"), .name("kind"), .value(CallKind.counselling.rawValue), .cls("primary")],
                        [.txt(t.pick(vi: "Lưu cuộc gọi tư vấn", en: "Save counselling call"))]),
                ]),
            ])
        )
    }

    /// Asked before a saved counselling call becomes another kind, which drops its topics and
    /// what was noted of the person: the form below still holds everything typed.
    private static func confirmKindChange(_ kind: CallKind, _ t: Localizer) -> BodyNode {
        .el("div", [.id("confirm-kind"), .cls("conflict"), Attr("role", "alert")], [
            .el("p", [], [.txt(t.pick(
                vi: "Đây là cuộc gọi tư vấn. Đổi thành «\(t.callKind(kind))» sẽ xoá các chủ đề và thông tin tư vấn khi lưu.",
                en: "This is a counselling call. Making it “\(t.callKind(kind))” removes its topics and counselling details when saved."))]),
            .el("p", [.cls("form-actions")], [
                .el("button", [.type("submit"), .name("confirm_kind"), .value(kind.rawValue), .cls("danger"), .id("confirm-kind-button"),
                               Attr("formnovalidate")],
                    [.txt(t.pick(vi: "Đổi thành «\(t.callKind(kind))»", en: "Make it “\(t.callKind(kind))”"))]),
                .txt(t.pick(vi: "Hoặc giữ là cuộc gọi tư vấn: sửa tiếp rồi bấm «Lưu cuộc gọi tư vấn».",
                            en: "Or keep it a counselling call: go on editing and press “Save counselling call”.")),
            ]),
        ])
    }

    /// "Đã lưu cuộc gọi Im lặng lúc 09:05 — Xem cuộc gọi · Hoàn tác": each saved call is named,
    /// linked, and can be taken back for 10 seconds (app.js hides the button when time is up).
    private static func savedNotice(_ s: SavedCallNotice, _ req: Request) -> BodyNode {
        let t = req.t
        let text = t.pick(vi: "Đã lưu cuộc gọi \(t.callKind(s.kind)) lúc \(VNFormat.dateTime(s.startedAt)).",
                          en: "Call saved: \(t.callKind(s.kind)) at \(VNFormat.dateTime(s.startedAt)).")
        return .el("div", [.id("saved-call"), .cls("flash success"), Attr("role", "status"), Attr("data-draft-saved")], [
            .txt(text + " "),
            .link(.hotlineCall(s.id), t.pick(vi: "Xem cuộc gọi", en: "Open the call"), [.id("saved-call-link")]),
            s.undoSecondsLeft.map { left in
                .el("form", [.id("undo-call"), .action(.hotlineCallUndo(s.id)), .postMethod, .cls("inline"),
                             Attr("data-seconds-left", String(left))], [
                    Layout.csrfField(req),
                    .txt(" · "),
                    .el("button", [.type("submit"), .cls("link-button"), .id("undo-call-button")], [.txt(t.pick(vi: "Hoàn tác", en: "Undo"))]),
                ])
            } ?? .empty,
        ])
    }

    /// The cases opened from a stored call, and a link to open one for its linked person.
    private static func casesLine(_ e: Editing) -> BodyNode {
        // Labels are set where the line is shown; the helper keeps the type checker quick.
        var nodes: [BodyNode] = e.cases.map { BodyNode.link(.caseShow($0.id), $0.number) }
        if e.mayOpenCase, let person = e.person {
            let href = SiteURL.caseNew.path + "?person=" + person.id.uuidString.lowercased() + "&call=" + e.id.uuidString.lowercased()
            nodes.append(.el("a", [.hrefRaw(href), .id("open-case-from-call")], [.txt(e.openCaseLabel)]))
        }
        return nodes.isEmpty ? .empty : .el("p", [.id("call-cases"), .cls("form-actions")], [.txt(e.casesLabel)] + nodes)
    }
}
