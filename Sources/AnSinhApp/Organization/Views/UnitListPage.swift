import AnSinhCore
import Plot
import Vapor

/// The admin's list of all units, as a tree.
enum UnitListPage {
    struct Row {
        let unit: OrgUnit
        let depth: Int
        let parentName: String?
        let staffCount: Int
    }

    static func view(_ rows: [Row], _ req: Request) -> BodyNode {
        let t = req.t
        let tableRows: [BodyNode] = rows.map { row in
            let u = row.unit
            return .el("tr", [.cls(u.active ? "" : "inactive")], [
                .el("td", [], [.el("span", [.cls("depth-\(min(row.depth, 3))")], [.link(.unitShow(u.id!), u.name)])]),
                .el("td", [], [.el("code", [], [.txt(u.code)])]),
                .el("td", [], [.txt(t.unitKind(u.kind))]),
                .el("td", [], [.txt(VNFormat.number(row.staffCount))]),
                .el("td", [], [.txt(u.active ? t(.active) : t(.inactive))]),
                .el("td", [], [.link(.adminUnitEdit(u.id!), t(.edit))]),
            ])
        }
        return .group(
            .el("h1", [], [.txt(t(.unitsTitle))]),
            .el("p", [], [.link(.adminUnitNew, t(.unitNew), [.cls("button")])]),
            DataTable.view(headers: [t(.name), t(.code), t(.kind), t(.unitStaff), t(.status), t(.actions)],
                           rows: tableRows, empty: t(.noRecords))
        )
    }
}

/// One unit: its details, the offices below it and its staff. Any staff member in scope may
/// see it; only names and roles of colleagues are shown.
enum UnitShowPage {
    struct Model {
        let unit: OrgUnit
        let parentName: String?
        let address: String?
        let offices: [OrgUnit]
        let staff: [User]
        let canEdit: Bool
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let u = m.unit
        var facts: [BodyNode] = [
            .el("dt", [], [.txt(t(.code))]), .el("dd", [], [.el("code", [], [.txt(u.code)])]),
            .el("dt", [], [.txt(t(.kind))]), .el("dd", [], [.txt(t.unitKind(u.kind))]),
            .el("dt", [], [.txt(t(.status))]), .el("dd", [], [.txt(u.active ? t(.active) : t(.inactive))]),
        ]
        if let p = m.parentName { facts += [.el("dt", [], [.txt(t(.parent))]), .el("dd", [], [.txt(p)])] }
        if let a = m.address { facts += [.el("dt", [], [.txt(t(.address))]), .el("dd", [], [.txt(a)])] }
        if let ph = u.phone { facts += [.el("dt", [], [.txt(t(.phone))]), .el("dd", [], [.txt(ph)])] }
        return .group(
            .el("h1", [], [.txt(u.name)]),
            .el("dl", [.cls("facts")], facts),
            m.canEdit ? .el("p", [], [.link(.adminUnitEdit(u.id!), t(.edit), [.cls("button")])]) : .empty,
            .el("h2", [], [.txt(t(.unitOffices))]),
            DataTable.view(headers: [t(.name), t(.kind)], rows: m.offices.map { o in
                .el("tr", [], [.el("td", [], [.link(.unitShow(o.id!), o.name)]), .el("td", [], [.txt(t.unitKind(o.kind))])])
            }, empty: t(.noRecords)),
            .el("h2", [], [.txt(t(.unitStaff))]),
            DataTable.view(headers: [t(.fullName), t(.role)], rows: m.staff.map { s in
                .el("tr", [], [.el("td", [], [.txt(s.fullName)]), .el("td", [], [.txt(t.role(s.role))])])
            }, empty: t(.noRecords))
        )
    }
}
