import Plot

/// Shown above a form whose save lost a race: the stored version beside what the user typed.
/// The form below keeps the user's values and carries the stored version, so saving again is a
/// deliberate choice and nothing is lost.
enum ConflictNotice {
    static func view(rows: [(label: String, stored: String, typed: String)], _ t: Localizer) -> BodyNode {
        let changed = rows.filter { $0.stored != $0.typed }
        return .el("section", [.cls("conflict"), Attr("role", "alert")], [
            .el("h2", [], [.txt(t(.conflictTitle))]),
            .el("p", [], [.txt(t(.conflictBody))]),
            DataTable.view(headers: ["", t.pick(vi: "Bản đang lưu", en: "Stored"), t.pick(vi: "Bạn nhập", en: "You typed")],
                           rows: changed.map { r in
                               .el("tr", [], [.el("th", [Attr("scope", "row")], [.txt(r.label)]),
                                              .el("td", [], [.txt(r.stored)]), .el("td", [], [.txt(r.typed)])])
                           }, empty: ""),
        ])
    }
}
