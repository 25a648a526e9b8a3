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
        /// `YYYY-MM-DD`, the default date of the consent forms.
        var today = ""
        var forms = Forms()
    }

    /// What the user typed in the page's own forms, and why it was refused, when it was.
    struct Forms {
        var consent = ConsentForm()
        var consentErrors = FieldErrors()
        var relationErrors: [String] = []
        /// The consent whose withdrawal was refused, the day typed and the message.
        var withdrawal: (id: UUID, day: String, error: String)?
        var photoError: String?
    }

    /// The consent form as typed; field names are the API's, so messages land beside the field.
    struct ConsentForm {
        var purpose = ""
        var givenOn = ""
        var byPerson = false
        var representativeId = ""
        var notes = ""

        init() {}

        init(from req: Request) {
            purpose = req.formValue("purpose") ?? ""
            givenOn = req.formValue("givenOn") ?? ""
            byPerson = req.formValue("byPerson") == "1"
            representativeId = req.formValue("representativeId") ?? ""
            notes = req.formValue("notes") ?? ""
        }

        var input: RelationsController.ConsentInput {
            .init(purpose: purpose, givenOn: givenOn, byPerson: byPerson, representativeId: UUID(uuidString: representativeId),
                  withdrawnOn: nil, notes: notes)
        }
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let nodes: [BodyNode] = [
            header(m, t),
            facts(m, t),
            relationsSection(m, req),
            consentsSection(m, req),
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
            let since = a.since.map { " (" + t.pick(vi: "từ ", en: "since ") + FormDates.display($0) + ")" } ?? ""
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

    private static func relationsSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let rows: [BodyNode] = m.relations.map { r in
            let kind = RelationKind(rawValue: r.relation).map(t.relationKind) ?? r.relation
            let remove: BodyNode = m.person.mergedInto != nil ? .empty
                : .el("form", [.action(.personRelationRemove(m.person.id!, r.id)), .postMethod, .cls("inline remove-relation")], [
                    Layout.csrfField(req),
                    .el("button", [.type("submit"), .cls("button-secondary")], [.txt(t.pick(vi: "Xóa quan hệ", en: "Remove"))]),
                ])
            return .el("tr", [], [.el("td", [], [.link(.person(r.relatedPersonId), r.relatedName)]), .el("td", [], [.txt(kind)]),
                                  .el("td", [], [.txt(r.legalRepresentative ? "✓" : "")]), .el("td", [], [remove])])
        }
        let headers = [t.pick(vi: "Họ tên", en: "Name"), t.pick(vi: "Quan hệ", en: "Relation"), t.pick(vi: "Đại diện theo pháp luật", en: "Legal representative"),
                       t(.actions)]
        var nodes: [BodyNode] = [.el("h2", [], [.txt(t.pick(vi: "Gia đình, người thân", en: "Household and relations"))]),
                                 DataTable.view(headers: headers, rows: rows, empty: t(.noRecords))]
        if !m.forms.relationErrors.isEmpty {
            nodes.append(.el("div", [.cls("flash error"), .id("relation-error"), Attr("role", "alert")], m.forms.relationErrors.map { .el("p", [], [.txt($0)]) }))
        }
        if m.person.mergedInto == nil {
            // The relative is chosen in the people search, which then offers "add as a relative".
            let href = SiteURL.people.path + "?linkPerson=" + m.person.id!.uuidString.lowercased()
            nodes.append(.el("p", [], [.el("a", [.hrefRaw(href), .id("add-relation"), .cls("button-secondary")],
                                             [.txt(t.pick(vi: "Thêm người thân", en: "Add a relative"))])]))
        }
        return .group(nodes)
    }

    private static func consentsSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let editable = m.person.mergedInto == nil
        let rows: [BodyNode] = m.consents.map { c in
            let purpose = ConsentPurpose(rawValue: c.purpose).map(t.consentPurpose) ?? c.purpose
            let state = c.inForce ? t.pick(vi: "Còn hiệu lực", en: "In force") : t.pick(vi: "Hết hiệu lực", en: "Not in force")
            let withdraw: BodyNode = editable && c.withdrawnOn == nil ? withdrawForm(c, m, req) : .empty
            return .el("tr", [], [.el("td", [], [.txt(purpose)]), .el("td", [], [.txt(LocalDate(iso: c.givenOn)?.description ?? c.givenOn)]),
                                  .el("td", [], [.txt(c.withdrawnOn.flatMap { LocalDate(iso: $0)?.description } ?? "")]), .el("td", [], [.txt(state)]),
                                  .el("td", [], [withdraw])])
        }
        let headers = [t.pick(vi: "Mục đích", en: "Purpose"), t.pick(vi: "Ngày đồng ý", en: "Given"), t.pick(vi: "Rút lại", en: "Withdrawn"), t(.status), t(.actions)]
        // A withdrawal refused for a consent that no longer has its form (withdrawn meanwhile, from
        // another tab) is told above the table.
        let orphan = m.forms.withdrawal.flatMap { w in m.consents.contains { $0.id == w.id && $0.withdrawnOn == nil } ? nil : w.error }
        return .group(.el("h2", [], [.txt(t.pick(vi: "Đồng ý xử lý dữ liệu", en: "Consents"))]),
                      orphan.map { .el("p", [.cls("flash error"), .id("withdraw-error"), Attr("role", "alert")], [.txt($0)]) } ?? .empty,
                      DataTable.view(headers: headers, rows: rows, empty: t(.noRecords)),
                      editable ? consentForm(m, req) : .empty)
    }

    private static func withdrawForm(_ c: RelationsController.ConsentOutput, _ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let refused = m.forms.withdrawal.flatMap { $0.id == c.id ? $0 : nil }
        let suffix = c.id.uuidString.lowercased().prefix(8)
        return .el("form", [.action(.personConsentWithdraw(m.person.id!, c.id)), .postMethod, .cls("inline withdraw-consent")], [
            Layout.csrfField(req),
            .el("label", [.for("withdrawn-\(suffix)")], [.txt(t.pick(vi: "Ngày rút lại", en: "Withdrawn on"))]),
            .void("input", [.id("withdrawn-\(suffix)"), .name("withdrawnOn"), .type("text"), .value(FormDates.display(refused?.day ?? m.today)),
                            Attr("placeholder", "dd/mm/yyyy"), Attr("maxlength", "10"), Attr("inputmode", "numeric"), Attr("autocomplete", "off")]
                  + (refused == nil ? [] : [Attr("aria-invalid", "true"), Attr("aria-describedby", "withdrawn-\(suffix)-error")])),
            refused.map { .el("p", [.id("withdrawn-\(suffix)-error"), .cls("field-error")], [.txt($0.error)]) } ?? .empty,
            .el("button", [.type("submit"), .cls("button-secondary")], [.txt(t.pick(vi: "Rút lại", en: "Withdraw"))]),
        ])
    }

    private static func consentForm(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let f = m.forms.consent
        let errors = m.forms.consentErrors
        let representatives: [(value: String, label: String)] = m.relations.filter(\.legalRepresentative)
            .map { (value: $0.relatedPersonId.uuidString, label: $0.relatedName) }
        let byPerson: BodyNode = .el("div", [.cls(errors["byPerson"] == nil ? "field" : "field invalid")], [
            .el("label", [.cls("check")], [
                .void("input", [.type("checkbox"), .id("byPerson"), .name("byPerson"), .value("1")] + (f.byPerson ? [.checked] : [])),
                .txt(" " + t.pick(vi: "Chính người này đồng ý", en: "Given by the person")),
            ]),
            errors["byPerson"].map { .el("p", [.id("byPerson-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
        ])
        return .el("form", [.id("consent-form"), .action(.personConsents(m.person.id!)), .postMethod], [
            Layout.csrfField(req),
            .el("h3", [], [.txt(t.pick(vi: "Ghi nhận sự đồng ý", en: "Record a consent"))]),
            FormField.summary(errors, t),
            .el("div", [.cls("intake-row")], [
                FormField.select("purpose", label: t.pick(vi: "Mục đích", en: "Purpose"),
                                 options: ConsentPurpose.allCases.map { ($0.rawValue, t.consentPurpose($0)) }, selected: f.purpose,
                                 errors: errors, required: true, placeholder: "—"),
                FormField.text("givenOn", label: t.pick(vi: "Ngày đồng ý", en: "Given on"), value: f.givenOn.isEmpty ? m.today : f.givenOn,
                               errors: errors, type: "date", required: true),
                FormField.select("representativeId", label: t.pick(vi: "Người đại diện theo pháp luật đồng ý", en: "Consent of the legal representative"),
                                 options: representatives, selected: f.representativeId, errors: errors,
                                 hint: t.pick(vi: "Bắt buộc với trẻ em; ghi người đại diện ở mục người thân trước.",
                                              en: "Required for a child; record the representative among the relatives first."),
                                 placeholder: "—"),
            ]),
            byPerson,
            FormField.text("notes", label: t.pick(vi: "Ghi chú (cách thu thập, văn bản kèm theo)", en: "Notes (how it was given, the document)"),
                           value: f.notes, errors: errors),
            FormField.submit(t.pick(vi: "Ghi nhận", en: "Record")),
        ])
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
        let field: BodyNode = .el("div", [.cls(m.forms.photoError == nil ? "field" : "field invalid")], [
            .el("label", [.for("photo-file")], [.txt(t.pick(vi: "Ảnh JPEG hoặc PNG, tối đa 5 MB", en: "JPEG or PNG photo, 5 MB at most"))]),
            .void("input", [.id("photo-file"), .name("file"), .type("file"), Attr("accept", "image/jpeg,image/png")]),
            m.forms.photoError.map { .el("p", [.id("file-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
        ])
        return .el("form", [.id("photo-form"), .action(.personPhoto(m.person.id!)), .postMethod, Attr("enctype", "multipart/form-data")], [
            Layout.csrfField(req), .el("h2", [], [.txt(t.pick(vi: "Ảnh", en: "Photo"))]), field,
            FormField.submit(t.pick(vi: "Tải ảnh lên", en: "Upload the photo")),
        ])
    }
}
