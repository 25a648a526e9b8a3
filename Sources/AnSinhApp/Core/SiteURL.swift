import Foundation
import Vapor

/// Every page and endpoint of the site. Routes, links, redirects and tests all take their
/// paths from here, so a path is written once.
enum SiteURL: PageURL {
    case home
    case login
    case logout
    case account
    case accountLanguage
    case accountPassword
    case heldForm
    case tokens
    case tokenRevoke(UUID)
    case unitShow(UUID)
    case adminUnits
    case adminUnitNew
    case adminUnitEdit(UUID)
    case adminUnitActive(UUID)
    case adminUsers
    case adminUserNew
    case adminUserEdit(UUID)
    case adminUserActive(UUID)
    case adminUserResetPassword(UUID)
    case adminAudit
    case adminCalendar
    case adminCalendarDelete(UUID)
    case staticAsset(String)
    case healthz
    case readyz
    case metrics
    case apiOpenAPI
    case apiMe
    case apiProvinces
    case apiCommunes
    case apiLegacyCommune(String)
    case apiHotlineLines
    case apiHotlineTopics
    case apiCalls
    case apiCall(UUID)
    case apiHotlineReport
    case apiRepeatCaller
    case hotlineCalls
    case hotlineCallNew
    case hotlineReport
    case hotlineCallsExport
    case apiExperts
    case hotlineCallReveal(UUID)
    case hotlineCall(UUID)
    case hotlineCallPerson(UUID)
    case hotlineCallUndo(UUID)
    case apiPersons
    case apiPersonRelations(UUID)
    case apiPersonConsents(UUID)
    case apiPersonConsent(UUID, UUID)
    case apiPersonRelation(UUID, UUID)
    case apiCases
    case caseNoteDone(UUID, UUID)
    case caseReport
    case caseReportExport
    case casePlan(UUID)
    case casePlanDecision(UUID, UUID)
    case caseNote(UUID)
    case caseAttachmentUpload(UUID)
    case apiCaseAttachments(UUID)
    case caseAttachment(UUID, UUID)
    case apiCaseNotes(UUID)
    case apiCaseAssessments(UUID)
    case apiCasePlans(UUID)
    case apiCasePlanDecision(UUID, UUID)
    case apiCaseReport
    case apiTargets
    case cases
    case caseNew
    case caseShow(UUID)
    case caseMove(UUID)
    case apiCase(UUID)
    case apiCaseTransitions(UUID)
    case apiPerson(UUID)
    case people
    case personNew
    case person(UUID)
    case personEdit(UUID)
    case hotlineWork
    case hotlineLines
    case hotlineCallBackDone(UUID)
    case apiTopic(String)
    case hotlineLineActive(UUID)
    case hotlineQuestionCalledBack(UUID)
    case apiCallQuestions(UUID)
    case apiQuestion(UUID)
    case apiCallHandoffs(UUID)
    case apiHandoff(UUID)
    case apiWorkList
    case hotlineReportExport
    case apiCasePersons(UUID)
    case apiCasePerson(UUID, UUID)
    case apiCaseAssignment(UUID)
    case apiCaseTeam(UUID)
    case apiCaseTeamMember(UUID, UUID)
    case apiCaseTransfers(UUID)
    case apiTransfers
    case apiTransferDecision(UUID)
    case casePersons(UUID)
    case casePersonRemove(UUID, UUID)
    case caseAssignment(UUID)
    case caseTeam(UUID)
    case caseTeamRemove(UUID, UUID)
    case caseTransfer(UUID)
    case caseTransfers
    case caseTransferDecision(UUID)
    case caseEdit(UUID)
    case apiClientGroups
    case apiClientGroup(String)
    case apiCaseDeadlines
    case caseSettings
    case caseTargets
    case caseSettingsGroups
    case caseSettingsGroupActive(String)
    case caseSettingsDeadlines
    case apiPersonMerge(UUID)
    case personMerge(UUID)
    case personPhoto(UUID)
    case personRelations(UUID)
    case personConsents(UUID)
    case personConsentWithdraw(UUID, UUID)
    case personRelationRemove(UUID, UUID)
    case apiCaseDisclosures(UUID)
    case caseDisclosures(UUID)
    case caseAssessments(UUID)

    /// The path with `:id` (or `:code`) where the value goes, as routes declare it.
    var template: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .account: "/account"
        case .accountLanguage: "/account/language"
        case .accountPassword: "/account/password"
        case .heldForm: "/account/held-form"
        case .tokens: "/account/tokens"
        case .tokenRevoke: "/account/tokens/:id/revoke"
        case .unitShow: "/units/:id"
        case .adminUnits: "/admin/units"
        case .adminUnitNew: "/admin/units/new"
        case .adminUnitEdit: "/admin/units/:id/edit"
        case .adminUnitActive: "/admin/units/:id/active"
        case .adminUsers: "/admin/users"
        case .adminUserNew: "/admin/users/new"
        case .adminUserEdit: "/admin/users/:id/edit"
        case .adminUserActive: "/admin/users/:id/active"
        case .adminUserResetPassword: "/admin/users/:id/reset-password"
        case .adminAudit: "/admin/audit"
        case .adminCalendar: "/admin/calendar"
        case .adminCalendarDelete: "/admin/calendar/:id/delete"
        case .staticAsset: "/static/:file"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .apiOpenAPI: "/api/v1/openapi.json"
        case .apiMe: "/api/v1/me"
        case .apiProvinces: "/api/v1/admin-units/provinces"
        case .apiCommunes: "/api/v1/admin-units/communes"
        case .apiLegacyCommune: "/api/v1/admin-units/legacy-communes/:code"
        case .apiHotlineLines: "/api/v1/hotline/lines"
        case .apiHotlineTopics: "/api/v1/hotline/topics"
        case .apiCalls: "/api/v1/calls"
        case .apiCall: "/api/v1/calls/:id"
        case .apiHotlineReport: "/api/v1/reports/hotline"
        case .apiRepeatCaller: "/api/v1/hotline/repeat-caller"
        case .hotlineCalls: "/hotline/calls"
        case .hotlineCallNew: "/hotline/calls/new"
        case .hotlineReport: "/hotline/report"
        case .hotlineCallsExport: "/hotline/calls/export"
        case .apiExperts: "/api/v1/hotline/experts"
        case .hotlineCallReveal: "/hotline/calls/:id/caller"
        case .hotlineCall: "/hotline/calls/:id"
        case .hotlineCallPerson: "/hotline/calls/:id/person"
        case .hotlineCallUndo: "/hotline/calls/:id/undo"
        case .apiPersons: "/api/v1/persons"
        case .apiPersonRelations: "/api/v1/persons/:id/relations"
        case .apiPersonConsents: "/api/v1/persons/:id/consents"
        case .apiPersonConsent: "/api/v1/persons/:id/consents/:consent"
        case .apiPersonRelation: "/api/v1/persons/:id/relations/:item"
        case .apiCases: "/api/v1/cases"
        case .caseNoteDone: "/cases/:id/notes/:note/done"
        case .caseReport: "/cases/report"
        case .caseReportExport: "/cases/report/export"
        case .casePlan: "/cases/:id/plans"
        case .casePlanDecision: "/cases/:id/plans/:plan/decision"
        case .caseNote: "/cases/:id/notes"
        case .caseAttachmentUpload: "/cases/:id/attachments"
        case .apiCaseAttachments: "/api/v1/cases/:id/attachments"
        case .caseAttachment: "/cases/:id/attachments/:file"
        case .apiCaseNotes: "/api/v1/cases/:id/notes"
        case .apiCaseAssessments: "/api/v1/cases/:id/assessments"
        case .apiCasePlans: "/api/v1/cases/:id/plans"
        case .apiCasePlanDecision: "/api/v1/cases/:id/plans/:plan/decision"
        case .apiCaseReport: "/api/v1/reports/cases"
        case .apiTargets: "/api/v1/targets"
        case .cases: "/cases"
        case .caseNew: "/cases/new"
        case .caseShow: "/cases/:id"
        case .caseMove: "/cases/:id/move"
        case .apiCase: "/api/v1/cases/:id"
        case .apiCaseTransitions: "/api/v1/cases/:id/transitions"
        case .apiPerson: "/api/v1/persons/:id"
        case .people: "/people"
        case .personNew: "/people/new"
        case .person: "/people/:id"
        case .personEdit: "/people/:id/edit"
        case .hotlineWork: "/hotline/work"
        case .hotlineLines: "/hotline/lines"
        case .hotlineCallBackDone: "/hotline/calls/:id/called-back"
        case .apiTopic: "/api/v1/hotline/topics/:code"
        case .hotlineLineActive: "/hotline/lines/:id/active"
        case .hotlineQuestionCalledBack: "/hotline/questions/:id/called-back"
        case .apiCallQuestions: "/api/v1/calls/:id/questions"
        case .apiQuestion: "/api/v1/hotline/questions/:id"
        case .apiCallHandoffs: "/api/v1/calls/:id/handoffs"
        case .apiHandoff: "/api/v1/hotline/handoffs/:id"
        case .apiWorkList: "/api/v1/hotline/work"
        case .hotlineReportExport: "/hotline/report/export"
        case .apiCasePersons: "/api/v1/cases/:id/persons"
        case .apiCasePerson: "/api/v1/cases/:id/persons/:item"
        case .apiCaseAssignment: "/api/v1/cases/:id/assignment"
        case .apiCaseTeam: "/api/v1/cases/:id/team"
        case .apiCaseTeamMember: "/api/v1/cases/:id/team/:item"
        case .apiCaseTransfers: "/api/v1/cases/:id/transfers"
        case .apiTransfers: "/api/v1/transfers"
        case .apiTransferDecision: "/api/v1/transfers/:id/decision"
        case .casePersons: "/cases/:id/persons"
        case .casePersonRemove: "/cases/:id/persons/:item/remove"
        case .caseAssignment: "/cases/:id/assignment"
        case .caseTeam: "/cases/:id/team"
        case .caseTeamRemove: "/cases/:id/team/:item/remove"
        case .caseTransfer: "/cases/:id/transfers"
        case .caseTransfers: "/cases/transfers"
        case .caseTransferDecision: "/cases/transfers/:id/decision"
        case .caseEdit: "/cases/:id/edit"
        case .apiClientGroups: "/api/v1/client-groups"
        case .apiClientGroup: "/api/v1/client-groups/:code"
        case .apiCaseDeadlines: "/api/v1/case-deadlines"
        case .caseSettings: "/admin/case-settings"
        case .caseTargets: "/cases/targets"
        case .caseSettingsGroups: "/admin/case-settings/groups"
        case .caseSettingsGroupActive: "/admin/case-settings/groups/:code/active"
        case .caseSettingsDeadlines: "/admin/case-settings/deadlines"
        case .apiPersonMerge: "/api/v1/persons/:id/merge"
        case .personMerge: "/people/:id/merge"
        case .personPhoto: "/people/:id/photo"
        case .personRelations: "/people/:id/relations"
        case .personConsents: "/people/:id/consents"
        case .personConsentWithdraw: "/people/:id/consents/:consent/withdraw"
        case .personRelationRemove: "/people/:id/relations/:item/remove"
        case .apiCaseDisclosures: "/api/v1/cases/:id/disclosures"
        case .caseDisclosures: "/cases/:id/disclosures"
        case .caseAssessments: "/cases/:id/assessments"
        }
    }

    /// The path to link to.
    var path: String {
        switch self {
        case .tokenRevoke(let id), .unitShow(let id), .adminUnitEdit(let id), .adminUnitActive(let id),
             .adminUserEdit(let id), .adminUserActive(let id), .adminUserResetPassword(let id),
             .adminCalendarDelete(let id), .apiCall(let id), .apiCallQuestions(let id), .apiQuestion(let id),
             .apiCallHandoffs(let id), .apiHandoff(let id), .hotlineCallReveal(let id), .hotlineCall(let id), .hotlineCallPerson(let id), .hotlineCallUndo(let id),
             .apiPerson(let id), .person(let id), .personEdit(let id), .apiPersonRelations(let id), .apiPersonConsents(let id), .apiCase(let id), .apiCaseTransitions(let id),
             .caseShow(let id), .caseMove(let id), .apiCaseNotes(let id), .apiCaseAssessments(let id), .apiCasePlans(let id),
             .apiCaseAttachments(let id), .casePlan(let id), .caseNote(let id), .caseAttachmentUpload(let id),
             .hotlineQuestionCalledBack(let id), .hotlineLineActive(let id), .hotlineCallBackDone(let id),
             .apiCasePersons(let id), .apiCaseAssignment(let id), .apiCaseTeam(let id), .apiCaseTransfers(let id),
             .apiTransferDecision(let id), .casePersons(let id), .caseAssignment(let id), .caseTeam(let id),
             .caseTransfer(let id), .caseTransferDecision(let id), .caseEdit(let id),
             .apiPersonMerge(let id), .personMerge(let id), .personPhoto(let id),
             .personRelations(let id), .personConsents(let id), .apiCaseDisclosures(let id), .caseDisclosures(let id),
             .caseAssessments(let id):
            template.replacingOccurrences(of: ":id", with: id.uuidString.lowercased())
        case .apiPersonConsent(let id, let consent), .personConsentWithdraw(let id, let consent):
            template.replacingOccurrences(of: ":id", with: id.uuidString.lowercased())
                .replacingOccurrences(of: ":consent", with: consent.uuidString.lowercased())
        case .caseNoteDone(let id, let note):
            template.replacingOccurrences(of: ":id", with: id.uuidString.lowercased())
                .replacingOccurrences(of: ":note", with: note.uuidString.lowercased())
        case .caseAttachment(let id, let file):
            template.replacingOccurrences(of: ":id", with: id.uuidString.lowercased())
                .replacingOccurrences(of: ":file", with: file.uuidString.lowercased())
        case .apiCasePlanDecision(let id, let plan), .casePlanDecision(let id, let plan):
            template.replacingOccurrences(of: ":id", with: id.uuidString.lowercased())
                .replacingOccurrences(of: ":plan", with: plan.uuidString.lowercased())
        case .apiCasePerson(let id, let item), .apiCaseTeamMember(let id, let item), .casePersonRemove(let id, let item),
             .caseTeamRemove(let id, let item), .apiPersonRelation(let id, let item), .personRelationRemove(let id, let item):
            template.replacingOccurrences(of: ":id", with: id.uuidString.lowercased())
                .replacingOccurrences(of: ":item", with: item.uuidString.lowercased())
        case .staticAsset(let file):
            template.replacingOccurrences(of: ":file", with: file)
        case .apiLegacyCommune(let code), .apiTopic(let code), .apiClientGroup(let code), .caseSettingsGroupActive(let code):
            template.replacingOccurrences(of: ":code", with: code)
        default:
            template
        }
    }

    /// The value used in route templates wherever an id goes.
    static let anyID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}

extension Request {
    /// The `:id` parameter of the route, or 404 when it is not a UUID.
    func idParameter() throws -> UUID {
        guard let raw = parameters.get("id"), let id = UUID(uuidString: raw) else {
            throw Abort(.notFound)
        }
        return id
    }

    func redirect(to url: SiteURL) -> Response {
        redirect(to: url.path, redirectType: .normal)
    }

    /// A redirect to a page of a module's own URLs.
    func redirect(toPage url: some PageURL) -> Response {
        redirect(to: url.path, redirectType: .normal)
    }
}

extension Request {
    /// The path as the router reads it: `/api/v1/calls/` and `//api/v1/calls` reach the same
    /// handler, so checks by path (the write gate, idempotency keys) must read it the same way.
    var routedPath: String {
        let raw = url.path
        return raw.contains("//") || (raw.count > 1 && raw.hasSuffix("/")) ? "/" + raw.split(separator: "/").joined(separator: "/") : raw
    }
}
