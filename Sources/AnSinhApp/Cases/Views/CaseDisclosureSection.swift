import AnSinhCore
import Plot
import Vapor

extension CasePage {
    /// Data shared with partners: the record of each disclosure and its basis, and the form to
    /// record one. The form says up front whether the person's consent to sharing is in force.
    static func disclosuresSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let rows: [BodyNode] = m.disclosures.map { d in
            let basis = d.legalGround.map { t.legalGround($0) + (d.groundStatement.map { ": " + $0 } ?? "") }
                ?? t.pick(vi: "Sự đồng ý của đối tượng", en: "The person's consent")
            return .el("tr", [], [
                .el("td", [], [.txt(LocalDate(iso: d.sharedOn)?.description ?? d.sharedOn)]),
                .el("td", [], [.txt(d.partner)]),
                .el("td", [], [.txt(d.what)]),
                .el("td", [], [.txt(basis)]),
            ])
        }
        let headers = [t.pick(vi: "Ngày", en: "Date"), t.pick(vi: "Đối tác", en: "Partner"), t.pick(vi: "Thông tin đã chia sẻ", en: "Data shared"),
                       t.pick(vi: "Căn cứ", en: "Basis")]
        return .group(
            .el("h2", [.id("disclosures")], [.txt(t.pick(vi: "Chia sẻ thông tin với đối tác", en: "Data shared with partners"))]),
            DataTable.view(headers: headers, rows: rows, empty: t(.noRecords)),
            disclosureForm(m, req)
        )
    }

    private static func disclosureForm(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        func typed(_ name: String) -> String? { CasePage.typed(req, .caseDisclosures(m.c.id!), name) }
        let consentNote = m.sharingConsentInForce
            ? t.pick(vi: "Đối tượng đã đồng ý chia sẻ thông tin với đối tác (còn hiệu lực): không cần chọn căn cứ pháp lý.",
                     en: "The person's consent to sharing with partners is in force: no legal ground is needed.")
            : t.pick(vi: "Đối tượng chưa đồng ý chia sẻ thông tin với đối tác: ghi nhận sự đồng ý ở hồ sơ đối tượng, hoặc chọn và nêu căn cứ pháp lý.",
                     en: "The person has not consented to sharing with partners: record the consent on the person's page, or choose and state a legal ground.")
        // Folded until a sharing is recorded: the consent notice concerns that moment, not every
        // visit to the case. Open again when the form comes back refused.
        let open = req.method == .POST && req.url.path == SiteURL.caseDisclosures(m.c.id!).path
        return .el("details", [.id("disclosure-details")] + (open ? [Attr("open", "")] : []), [
            .el("summary", [], [.txt(t.pick(vi: "Ghi nhận một lần chia sẻ thông tin", en: "Record a disclosure"))]),
            .el("form", [.id("disclosure-form"), .action(.caseDisclosures(m.c.id!)), .postMethod], [
                Layout.csrfField(req),
                .el("p", [.id("sharing-consent"), .cls(m.sharingConsentInForce ? "hint" : "flash warning")], [.txt(consentNote)]),
                .el("div", [.cls("intake-row")], [
                    FormField.text("partner", label: t.pick(vi: "Đối tác nhận thông tin", en: "Partner who received it"), value: typed("partner"),
                                   errors: m.errors, required: true),
                    FormField.text("sharedOn", label: t.pick(vi: "Ngày chia sẻ", en: "Shared on"), value: typed("sharedOn") ?? m.today,
                                   errors: m.errors, type: "date", required: true),
                ]),
                FormField.text("what", label: t.pick(vi: "Thông tin đã chia sẻ", en: "Data shared"), value: typed("what"), errors: m.errors,
                               required: true),
                .el("div", [.cls("intake-row")], [
                    FormField.select("legalGround", label: t.pick(vi: "Căn cứ pháp lý (khi không có sự đồng ý)", en: "Legal ground (without consent)"),
                                     options: LegalGround.allCases.map { ($0.rawValue, t.legalGround($0)) }, selected: typed("legalGround"),
                                     errors: m.errors, placeholder: t.pick(vi: "— theo sự đồng ý —", en: "— by consent —")),
                    FormField.text("groundStatement", label: t.pick(vi: "Nêu rõ căn cứ", en: "The ground stated"), value: typed("groundStatement"),
                                   errors: m.errors, hint: t.pick(vi: "Văn bản yêu cầu số, ngày; tình huống khẩn cấp; điều luật.",
                                                                  en: "The request's number and date; the emergency; the article of law.")),
                ]),
                FormField.submit(t.pick(vi: "Ghi nhận việc chia sẻ", en: "Record the disclosure")),
            ]),
        ])
    }
}
