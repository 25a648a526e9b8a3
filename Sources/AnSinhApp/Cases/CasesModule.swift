import Fluent
import Vapor

/// Case files: restricted ones are visible to their team, supervisors and the director only.
struct CasesModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        let cases = CasesAPIController()
        let pages = CasesController()
        let targets = TargetsAPIController()
        let work = CaseWorkController()
        let disclosures = CaseDisclosureController()
        let team = CaseTeamAPIController()
        let teamPages = CaseTeamPages()
        let attachments = AttachmentController()
        let settings = CaseSettingsController()
        app.guarded(by: .manageCases) { r in
            // Transfers to and from one's units: the receiving staff see what is coming; supervisors
            // and the director decide (below).
            r.get(SiteURL.apiTransfers.components, use: team.transfers)
            r.get(SiteURL.caseTransfers.components, use: teamPages.list)
            r.post(SiteURL.apiCases.components, use: cases.create)
            r.get(SiteURL.apiCases.components, use: cases.list)
            r.get(SiteURL.apiCase(SiteURL.anyID).components, use: cases.get)
            r.post(SiteURL.apiCaseTransitions(SiteURL.anyID).components, use: cases.transition)
            r.post(SiteURL.apiCaseNotes(SiteURL.anyID).components, use: work.addNote)
            r.get(SiteURL.apiCaseNotes(SiteURL.anyID).components, use: work.notes)
            r.post(SiteURL.apiCaseDisclosures(SiteURL.anyID).components, use: disclosures.create)
            r.get(SiteURL.apiCaseDisclosures(SiteURL.anyID).components, use: disclosures.list)
            r.post(SiteURL.caseDisclosures(SiteURL.anyID).components, use: disclosures.createFromPage)
            r.post(SiteURL.apiCaseAssessments(SiteURL.anyID).components, use: work.addAssessment)
            r.get(SiteURL.apiCaseAssessments(SiteURL.anyID).components, use: work.assessments)
            r.post(SiteURL.apiCasePlans(SiteURL.anyID).components, use: work.submitPlan)
            r.get(SiteURL.apiCasePlans(SiteURL.anyID).components, use: work.plans)
            r.post(SiteURL.apiCasePlanDecision(SiteURL.anyID, SiteURL.anyID).components, use: work.decide)
            // Uploads up to 10 MB (plus the multipart envelope); the handler checks the exact size.
            r.on(.POST, SiteURL.apiCaseAttachments(SiteURL.anyID).components, body: .collect(maxSize: "11mb"), use: attachments.upload)
            r.get(SiteURL.apiCaseAttachments(SiteURL.anyID).components, use: attachments.list)
            r.get(SiteURL.caseAttachment(SiteURL.anyID, SiteURL.anyID).components, use: attachments.download)
            r.get(SiteURL.cases.components, use: pages.list)
            r.post(SiteURL.caseNote(SiteURL.anyID).components, use: pages.addNote)
            r.post(SiteURL.caseAssessments(SiteURL.anyID).components, use: pages.addAssessment)
            r.post(SiteURL.caseNoteDone(SiteURL.anyID, SiteURL.anyID).components, use: pages.followUpDone)
            r.post(SiteURL.casePlan(SiteURL.anyID).components, use: pages.submitPlan)
            r.post(SiteURL.casePlanDecision(SiteURL.anyID, SiteURL.anyID).components, use: pages.decidePlan)
            r.on(.POST, SiteURL.caseAttachmentUpload(SiteURL.anyID).components, body: .collect(maxSize: "11mb"), use: pages.upload)
            r.post(SiteURL.cases.components, use: pages.create)
            r.get(SiteURL.caseNew.components, use: pages.newForm)
            r.get(SiteURL.caseShow(SiteURL.anyID).components, use: pages.show)
            r.post(SiteURL.caseMove(SiteURL.anyID).components, use: pages.move)
            r.patch(SiteURL.apiCase(SiteURL.anyID).components, use: cases.update)
            r.get(SiteURL.caseEdit(SiteURL.anyID).components, use: pages.editForm)
            r.post(SiteURL.caseEdit(SiteURL.anyID).components, use: pages.update)
            r.get(SiteURL.apiCasePersons(SiteURL.anyID).components, use: team.participants)
            r.post(SiteURL.apiCasePersons(SiteURL.anyID).components, use: team.addParticipant)
            r.delete(SiteURL.apiCasePerson(SiteURL.anyID, SiteURL.anyID).components, use: team.removeParticipant)
            r.post(SiteURL.casePersons(SiteURL.anyID).components, use: teamPages.addParticipant)
            r.post(SiteURL.casePersonRemove(SiteURL.anyID, SiteURL.anyID).components, use: teamPages.removeParticipant)
        }
        // The center's client groups and the deadlines the law leaves to it.
        app.guarded(by: .signedIn) { r in
            r.get(SiteURL.apiClientGroups.components, use: settings.groups)
            r.get(SiteURL.apiCaseDeadlines.components, use: settings.deadlines)
        }
        app.guarded(by: .configureCases) { r in
            r.post(SiteURL.apiClientGroups.components, use: settings.addGroup)
            r.patch(SiteURL.apiClientGroup("").components, use: settings.changeGroup)
            r.put(SiteURL.apiCaseDeadlines.components, use: settings.setDeadline)
            r.get(SiteURL.caseSettings.components, use: settings.page)
            r.post(SiteURL.caseSettingsGroups.components, use: settings.addGroupForm)
            r.post(SiteURL.caseSettingsGroupActive("").components, use: settings.toggleGroupForm)
            r.post(SiteURL.caseSettingsDeadlines.components, use: settings.deadlineForm)
        }
        // Assignment, the case team and transfers between units: supervisors and the director.
        app.guarded(by: .approveCases) { r in
            r.put(SiteURL.apiCaseAssignment(SiteURL.anyID).components, use: team.assign)
            r.post(SiteURL.apiCaseTeam(SiteURL.anyID).components, use: team.addTeamMember)
            r.delete(SiteURL.apiCaseTeamMember(SiteURL.anyID, SiteURL.anyID).components, use: team.removeTeamMember)
            r.post(SiteURL.apiCaseTransfers(SiteURL.anyID).components, use: team.requestTransfer)
            r.post(SiteURL.apiTransferDecision(SiteURL.anyID).components, use: team.decide)
            r.post(SiteURL.caseAssignment(SiteURL.anyID).components, use: teamPages.assign)
            r.post(SiteURL.caseTeam(SiteURL.anyID).components, use: teamPages.addTeamMember)
            r.post(SiteURL.caseTeamRemove(SiteURL.anyID, SiteURL.anyID).components, use: teamPages.removeTeamMember)
            r.post(SiteURL.caseTransfer(SiteURL.anyID).components, use: teamPages.requestTransfer)
            r.post(SiteURL.caseTransferDecision(SiteURL.anyID).components, use: teamPages.decide)
        }
        app.guarded(by: .viewReports) { r in
            r.get(SiteURL.apiCaseReport.components, use: cases.report)
            r.get(SiteURL.caseReport.components, use: cases.reportPage)
            r.get(SiteURL.caseReportExport.components, use: cases.reportExport)
        }
        app.guarded(by: .setTargets) { r in
            r.put(SiteURL.apiTargets.components, use: targets.put)
            r.get(SiteURL.caseTargets.components, use: TargetsPage.show)
            r.post(SiteURL.caseTargets.components, use: TargetsPage.save)
        }
    }

    func migrations(_ config: AppConfig) -> [any Migration] {
        [CreateCases(), CreateAnnualTargets(), CreateCaseWork(), CreateCaseAttachments(), CreateCaseParticipantsAndTransfers(),
         CreateCaseSettings(), CreateCaseDisclosures(), AddCaseNoteVersion()]
    }

    var navigation: [NavEntry] {
        [NavEntry(.work, .manageCases, .cases) { $0.pick(vi: "Hồ sơ", en: "Cases") },
         NavEntry(.work, .manageCases, .caseTransfers) { $0.pick(vi: "Chuyển hồ sơ", en: "Transfers") },
         NavEntry(.work, .configureCases, .caseSettings) { $0.pick(vi: "Cấu hình hồ sơ", en: "Case settings") },
         NavEntry(.reports, .viewReports, .caseReport) { $0.pick(vi: "Báo cáo trường hợp", en: "Case report") },
         NavEntry(.reports, .setTargets, .caseTargets) { $0.pick(vi: "Chỉ tiêu năm", en: "Annual targets") }]
    }
}
