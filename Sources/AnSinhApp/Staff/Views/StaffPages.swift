import AnSinhCore
import Plot
import Vapor

/// The register: filters, the figure "staff by unit and type", the list and its export.
enum StaffListPage {
    struct Model {
        static let filterNames = ["unit", "employment", "q", "active"]
        let rows: [StaffMember]
        let unitNames: [UUID: String]
        let units: [(value: String, label: String)]
        let counts: [StaffQueries.Count]
        let canEdit: Bool
        var filter: [String: String] = [:]
        /// The next page and the exports, with the list's filters.
        var nextLink: String?
        var exportLinks = (xlsx: StaffURL.export.path, csv: StaffURL.export.path)
    }

    static func title(_ t: Localizer) -> String { t.pick(vi: "Cán bộ, cộng tác viên", en: "Staff and collaborators") }

    static func headers(_ t: Localizer) -> [String] {
        [t.pick(vi: "Họ và tên", en: "Name"), t.pick(vi: "Chức vụ", en: "Position"), t.pick(vi: "Hình thức", en: "Type"),
         t.pick(vi: "Công việc chính", en: "Main duty"), t.pick(vi: "Điện thoại", en: "Phone"), t.pick(vi: "Đơn vị", en: "Unit"),
         t.pick(vi: "Tình trạng", en: "Status")]
    }

    static func employment(_ e: StaffMember.Employment, _ t: Localizer) -> String {
        switch e {
        case .fullTime: t.pick(vi: "Chuyên trách", en: "Full-time")
        case .partTime: t.pick(vi: "Kiêm nhiệm, cộng tác viên", en: "Part-time collaborator")
        }
    }

    static func view(_ m: Model, _ t: Localizer) -> BodyNode {
        let none = FieldErrors()
        return .group(
            .el("h1", [], [.txt(title(t))]),
            m.canEdit ? .el("p", [], [.el("a", [.hrefRaw(StaffURL.new.path), .cls("button"), .id("staff-new")],
                                          [.txt(t.pick(vi: "Thêm người", en: "Add a person"))])]) : .empty,
            .el("form", [.id("staff-filter"), Attr("action", StaffURL.list.path), .getMethod, .cls("filters")], [
                FormField.select("unit", label: t.pick(vi: "Đơn vị", en: "Unit"), options: m.units, selected: m.filter["unit"], errors: none, placeholder: "—"),
                FormField.select("employment", label: t.pick(vi: "Hình thức", en: "Type"),
                                 options: StaffMember.Employment.allCases.map { ($0.rawValue, employment($0, t)) },
                                 selected: m.filter["employment"], errors: none, placeholder: "—"),
                FormField.text("q", label: t.pick(vi: "Tên", en: "Name"), value: m.filter["q"] ?? "", errors: none, extra: [Attr("maxlength", "60")]),
                FormField.select("active", label: t.pick(vi: "Tình trạng", en: "Status"),
                                 options: [("1", t.pick(vi: "Đang làm", en: "Active")), ("0", t.pick(vi: "Đã nghỉ", en: "Left"))],
                                 selected: m.filter["active"], errors: none, placeholder: "—"),
                .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
            .el("h2", [.id("staff-counts")], [.txt(t.pick(vi: "Số người theo đơn vị và hình thức", en: "Staff by unit and type"))]),
            countsTable(m.counts, t),
            .el("h2", [], [.txt(t.pick(vi: "Danh sách", en: "List"))]),
            .el("p", [.cls("form-actions")], [
                .el("a", [.id("staff-xlsx"), .hrefRaw(m.exportLinks.xlsx), .cls("button-secondary")], [.txt("Excel (.xlsx)")]),
                .el("a", [.id("staff-csv"), .hrefRaw(m.exportLinks.csv), .cls("button-secondary")], [.txt("CSV")]),
            ]),
            DataTable.view(headers: headers(t) + (m.canEdit ? [t(.actions)] : []), rows: m.rows.map { s in
                .el("tr", [], [
                    .el("td", [], [.txt(s.fullName)]), .el("td", [], [.txt(s.position)]), .el("td", [], [.txt(employment(s.employment, t))]),
                    .el("td", [], [.txt(s.mainDuty ?? "")]), .el("td", [], [.txt(s.phone ?? "")]), .el("td", [], [.txt(m.unitNames[s.unitID] ?? "")]),
                    .el("td", [], [.txt(s.active ? t.pick(vi: "Đang làm", en: "Active") : t.pick(vi: "Đã nghỉ", en: "Left"))]),
                    m.canEdit ? .el("td", [], [.el("a", [.hrefRaw(StaffURL.edit(s.id!).path)], [.txt(t.pick(vi: "Sửa", en: "Edit"))])]) : .empty,
                ])
            }, empty: t(.noRecords)),
            m.nextLink.map { link in
                .el("nav", [.cls("pager"), .aria("label", t(.next))], [.el("a", [.hrefRaw(link), .id("next-page")], [.txt(t(.next))])])
            } ?? .empty
        )
    }

    /// One row per unit: full-time, part-time and the total, and the network's total.
    private static func countsTable(_ counts: [StaffQueries.Count], _ t: Localizer) -> BodyNode {
        var units: [(UUID, String)] = []
        var byUnit: [UUID: [String: Int]] = [:]
        for c in counts {
            if byUnit[c.unitId] == nil { units.append((c.unitId, c.unit)) }
            byUnit[c.unitId, default: [:]][c.employment] = c.count
        }
        func row(_ label: String, _ full: Int, _ part: Int, total: Bool = false) -> BodyNode {
            .el("tr", total ? [.cls("total")] : [], [
                .el("td", [], [.txt(label)]), .el("td", [.cls("num")], [.txt(VNFormat.number(full))]),
                .el("td", [.cls("num")], [.txt(VNFormat.number(part))]), .el("td", [.cls("num")], [.txt(VNFormat.number(full + part))]),
            ])
        }
        let full = StaffMember.Employment.fullTime.rawValue, part = StaffMember.Employment.partTime.rawValue
        let rows = units.map { id, name in row(name, byUnit[id]?[full] ?? 0, byUnit[id]?[part] ?? 0) }
        let totals = row(t.pick(vi: "Tổng cộng", en: "Total"), counts.filter { $0.employment == full }.map(\.count).reduce(0, +),
                         counts.filter { $0.employment == part }.map(\.count).reduce(0, +), total: true)
        return DataTable.view(headers: [t.pick(vi: "Đơn vị", en: "Unit"), employment(.fullTime, t), employment(.partTime, t), t.pick(vi: "Tổng", en: "Total")],
                              rows: units.isEmpty ? [] : rows + [totals], empty: t(.noRecords))
    }
}

/// Adding or changing a staff member; with the stored values beside when someone saved first.
enum StaffFormPage {
    struct Model {
        static let fieldNames = ["fullName", "position", "employment", "mainDuty", "phone", "unitId", "active", "version"]
        let units: [(value: String, label: String)]
        let csrf: String
        var memberID: UUID?
        var values: [String: String] = [:]
        var errors = FieldErrors()
        /// Set on a conflict: what is stored now.
        var stored: [String: String]?

        static func values(of m: StaffMember) -> [String: String] {
            ["fullName": m.fullName, "position": m.position, "employment": m.employment.rawValue, "mainDuty": m.mainDuty ?? "",
             "phone": m.phone ?? "", "unitId": m.unitID.uuidString, "active": m.active ? "1" : "", "version": String(m.version)]
        }
    }

    static func title(_ m: Model, _ t: Localizer) -> String {
        m.memberID == nil ? t.pick(vi: "Thêm cán bộ, cộng tác viên", en: "Add a staff member") : t.pick(vi: "Sửa thông tin cán bộ", en: "Edit a staff member")
    }

    static func view(_ m: Model, _ t: Localizer) -> BodyNode {
        func v(_ name: String) -> String { m.values[name] ?? "" }
        let action = m.memberID.map { StaffURL.edit($0).path } ?? StaffURL.list.path
        return .group(
            .el("h1", [], [.txt(title(m, t))]),
            FormField.summary(m.errors, t),
            m.stored.map { stored in
                ConflictNotice.view(rows: [("fullName", t.pick(vi: "Họ và tên", en: "Name")), ("position", t.pick(vi: "Chức vụ", en: "Position")),
                                           ("mainDuty", t.pick(vi: "Công việc chính", en: "Main duty")), ("phone", t.pick(vi: "Điện thoại", en: "Phone"))]
                    .map { (label: $0.1, stored: stored[$0.0] ?? "", typed: v($0.0)) }, t)
            } ?? .empty,
            .el("form", [.id("staff-form"), Attr("action", action), .postMethod, .cls("stacked")], [
                .void("input", [.type("hidden"), .name(CSRFMiddleware.fieldName), .value(m.csrf)]),
                FormField.hidden("version", value: v("version")),
                FormField.text("fullName", label: t.pick(vi: "Họ và tên", en: "Full name"), value: v("fullName"), errors: m.errors, required: true,
                               extra: [Attr("maxlength", "120")]),
                FormField.text("position", label: t.pick(vi: "Chức vụ", en: "Position"), value: v("position"), errors: m.errors, required: true,
                               extra: [Attr("maxlength", "120")]),
                FormField.select("employment", label: t.pick(vi: "Hình thức", en: "Type"),
                                 options: StaffMember.Employment.allCases.map { ($0.rawValue, StaffListPage.employment($0, t)) },
                                 selected: v("employment"), errors: m.errors, required: true, placeholder: t(.chooseOne)),
                FormField.text("mainDuty", label: t.pick(vi: "Công việc chính (người kiêm nhiệm)", en: "Main duty (part-time)"), value: v("mainDuty"),
                               errors: m.errors, hint: t.pick(vi: "Ví dụ: Hội Phụ nữ, Phó Chủ tịch UBND xã, giáo viên.",
                                                             en: "E.g. Women's Union, vice-chair of the commune, teacher."),
                               extra: [Attr("maxlength", "200")]),
                FormField.text("phone", label: t.pick(vi: "Điện thoại", en: "Phone"), value: v("phone"), errors: m.errors, type: "tel", autocomplete: "tel"),
                FormField.select("unitId", label: t.pick(vi: "Đơn vị", en: "Unit"), options: m.units, selected: v("unitId").lowercased() == "" ? nil
                                    : m.units.first { $0.value.lowercased() == v("unitId").lowercased() }?.value,
                                 errors: m.errors, required: true),
                .el("label", [.cls("check")], [
                    .void("input", [.type("checkbox"), .name("active"), .value("1")] + (v("active") == "1" ? [.checked] : [])),
                    .txt(" " + t.pick(vi: "Đang làm việc", en: "Active")),
                ]),
                .el("div", [.cls("form-actions")], [
                    FormField.submit(t(.save)),
                    .el("a", [.hrefRaw(StaffURL.list.path), .cls("button-secondary")], [.txt(t(.cancel))]),
                ]),
            ])
        )
    }
}
