import AnSinhCore
import Plot
import Vapor

/// The registry's search page: one box for a name fragment, a birth year, a phone or an ID number.
enum PersonSearchPage {
    /// What a chosen person is linked to, when the search was opened from a call or a case.
    enum Link {
        case call(id: UUID, version: Int)
        case `case`(id: UUID, number: String)
        /// Add the chosen person as a relative of this one.
        case person(id: UUID, name: String)

        var query: (name: String, id: UUID) {
            switch self {
            case .call(let id, _): ("linkCall", id)
            case .case(let id, _): ("linkCase", id)
            case .person(let id, _): ("linkPerson", id)
            }
        }
    }

    static func view(q: String, result: PersonSearch.Result?, link: Link? = nil, _ req: Request) -> BodyNode {
        let t = req.t
        let rows: [BodyNode] = (result?.persons ?? []).map { p in
            .el("tr", [], [
                .el("td", [], [.link(.person(p.id!), p.fullName)]),
                .el("td", [], [.txt(PersonBirth(precision: p.birthPrecision, year: p.birthYear, month: p.birthMonth, day: p.birthDay).display(t))]),
                .el("td", [], [.txt(t.sex(p.sex))]),
                .el("td", [], [.txt(p.idNumber.map(NationalID.mask) ?? "")]),
                .el("td", [], [.txt((result?.phones[p.id!] ?? []).map(PhoneNumber.mask).joined(separator: ", "))]),
                link.map { .el("td", [], [linkForm($0, person: p.id!, req)]) } ?? .empty,
            ])
        }
        return .group(
            .el("h1", [], [.txt(t.pick(vi: "Đối tượng", en: "People"))]),
            .el("p", [], [.link(.personNew, t.pick(vi: "Đăng ký người mới", en: "Register a person"), [.cls("button")])]),
            .el("form", [.id("person-search"), .action(.people), .getMethod, .cls("filters")], [
                link.map { FormField.hidden($0.query.name, value: $0.query.id.uuidString.lowercased()) } ?? .empty,
                FormField.text("q", label: t.pick(vi: "Tìm", en: "Search"), value: q, errors: FieldErrors(), type: "search",
                               hint: t.pick(vi: "Họ tên (có dấu hoặc không), năm sinh, số điện thoại hoặc số định danh.",
                                            en: "Name (tone marks optional), birth year, phone or ID number."), autocomplete: "off"),
                .el("button", [.type("submit")], [.txt(t.pick(vi: "Tìm", en: "Search"))]),
            ]),
            result?.tooMany == true
                ? .el("p", [.cls("flash info"), Attr("role", "status")], [.txt(t.pick(
                    vi: "Có rất nhiều người trùng; hãy thêm năm sinh hoặc gõ thêm họ tên.",
                    en: "Very many people match; add a birth year or more of the name."))])
                : .empty,
            result == nil ? .empty : DataTable.view(
                headers: [t.pick(vi: "Họ tên", en: "Name"), t.pick(vi: "Ngày sinh", en: "Born"), t.pick(vi: "Giới tính", en: "Sex"),
                          t.pick(vi: "Số định danh", en: "ID number"), t.pick(vi: "Điện thoại", en: "Phone")]
                    + (link == nil ? [] : [t(.actions)]),
                rows: rows, empty: t(.noRecords))
        )
    }
}

extension PersonSearchPage {
    static func linkForm(_ link: Link, person: UUID, _ req: Request) -> BodyNode {
        let t = req.t
        switch link {
        case .call(let id, let version):
            return .el("form", [.action(.hotlineCallPerson(id)), .postMethod, .cls("inline")], [
                Layout.csrfField(req), FormField.hidden("person_id", value: person.uuidString),
                FormField.hidden("version", value: String(version)),
                .el("button", [.type("submit"), .cls("link-person")], [.txt(t.pick(vi: "Liên kết với cuộc gọi", en: "Link to the call"))]),
            ])
        case .case(let id, let number):
            // Field ids carry the person's id: the page has one such form per result.
            let suffix = person.uuidString.lowercased().prefix(8)
            return .el("form", [.action(.casePersons(id)), .postMethod, .cls("inline add-to-case")], [
                Layout.csrfField(req), .void("input", [.type("hidden"), .name("personId"), .value(person.uuidString)]),
                .el("label", [.for("role-\(suffix)")], [.txt(t.pick(vi: "Vai trò", en: "Role"))]),
                .el("select", [.id("role-\(suffix)"), .name("role")], CaseRole.allCases.map { .el("option", [.value($0.rawValue)], [.txt(t.caseRole($0))]) }),
                .el("label", [.for("details-\(suffix)")], [.txt(t.pick(vi: "Ghi chú", en: "Details"))]),
                .void("input", [.id("details-\(suffix)"), .name("details"), .type("text")]),
                .el("button", [.type("submit"), .cls("add-person-to-case")], [.txt(t.pick(vi: "Thêm vào hồ sơ \(number)", en: "Add to case \(number)"))]),
            ])
        case .person(let id, let name):
            guard id != person else { return .empty }
            let suffix = person.uuidString.lowercased().prefix(8)
            return .el("form", [.action(.personRelations(id)), .postMethod, .cls("inline add-relation")], [
                Layout.csrfField(req), .void("input", [.type("hidden"), .name("relatedPersonId"), .value(person.uuidString)]),
                .el("label", [.for("relation-\(suffix)")], [.txt(t.pick(vi: "là … của \(name)", en: "is the … of \(name)"))]),
                .el("select", [.id("relation-\(suffix)"), .name("relation")], RelationKind.allCases.map { .el("option", [.value($0.rawValue)], [.txt(t.relationKind($0))]) }),
                .el("label", [.cls("check")], [
                    .void("input", [.type("checkbox"), .name("legalRepresentative"), .value("1")]),
                    .txt(" " + t.pick(vi: "Đại diện theo pháp luật", en: "Legal representative")),
                ]),
                .el("button", [.type("submit"), .cls("add-relation-button")], [.txt(t.pick(vi: "Thêm làm người thân", en: "Add as a relative"))]),
            ])
        }
    }
}

/// Register or edit a person. Before a new person is saved, likely duplicates are listed and
/// the user either opens one of them or confirms that this is someone else.
enum PersonFormPage {
    struct Model {
        var form: PersonForm
        var errors = FieldErrors()
        var provinces: [AddressDirectory.Place]
        var duplicates: [PersonDuplicates.Candidate] = []
        /// Set when editing a stored person.
        var editing: (id: UUID, version: Int)?
        var conflict: BodyNode?
    }

    static func title(_ m: Model, _ t: Localizer) -> String {
        m.editing == nil ? t.pick(vi: "Đăng ký người mới", en: "Register a person") : t.pick(vi: "Sửa hồ sơ", en: "Edit the record")
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let f = m.form
        func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ label: (T) -> String) -> [(value: String, label: String)] where T.RawValue == String {
            T.allCases.map { ($0.rawValue, label($0)) }
        }
        let groupBoxes: [BodyNode] = VulnerabilityGroup.allCases.map { g in
            .el("label", [.cls(g.parent == nil ? "check" : "check sub")], [
                .void("input", [.type("checkbox"), .name("groups[]"), .value(g.rawValue)] + (f.groups.contains(g.rawValue) ? [.checked] : [])),
                .txt(" " + t.group(g)),
            ])
        }
        let duplicateRows: [BodyNode] = m.duplicates.map { d in
            .el("li", [], [
                d.visible ? .link(.person(d.id!), d.fullName ?? "") : .txt(t.pick(vi: "Một hồ sơ ở đơn vị khác", en: "A record in another unit")),
                .txt((d.birthYear.map { " (\($0))" } ?? "") + " — " + d.reasons.map(t.duplicateReason).joined(separator: ", ")),
            ])
        }
        return .group(
            .el("h1", [], [.txt(title(m, t))]),
            m.conflict ?? .empty,
            FormField.summary(m.errors, t),
            .el("form", [.id("person-form"), .action(m.editing.map { .personEdit($0.id) } ?? .people), .postMethod], [
                Layout.csrfField(req),
                // The warning and its "register anyway" stand together at the top. Enter keeps
                // meaning "save" (checked again): the first submit button is this hidden one.
                m.duplicates.isEmpty ? .empty : .group(
                    .el("button", [.type("submit"), .cls("default-submit"), Attr("tabindex", "-1"), .aria("hidden", "true")], [.txt(t(.save))]),
                    .el("section", [.id("duplicates"), .cls("flash warning"), Attr("role", "alert")], [
                        .el("h2", [], [.txt(t.pick(vi: "Có thể đã có hồ sơ của người này", en: "This person may already be registered"))]),
                        .el("ul", [], duplicateRows),
                        .el("p", [], [.txt(t.pick(vi: "Mở hồ sơ có sẵn nếu đúng người; nếu là người khác, bấm \"Vẫn đăng ký người mới\".",
                                                  en: "Open the existing record if it is the same person; otherwise press \"Register anyway\"."))]),
                        .el("p", [], [.el("button", [.type("submit"), .name("confirmDistinct"), .value("1"), .id("confirm-distinct"), .cls("button-secondary")],
                                          [.txt(t.pick(vi: "Vẫn đăng ký người mới", en: "Register anyway"))])]),
                    ])
                ),
                m.editing.map { FormField.hidden("version", value: String($0.version)) } ?? .empty,
                .el("div", [.cls("intake-row")], [
                    FormField.text("fullName", label: t.pick(vi: "Họ và tên", en: "Full name"), value: f.fullName, errors: m.errors,
                                   required: true, autocomplete: "off"),
                    FormField.select("sex", label: t.pick(vi: "Giới tính", en: "Sex"), options: options(Sex.self, t.sex), selected: f.sex,
                                     errors: m.errors, placeholder: "—"),
                    FormField.text("birthDate", label: t.pick(vi: "Ngày sinh", en: "Date of birth"), value: f.birthDate, errors: m.errors,
                                   hint: t.pick(vi: "02/03/2015, 03/2015 hoặc 2015", en: "02/03/2015, 03/2015 or 2015"), autocomplete: "off"),
                    FormField.text("estimatedAge", label: t.pick(vi: "hoặc tuổi ước tính", en: "or estimated age"), value: f.estimatedAge,
                                   errors: m.errors, type: "number"),
                    FormField.select("ethnicity", label: t.pick(vi: "Dân tộc", en: "Ethnic group"),
                                     options: EthnicGroup.all.map { ($0.code, $0.name) }, selected: f.ethnicity, errors: m.errors, placeholder: "—"),
                ]),
                .el("div", [.cls("intake-row")], [
                    FormField.text("idNumber", label: t.pick(vi: "Số định danh cá nhân", en: "Personal ID number"), value: f.idNumber,
                                   errors: m.errors, hint: t.pick(vi: "12 chữ số", en: "12 digits"), autocomplete: "off"),
                    FormField.text("phones", label: t.pick(vi: "Điện thoại", en: "Phones"), value: f.phones, errors: m.errors,
                                   hint: t.pick(vi: "Nhiều số cách nhau bằng dấu phẩy", en: "Several numbers separated by commas"), autocomplete: "off"),
                    FormField.text("schoolOrOccupation", label: t.pick(vi: "Trường học hoặc nghề nghiệp", en: "School or occupation"),
                                   value: f.schoolOrOccupation, errors: m.errors),
                ]),
                AddressPicker.view(provinceCode: f.provinceCode, commune: f.commune, communeCode: f.communeCode,
                                   provinces: m.provinces, errors: m.errors, t),
                FormField.text("addressLine", label: t.pick(vi: "Thôn, tổ, số nhà, đường", en: "Hamlet, street, house number"),
                               value: f.addressLine, errors: m.errors),
                .el("fieldset", [.cls("checks"), .id("groups")], [
                    .el("legend", [], [.txt(t.pick(vi: "Nhóm đối tượng", en: "Groups"))]),
                    m.errors["groups"].map { .el("p", [.id("groups-error"), .cls("field-error")], [.txt($0)]) } ?? .empty,
                ] + groupBoxes),
                .el("div", [.cls("intake-row")], [
                    FormField.select("disabilityType", label: t.pick(vi: "Dạng khuyết tật", en: "Disability type"),
                                     options: options(DisabilityType.self, t.disabilityType), selected: f.disabilityType, errors: m.errors, placeholder: "—"),
                    FormField.select("disabilitySeverity", label: t.pick(vi: "Mức độ khuyết tật", en: "Severity"),
                                     options: options(DisabilitySeverity.self, t.disabilitySeverity), selected: f.disabilitySeverity,
                                     errors: m.errors, placeholder: "—"),
                    FormField.select("povertyStatus", label: t.pick(vi: "Hộ nghèo", en: "Poverty status"),
                                     options: options(PovertyStatus.self, t.poverty), selected: f.povertyStatus, errors: m.errors, placeholder: "—"),
                ]),
                allowanceRows(m, t),
                .el("div", [.cls("field")], [
                    .el("label", [.for("notes")], [.txt(t.pick(vi: "Ghi chú", en: "Notes"))]),
                    .el("textarea", [.id("notes"), .name("notes"), Attr("rows", "3"), Attr("maxlength", "4000")], [.txt(f.notes)]),
                ]),
                .el("p", [.cls("form-actions")], [FormField.submit(t(.save))]),
            ])
        )
    }

    /// The allowances received, one row each, plus one blank row to add another (up to the limit).
    private static func allowanceRows(_ m: Model, _ t: Localizer) -> BodyNode {
        let rows = m.form.allowances + (m.form.allowances.count < PersonForm.maxAllowanceRows ? [PersonForm.AllowanceRow()] : [])
        let groups = AllowanceGroup.allCases.map { (value: $0.rawValue, label: t.allowanceGroup($0)) }
        let nodes: [BodyNode] = rows.enumerated().map { i, row in
            let field = PersonForm.allowanceField(i)
            return .el("div", [.cls("intake-row allowance"), .id(field)], [
                FormField.select("allowance-group-\(i)", label: t.pick(vi: "Nhóm trợ cấp", en: "Allowance group"), options: groups,
                                 selected: row.group, errors: m.errors, placeholder: "—"),
                FormField.text("allowance-amount-\(i)", label: t.pick(vi: "Mức hằng tháng (đồng)", en: "Monthly amount (đồng)"), value: row.amount,
                               errors: m.errors, autocomplete: "off", extra: [Attr("inputmode", "numeric")]),
                FormField.text("allowance-since-\(i)", label: t.pick(vi: "Hưởng từ", en: "Since"), value: FormDates.display(row.since), errors: m.errors,
                               hint: t.pick(vi: "tháng/năm, ví dụ 03/2024", en: "mm/yyyy, e.g. 03/2024"), autocomplete: "off"),
                m.errors[field].map { .el("p", [.id("\(field)-error"), .cls("field-error"), Attr("role", "alert")], [.txt($0)]) } ?? .empty,
            ])
        }
        return .el("fieldset", [.id("allowances")], [.el("legend", [], [.txt(t.pick(vi: "Trợ cấp xã hội hằng tháng", en: "Monthly social allowances"))])] + nodes)
    }
}
