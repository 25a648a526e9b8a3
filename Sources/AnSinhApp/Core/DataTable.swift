import AnSinhCore
import Foundation
import Plot

/// A table that scrolls inside its own box on narrow screens instead of widening the page.
enum DataTable {
    static func view(headers: [String], rows: [BodyNode], empty: String) -> BodyNode {
        guard !rows.isEmpty else { return .el("p", [.cls("muted")], [.txt(empty)]) }
        return .el("div", [.cls("table-wrap"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", headers.first ?? "")], [
            .el("table", [], [
                .el("thead", [], [.el("tr", [], headers.map { .el("th", [Attr("scope", "col")], [.txt($0)]) })]),
                .el("tbody", [], rows),
            ]),
        ])
    }
}

