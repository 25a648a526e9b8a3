import AnSinhCore
import Plot
import Vapor

/// One person's record with household, consents, allowances, photo and cases. Opening it is audited.
enum PersonPage {
    struct Model {
        let person: Person
        let phones: [String]
        let address: String
        var allowances: [AllowanceIO] = []
        var relations: [RelationsController.RelationOutput] = []
        var consents: [RelationsController.ConsentOutput] = []
        var cases: [CaseFile] = []
        var mergedIntoName: String?
        var mayMerge = false
        var mayOpenCase = false
        var photoError: String?
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let nodes: [BodyNode] = [
            header(m, t),
            facts(m, t),
            relationsTable(m, t),
            consentsTable(m, t),
            casesTable(m, t),
            m.person.mergedInto != nil ? .empty : photoForm(m, req),
            .el("p", [], [.link(.people, t(.back))]),
        ]
        return .group(nodes)
    }

    private static func header(_ m: Model, _ t: Localizer) -> BodyNode {
        let p = m.person
        var actions: [BodyNode] = [.link(.personEdit(p.id!), t.pick(vi: "Sửa hồ sơ", en: "Edit"), [.cls("button")])]
        if m.mayOpenCase {
            let href = SiteURL.caseNew.path + "?person=" + p.id!.uuidString.lowercased()
            actions.append(.el("a", [.hrefRaw(href), .id("open-case"), .cls("button-secondary")], [.txt(t.pick(vi: "Mở hồ sơ trường hợp", en: "Open a case"))]))
        }
        if m.mayMerge { actions.append(.link(.personMerge(p.id!), t.pick(vi: "Gộp hồ sơ trùng", en: "Merge a duplicate"), [.id("merge-person")])) }
        var nodes: [BodyNode] = [.el("h1", [], [.txt(p.fullName)])]
        if let into = p.mergedInto {
            nodes.append(.el("p", [.cls("flash warning"), .id("merged-into")], [
                .txt(t.pick(vi: "Hồ sơ này đã được gộp vào: ", en: "This record was merged into: ")),
                .link(.person(into), m.mergedIntoName ?? into.uuidString),
            ]))
        } else {
            nodes.append(.el("p", [.cls("form-actions")], actions))
        }
        if p.photoSHA256 != nil {
            let alt = t.pick(vi: "Ảnh của ", en: "Photo of ") + p.fullName
            nodes.append(.void("img", [Attr("src", SiteURL.personPhoto(p.id!).path), Attr("alt", alt), .cls("person-photo"), Attr("width", "160")]))
        }
        return .group(nodes)
    }

    private static func facts(_ m: Model, _ t: Localizer) -> BodyNode {
        let p = m.person
        func fact(_ label: String, _ value: String, id: String? = nil) -> [BodyNode] {
            [.el("dt", [], [.txt(label)]), .el("dd", id.map { [.id($0)] } ?? [], [.txt(value.isEmpty ? "—" : value)])]
        }
        let birth = PersonBirth(precision: p.birthPrecision, year: p.birthYear, month: p.birthMonth, day: p.birthDay)
        let groups = p.groupCodes.compactMap(VulnerabilityGroup.init(rawValue:)).map(t.group)
        let disability = [p.disabilityType.map(t.disabilityType), p.disabilitySeverity.map(t.disabilitySeverity)].compactMap { $0 }
        let perMonth = " đ/" + t.pick(vi: "tháng", en: "month")
        let allowances: [String] = m.allowances.map { a in
            let group = AllowanceGroup(rawValue: a.group).map(t.allowanceGroup) ?? a.group
            let since = a.since.map { " (" + t.pick(vi: "từ ", en: "since ") + $0 + ")" } ?? ""
            return group + ": " + VNFormat.number(a.monthlyAmount) + perMonth + since
        }
        var items: [BodyNode] = fact(t.pick(vi: "Giới tính", en: "Sex"), t.sex(p.sex))
        items += fact(t.pick(vi: "Ngày sinh", en: "Date of birth"), birth.display(t))
        items += fact(t.pick(vi: "Dân tộc", en: "Ethnic group"), p.ethnicity.flatMap(EthnicGroup.find)?.name ?? "")
        items += fact(t.pick(vi: "Số định danh cá nhân", en: "Personal ID number"), p.idNumber ?? "", id: "id-number")
        items += fact(t.pick(vi: "Điện thoại", en: "Phones"), m.phones.joined(separator: ", "))
        items += fact(t(.address), m.address)
        items += fact(t.pick(vi: "Trường học hoặc nghề nghiệp", en: "School or occupation"), p.schoolOrOccupation ?? "")
        items += fact(t.pick(vi: "Nhóm đối tượng", en: "Groups"), groups.joined(separator: "; "))
        items += fact(t.pick(vi: "Khuyết tật", en: "Disability"), disability.joined(separator: ", "))
        items += fact(t.pick(vi: "Hộ nghèo", en: "Poverty status"), p.povertyStatus.map(t.poverty) ?? "")
        items += fact(t.pick(vi: "Trợ cấp xã hội hằng tháng", en: "Monthly social allowances"), allowances.joined(separator: "; "), id: "allowances")
        items += fact(t.pick(vi: "Ghi chú", en: "Notes"), p.notes ?? "")
        return .el("dl", [.cls("facts")], items)
    }

    private static func relationsTable(_ m: Model, _ t: Localizer) -> BodyNode {
        let rows: [BodyNode] = m.relations.map { r in
            let kind = RelationKind(rawValue: r.relation).map(t.relationKind) ?? r.relation
            return .el("tr", [], [.el("td", [], [.link(.person(r.relatedPersonId), r.relatedName)]), .el("td", [], [.txt(kind)]),
                                  .el("td", [], [.txt(r.legalRepresentative ? "✓" : "")])])
        }
        let headers = [t.pick(vi: "Họ tên", en: "Name"), t.pick(vi: "Quan hệ", en: "Relation"), t.pick(vi: "Đại diện theo pháp luật", en: "Legal representative")]
        return .group(.el("h2", [], [.txt(t.pick(vi: "Gia đình, người thân", en: "Household and relations"))]),
                      DataTable.view(headers: headers, rows: rows, empty: t(.noRecords)))
    }

    private static func consentsTable(_ m: Model, _ t: Localizer) -> BodyNode {
        let rows: [BodyNode] = m.consents.map { c in
            let purpose = ConsentPurpose(rawValue: c.purpose).map(t.consentPurpose) ?? c.purpose
            let state = c.inForce ? t.pick(vi: "Còn hiệu lực", en: "In force") : t.pick(vi: "Hết hiệu lực", en: "Not in force")
            return .el("tr", [], [.el("td", [], [.txt(purpose)]), .el("td", [], [.txt(LocalDate(iso: c.givenOn)?.description ?? c.givenOn)]),
                                  .el("td", [], [.txt(c.withdrawnOn.flatMap { LocalDate(iso: $0)?.description } ?? "")]), .el("td", [], [.txt(state)])])
        }
        let headers = [t.pick(vi: "Mục đích", en: "Purpose"), t.pick(vi: "Ngày đồng ý", en: "Given"), t.pick(vi: "Rút lại", en: "Withdrawn"), t(.status)]
        return .group(.el("h2", [], [.txt(t.pick(vi: "Đồng ý xử lý dữ liệu", en: "Consents"))]),
                      DataTable.view(headers: headers, rows: rows, empty: t(.noRecords)))
    }

    private static func casesTable(_ m: Model, _ t: Localizer) -> BodyNode {
        let rows: [BodyNode] = m.cases.map { c in
            .el("tr", [], [.el("td", [], [.link(.caseShow(c.id!), c.number)]), .el("td", [], [.txt(t.caseState(c.state))])])
        }
        return .group(.el("h2", [], [.txt(t.pick(vi: "Hồ sơ trường hợp", en: "Cases"))]),
                      DataTable.view(headers: [t.pick(vi: "Số hồ sơ", en: "Case"), t(.status)], rows: rows, empty: t(.noRecords)))
    }

    private static func photoForm(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let field: BodyNode = .el("div", [.cls(m.photoError == nil ? "field" : "field invalid")], [
            .el("label", [.for("photo-file")], [.txt(t.pick(vi: "Ảnh JPEG hoặc PNG, tối đa 5 MB", en: "JPEG or PNG photo, 5 MB at most"))]),
            .void("input", [.id("photo-file"), .name("file"), .type("file"), Attr("accept", "image/jpeg,image/png")]),
            m.photoError.map { .el("p", [.id("file-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
        ])
        return .el("form", [.id("photo-form"), .action(.personPhoto(m.person.id!)), .postMethod, Attr("enctype", "multipart/form-data")], [
            Layout.csrfField(req), .el("h2", [], [.txt(t.pick(vi: "Ảnh", en: "Photo"))]), field,
            FormField.submit(t.pick(vi: "Tải ảnh lên", en: "Upload the photo")),
        ])
    }
}
