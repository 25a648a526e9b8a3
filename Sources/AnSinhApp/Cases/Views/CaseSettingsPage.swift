import AnSinhCore
import Plot
import Vapor

/// The center's client groups (built-in and added) and the deadlines of each case type.
enum CaseSettingsPage {
    struct Model {
        let groups: [ClientGroupCatalog.Entry]
        let deadlines: [CaseSettingsController.DeadlineOutput]
        var errors = FieldErrors()
        /// The add-group form as typed, when it came back with errors.
        var typed: [String: String] = [:]
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let deadlineRows: [BodyNode] = m.deadlines.map { d in
            let type = CaseType(rawValue: d.type)
            return .el("tr", [], [
                .el("td", [], [.txt(type.map(t.caseType) ?? d.type)]),
                .el("td", [], d.configurable ? [
                    .el("form", [.action(.caseSettingsDeadlines), .postMethod, .cls("inline deadline-form")], [
                        Layout.csrfField(req), .void("input", [.type("hidden"), .name("type"), .value(d.type)]),
                        numberInput("initialHours", d.type, d.initialHours, t.pick(vi: "Đánh giá ban đầu (giờ)", en: "Initial assessment (hours)")),
                        numberInput("emergencyHours", d.type, d.emergencyHours, t.pick(vi: "Can thiệp khẩn cấp (giờ)", en: "Emergency (hours)")),
                        numberInput("planWorkingDays", d.type, d.planWorkingDays, t.pick(vi: "Kế hoạch (ngày làm việc)", en: "Plan (working days)")),
                        .el("button", [.type("submit")], [.txt(t(.save))]),
                    ]),
                ] : [.txt(t.pick(vi: "Theo luật: đánh giá ban đầu và can thiệp khẩn cấp 12 giờ, kế hoạch 5 ngày làm việc",
                                 en: "By law: initial assessment and emergency 12 hours, plan 5 working days"))]),
            ])
        }
        let groupRows: [BodyNode] = m.groups.map { g in
            .el("tr", [.cls(g.active ? "" : "retired")], [
                .el("td", [], [.el("code", [], [.txt(g.code)])]),
                .el("td", [], [.txt(g.vi)]),
                .el("td", [], [.txt(g.en)]),
                .el("td", [], g.builtIn ? [.txt(t.pick(vi: "Có sẵn", en: "Built in"))] : [
                    .el("form", [.action(.caseSettingsGroupActive(g.code)), .postMethod, .cls("inline")], [
                        Layout.csrfField(req),
                        .el("button", [.type("submit"), .cls("button-secondary")],
                            [.txt(g.active ? t.pick(vi: "Ngừng dùng", en: "Retire") : t.pick(vi: "Dùng lại", en: "Restore"))]),
                    ]),
                ]),
            ])
        }
        return .group(
            .el("h1", [], [.txt(t.pick(vi: "Cấu hình hồ sơ", en: "Case settings"))]),
            FormField.summary(m.errors, t),
            .el("h2", [.id("deadlines")], [.txt(t.pick(vi: "Thời hạn theo loại hồ sơ", en: "Deadlines by case type"))]),
            .el("p", [.cls("hint")], [.txt(t.pick(vi: "Áp dụng cho hồ sơ mở sau khi lưu (hoặc khi đổi loại, thời điểm tiếp nhận).",
                                                 en: "Applies to cases opened after saving (or whose type or receipt changes)."))]),
            ["type", "initialHours", "emergencyHours", "planWorkingDays"].compactMap { m.errors[$0] }.isEmpty ? .empty
                : .el("p", [.cls("field-error")], [.txt(["type", "initialHours", "emergencyHours", "planWorkingDays"].compactMap { m.errors[$0] }.joined(separator: " "))]),
            DataTable.view(headers: [t.pick(vi: "Loại", en: "Type"), t.pick(vi: "Thời hạn", en: "Deadlines")], rows: deadlineRows, empty: ""),
            .el("h2", [.id("client-groups")], [.txt(t.pick(vi: "Nhóm đối tượng", en: "Client groups"))]),
            DataTable.view(headers: [t.pick(vi: "Mã", en: "Code"), t.pick(vi: "Tên", en: "Name"), "English", t(.actions)], rows: groupRows, empty: ""),
            .el("form", [.id("client-group-form"), .action(.caseSettingsGroups), .postMethod], [
                Layout.csrfField(req),
                .el("h3", [], [.txt(t.pick(vi: "Thêm nhóm của trung tâm", en: "Add a center group"))]),
                FormField.text("code", label: t.pick(vi: "Mã", en: "Code"), value: m.typed["code"] ?? "center.", errors: m.errors,
                               hint: t.pick(vi: "Dạng center.tenNhom; không đổi được sau khi lưu.", en: "Like center.groupName; cannot be changed once saved.")),
                FormField.text("vi", label: t.pick(vi: "Tên tiếng Việt", en: "Vietnamese name"), value: m.typed["vi"], errors: m.errors),
                FormField.text("en", label: t.pick(vi: "Tên tiếng Anh", en: "English name"), value: m.typed["en"], errors: m.errors),
                FormField.submit(t.pick(vi: "Thêm nhóm", en: "Add the group")),
            ])
        )
    }

    private static func numberInput(_ name: String, _ type: String, _ value: Int, _ label: String) -> BodyNode {
        let id = "\(name)-\(type)"
        return .el("span", [.cls("field")], [
            .el("label", [.for(id)], [.txt(label)]),
            .void("input", [.id(id), .name(name), .type("number"), .value(String(value)), Attr("min", "1")]),
        ])
    }
}
