import AnSinhCore
import Plot
import Vapor

/// Opening a case for a person, or changing its facts. After a lost race the stored version is
/// shown beside what the user typed, and the form keeps the typed values.
enum CaseFormPage {
    struct Model {
        let person: Person
        var type = CaseType.childProtection.rawValue
        var source = CaseSource.walkIn.rawValue
        var receivedAt: String
        var groups: [String] = []
        var protectionLevel = ""
        var restricted = false
        var summary = ""
        var sourceCallId: String?
        var errors = FieldErrors()
        /// Every client group a case may carry now: code and label.
        var groupOptions: [(code: String, label: String)] = []
        /// Set when changing a stored case.
        var editing: (id: UUID, number: String, version: Int)?
        var conflict: BodyNode?
    }

    static func title(_ m: Model, _ t: Localizer) -> String {
        m.editing.map { t.pick(vi: "Sửa hồ sơ", en: "Edit case") + " " + $0.number } ?? t.pick(vi: "Mở hồ sơ trường hợp", en: "Open a case")
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let groupBoxes: [BodyNode] = m.groupOptions.map { g in
            .el("label", [.cls("check")], [
                .void("input", [.type("checkbox"), .name("clientGroups[]"), .value(g.code)] + (m.groups.contains(g.code) ? [.checked] : [])),
                .txt(" " + g.label),
            ])
        }
        let action: SiteURL = m.editing.map { .caseEdit($0.id) } ?? .cases
        return .group(
            .el("h1", [], [.txt(title(m, t) + " · " + m.person.fullName)]),
            m.conflict ?? .empty,
            FormField.summary(m.errors, t),
            .el("form", [.id("case-form"), .action(action), .postMethod], [
                Layout.csrfField(req),
                FormField.hidden("personId", value: m.person.id!.uuidString),
                m.editing.map { FormField.hidden("version", value: String($0.version)) } ?? .empty,
                m.sourceCallId.map { FormField.hidden("sourceCallId", value: $0) } ?? .empty,
                .el("div", [.cls("intake-row")], [
                    FormField.select("type", label: t.pick(vi: "Loại", en: "Type"), options: CaseType.allCases.map { ($0.rawValue, t.caseType($0)) },
                                     selected: m.type, errors: m.errors),
                    FormField.select("source", label: t.pick(vi: "Nguồn", en: "Source"), options: CaseSource.allCases.map { ($0.rawValue, t.caseSource($0)) },
                                     selected: m.source, errors: m.errors),
                    FormField.text("receivedAt", label: t.pick(vi: "Tiếp nhận lúc", en: "Received"), value: m.receivedAt, errors: m.errors,
                                   type: "datetime-local", required: true),
                    FormField.select("protectionLevel", label: t.pick(vi: "Cấp độ bảo vệ", en: "Protection level"),
                                     options: ProtectionLevel.allCases.map { ($0.rawValue, t.protectionLevel($0)) },
                                     selected: m.protectionLevel, errors: m.errors, placeholder: "—"),
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
                FormField.submit(m.editing == nil ? t.pick(vi: "Mở hồ sơ", en: "Open the case") : t(.save)),
            ])
        )
    }

    /// The rows of the conflict notice: the stored case beside the typed form.
    static func conflictRows(stored: Model, typed: Model, _ t: Localizer) -> [(label: String, stored: String, typed: String)] {
        let labels = Dictionary(uniqueKeysWithValues: typed.groupOptions.map { ($0.code, $0.label) })
        func groups(_ m: Model) -> String { m.groups.sorted().map { labels[$0] ?? $0 }.joined(separator: "; ") }
        func level(_ m: Model) -> String { ProtectionLevel(rawValue: m.protectionLevel).map(t.protectionLevel) ?? m.protectionLevel }
        return [
            (t.pick(vi: "Loại", en: "Type"), CaseType(rawValue: stored.type).map(t.caseType) ?? stored.type, CaseType(rawValue: typed.type).map(t.caseType) ?? typed.type),
            (t.pick(vi: "Nguồn", en: "Source"), CaseSource(rawValue: stored.source).map(t.caseSource) ?? stored.source,
             CaseSource(rawValue: typed.source).map(t.caseSource) ?? typed.source),
            (t.pick(vi: "Tiếp nhận lúc", en: "Received"), stored.receivedAt, typed.receivedAt),
            (t.pick(vi: "Cấp độ bảo vệ", en: "Protection level"), level(stored), level(typed)),
            (t.pick(vi: "Nhóm đối tượng", en: "Client groups"), groups(stored), groups(typed)),
            (t.pick(vi: "Hạn chế xem", en: "Restricted"), stored.restricted ? "✓" : "—", typed.restricted ? "✓" : "—"),
            (t.pick(vi: "Tóm tắt", en: "Summary"), stored.summary, typed.summary),
        ]
    }
}
