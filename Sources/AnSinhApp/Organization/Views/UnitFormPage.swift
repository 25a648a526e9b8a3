import AnSinhCore
import Plot
import Vapor

/// The page to create or edit a unit.
enum UnitFormPage {
    struct Model {
        var form: UnitForm
        var errors = FieldErrors()
        /// nil when creating.
        var unitID: UUID?
        var isCenter = false
        var parents: [(value: String, label: String)]
        var provinces: [AddressDirectory.Place]
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let f = m.form
        let action: SiteURL = m.unitID.map { .adminUnitEdit($0) } ?? .adminUnits
        return .group(
            .el("h1", [], [.txt(m.unitID == nil ? t(.unitNew) : t(.unitEdit))]),
            FormField.summary(m.errors, t),
            .el("form", [.id("unit-form"), .action(action), .postMethod, .cls("stacked")], [
                Layout.csrfField(req),
                FormField.hidden("version", value: f.version),
                FormField.text("name", label: t(.name), value: f.name, errors: m.errors, required: true,
                           extra: [Attr("maxlength", "150")]),
                m.isCenter ? .empty : FormField.select("kind", label: t(.kind),
                    options: UnitKind.officeKinds.map { ($0.rawValue, t.unitKind($0)) }, selected: f.kind,
                    errors: m.errors, required: true),
                FormField.text("code", label: t(.code), value: f.code, errors: m.errors, hint: t(.unitCodeHint),
                           required: true, extra: [Attr("maxlength", "10"), Attr("pattern", "[A-Za-z0-9]{2,10}"),
                                                   Attr("autocapitalize", "characters")]),
                m.isCenter ? .empty : FormField.select("parent_id", label: t(.parent), options: m.parents,
                                                   selected: f.parentID, errors: m.errors, required: true),
                AddressPicker.view(provinceCode: f.provinceCode, commune: f.commune, communeCode: f.communeCode,
                                   provinces: m.provinces, errors: m.errors, t),
                FormField.text("address_detail", label: t(.addressDetail), value: f.addressDetail, errors: m.errors,
                           extra: [Attr("maxlength", "200")]),
                FormField.text("phone", label: t(.phone), value: f.phone, errors: m.errors, type: "tel",
                           autocomplete: "tel"),
                .el("div", [.cls("form-actions")], [
                    FormField.submit(t(.save)),
                    .link(.adminUnits, t(.cancel), [.cls("button-secondary")]),
                ]),
            ])
        )
    }
}

/// Province, then commune. The commune is typed (with or without tone marks); `app.js`
/// suggests matches from the API and fills the hidden code. Without JavaScript the server
/// resolves the typed name.
enum AddressPicker {
    static func view(provinceCode: String, commune: String, communeCode: String,
                     provinces: [AddressDirectory.Place], errors: FieldErrors, _ t: Localizer) -> BodyNode {
        .el("fieldset", [.cls("address-picker"), Attr("data-address-picker")], [
            .el("legend", [], [.txt(t(.address))]),
            FormField.select("province_code", label: t(.province), options: provinces.map { ($0.code, $0.displayName) },
                         selected: provinceCode, errors: errors, placeholder: t(.chooseOne)),
            FormField.text("commune", label: t(.commune), value: commune, errors: errors, hint: t(.communeHint),
                       autocomplete: "off",
                       extra: [Attr("list", "commune-options"),
                               Attr("data-suggest", SiteURL.apiCommunes.path)]),
            .el("datalist", [.id("commune-options")], []),
            FormField.hidden("commune_code", value: communeCode),
        ])
    }
}
