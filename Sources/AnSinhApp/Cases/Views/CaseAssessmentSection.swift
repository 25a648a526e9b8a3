import AnSinhCore
import Plot
import Vapor

extension CasePage {
    /// Assessments, newest first: the risk assessments are the history of the case's risk level.
    /// Below, one form for each kind; the one that was refused comes back open, with what was typed.
    static func assessmentsSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let items: [BodyNode] = m.assessments.map { a in
            let when = ISODateTime.parse(a.at).map(VNFormat.dateTime) ?? a.at
            return .el("li", [.cls("assessment")], [
                .el("strong", [], [.txt(assessmentKind(a.kind, t) + " · " + when
                    + (a.overallRisk.flatMap(RiskLevel.init(rawValue:)).map { " · " + t.pick(vi: "Mức ", en: "Level ") + t.riskLevel($0) } ?? ""))]),
                assessmentDetails(a, t),
            ])
        }
        return .group(
            .el("h2", [.id("assessments-heading")], [.txt(t.pick(vi: "Đánh giá", en: "Assessments"))]),
            items.isEmpty ? .el("p", [.cls("muted")], [.txt(t(.noRecords))]) : .el("ol", [.cls("assessments"), .id("assessments")], items),
            riskForm(m, req),
            needsForm(m, req),
            conferenceForm(m, req)
        )
    }

    static func assessmentKind(_ kind: String, _ t: Localizer) -> String {
        switch CaseAssessment.Kind(rawValue: kind) {
        case .risk: t.pick(vi: "Đánh giá nguy cơ", en: "Risk assessment")
        case .needs: t.pick(vi: "Đánh giá nhu cầu", en: "Needs assessment")
        case .conference: t.pick(vi: "Họp trường hợp", en: "Case conference")
        case nil: kind
        }
    }

    private static func assessmentDetails(_ a: CaseWork.AssessmentOutput, _ t: Localizer) -> BodyNode {
        if let r = a.risk {
            let rows: [BodyNode] = RiskDimension.allCases.map { d in
                .el("li", [], [.txt(riskDimension(d, t) + ": " + t.riskLevel(d.level(in: r)))])
            }
            return .el("ul", [], rows + (r.notes.map { [.el("li", [], [.txt(t.pick(vi: "Ghi chú: ", en: "Notes: ") + $0)])] } ?? []))
        }
        if let n = a.needs {
            return .el("ul", [], n.domains.map { d in
                .el("li", [], [.txt(t.needsDomain(d.domain) + ": " + d.needs + (d.strengths.map { " — " + t.pick(vi: "điểm mạnh: ", en: "strengths: ") + $0 } ?? ""))])
            })
        }
        if let c = a.conference {
            return .el("ul", [], [
                .el("li", [], [.txt(t.pick(vi: "Ngày họp: ", en: "Date: ") + (LocalDate(iso: c.date)?.description ?? c.date))]),
                .el("li", [], [.txt(t.pick(vi: "Người dự: ", en: "Participants: ") + c.participants)]),
                .el("li", [], [.txt(t.pick(vi: "Quyết định: ", en: "Decisions: ") + c.decisions)]),
            ])
        }
        return .empty
    }

    /// The four dimensions of the initial risk assessment, in the order of the form.
    enum RiskDimension: String, CaseIterable {
        case harm, abuserAccess, careObstacles, childCapacity

        func level(in r: RiskDetails) -> RiskLevel {
            switch self {
            case .harm: r.harm
            case .abuserAccess: r.abuserAccess
            case .careObstacles: r.careObstacles
            case .childCapacity: r.childCapacity
            }
        }
    }

    static func riskDimension(_ d: RiskDimension, _ t: Localizer) -> String {
        switch d {
        case .harm: t.pick(vi: "Mức độ tổn hại đối với trẻ", en: "Harm to the child")
        case .abuserAccess: t.pick(vi: "Khả năng người gây hại tiếp cận trẻ", en: "The abuser's access to the child")
        case .careObstacles: t.pick(vi: "Trở ngại trong môi trường chăm sóc", en: "Obstacles in the care setting")
        case .childCapacity: t.pick(vi: "Khả năng tự bảo vệ, phục hồi của trẻ", en: "The child's capacity to protect and recover")
        }
    }

    /// A form inside a `<details>`, open when it is the one that was refused.
    private static func assessmentForm(_ kind: CaseAssessment.Kind, summary: String, _ m: Model, _ req: Request, _ fields: [BodyNode]) -> BodyNode {
        let refused = req.method == .POST && req.url.path == SiteURL.caseAssessments(m.c.id!).path && req.formValue("kind") == kind.rawValue
        return .el("details", [.cls("assessment-form"), .id("\(kind.rawValue)-assessment")] + (refused ? [Attr("open", "")] : []), [
            .el("summary", [], [.txt(summary)]),
            .el("form", [.id("\(kind.rawValue)-form"), .action(.caseAssessments(m.c.id!)), .postMethod], [
                // No id: three forms on the page carry this field (and the notes form has a `kind` too).
                Layout.csrfField(req), .void("input", [.type("hidden"), .name("kind"), .value(kind.rawValue)]),
                m.errors[kind.rawValue].map { .el("p", [.id("\(kind.rawValue)-error"), .cls("field-error"), Attr("role", "alert")], [.txt($0)]) } ?? .empty,
            ] + fields + [FormField.submit(req.t.pick(vi: "Ghi nhận", en: "Record"))]),
        ])
    }

    private static func riskForm(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        func typed(_ name: String) -> String? { CasePage.typed(req, .caseAssessments(m.c.id!), name) }
        let levels = RiskLevel.allCases.map { (value: $0.rawValue, label: t.riskLevel($0)) }
        let selects: [BodyNode] = RiskDimension.allCases.map { d in
            FormField.select(d.rawValue, label: riskDimension(d, t), options: levels, selected: typed(d.rawValue), errors: m.errors,
                             required: true, placeholder: "—")
        }
        return assessmentForm(.risk, summary: t.pick(vi: "Đánh giá nguy cơ (bốn khía cạnh)", en: "Risk assessment (four dimensions)"), m, req, [
            .el("div", [.cls("intake-row")], selects),
            FormField.text("riskNotes", label: t.pick(vi: "Ghi chú", en: "Notes"), value: typed("riskNotes"), errors: m.errors),
        ])
    }

    private static func needsForm(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        func typed(_ name: String) -> String? { CasePage.typed(req, .caseAssessments(m.c.id!), name) }
        let rows: [BodyNode] = NeedsDomain.allCases.map { d in
            .el("div", [.cls("intake-row")], [
                FormField.text("needs-\(d.rawValue)", label: t.needsDomain(d) + ": " + t.pick(vi: "nhu cầu", en: "needs"),
                               value: typed("needs-\(d.rawValue)"), errors: m.errors),
                FormField.text("strengths-\(d.rawValue)", label: t.pick(vi: "Điểm mạnh", en: "Strengths"),
                               value: typed("strengths-\(d.rawValue)"), errors: m.errors),
            ])
        }
        return assessmentForm(.needs, summary: t.pick(vi: "Đánh giá nhu cầu (tám lĩnh vực)", en: "Needs assessment (eight domains)"), m, req, [
            .el("p", [.cls("hint")], [.txt(t.pick(vi: "Ghi các lĩnh vực có nhu cầu; để trống lĩnh vực không có.", en: "Fill in the domains with needs; leave the others empty."))]),
        ] + rows)
    }

    private static func conferenceForm(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        func typed(_ name: String) -> String? { CasePage.typed(req, .caseAssessments(m.c.id!), name) }
        return assessmentForm(.conference, summary: t.pick(vi: "Biên bản họp trường hợp", en: "Case conference record"), m, req, [
            FormField.text("conferenceDate", label: t.pick(vi: "Ngày họp", en: "Date"), value: typed("conferenceDate") ?? m.today, errors: m.errors,
                           type: "date", required: true),
            FormField.text("conferenceParticipants", label: t.pick(vi: "Người dự", en: "Participants"), value: typed("conferenceParticipants"),
                           errors: m.errors, required: true),
            .el("div", [.cls("field")], [
                .el("label", [.for("conferenceDecisions")], [.txt(t.pick(vi: "Quyết định", en: "Decisions"))]),
                .el("textarea", [.id("conferenceDecisions"), .name("conferenceDecisions"), Attr("rows", "3"), Attr("maxlength", "8000"), .required],
                    [.txt(typed("conferenceDecisions") ?? "")]),
            ]),
        ])
    }
}
