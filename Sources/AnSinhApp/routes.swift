import Fluent
import Vapor

/// Every route, grouped by the guard that protects it. A route outside a `RequireLogin` group
/// is public and must be listed in the first block.
func routes(_ app: Application, metrics: RequestMetrics, throttle: LoginThrottle) throws {
    let csrf = CSRFMiddleware()
    let health = HealthController(metrics: metrics)
    let login = LoginController(throttle: throttle)
    let account = AccountController()
    let tokens = TokenController()
    let units = UnitController()
    let users = UserController()
    let audit = AuditController()
    let calendar = CalendarController()
    let api = APIController()
    let openAPI = OpenAPIController()
    let hotline = HotlineAPIController()
    let cases = CasesAPIController()
    let casePages = CasesController()
    let targets = TargetsAPIController()
    let caseWork = CaseWorkController()
    let disclosures = CaseDisclosureController()
    let caseTeam = CaseTeamAPIController()
    let caseTeamPages = CaseTeamPages()
    let attachments = AttachmentController()
    let hotlinePages = HotlineController()
    let followUps = FollowUpController()
    let lines = LinesController()

    // Public: probes, assets, the API description and the login form.
    do {
        app.get(SiteURL.healthz.components, use: health.healthz)
        app.get(SiteURL.readyz.components, use: health.readyz)
        app.get(SiteURL.metrics.components, use: health.metrics)
        app.get(SiteURL.staticAsset("").components) { req -> Response in
            req.application.assets.response(for: req.parameters.get("file") ?? "")
        }
        app.get(SiteURL.apiOpenAPI.components, use: openAPI.document)
        app.get(SiteURL.login.components, use: login.showLogin)
        app.grouped(csrf).post(SiteURL.login.components, use: login.login)
    }

    app.group(RequireLogin(policy: .useAPITokens), csrf) { r in
        r.get(SiteURL.tokens.components, use: tokens.list)
        r.post(SiteURL.tokens.components, use: tokens.create)
        r.post(SiteURL.tokenRevoke(SiteURL.anyID).components, use: tokens.revoke)
    }

    // Any signed-in account.
    app.group(RequireLogin(policy: .signedIn), csrf) { r in
        r.get(SiteURL.home.components, use: HomeController().home)
        r.post(SiteURL.logout.components, use: login.logout)
        r.get(SiteURL.account.components, use: account.show)
        r.post(SiteURL.accountLanguage.components, use: account.saveLanguage)
        r.get(SiteURL.accountPassword.components, use: login.showPassword)
        r.post(SiteURL.accountPassword.components, use: login.changePassword)
        r.get(SiteURL.heldForm.components, use: HeldFormController().show)
        r.get(SiteURL.apiMe.components, use: api.me)
        r.get(SiteURL.apiProvinces.components, use: api.provinces)
        r.get(SiteURL.apiCommunes.components, use: api.communes)
        r.get(SiteURL.apiLegacyCommune("").components, use: api.legacyCommune)
        r.get(SiteURL.apiHotlineLines.components, use: hotline.lines)
        r.get(SiteURL.apiHotlineTopics.components, use: hotline.topics)
    }

    // Hotline: counsellors and their supervisors record calls; case workers may read them.
    app.group(RequireLogin(policy: .recordCalls), csrf) { r in
        r.post(SiteURL.apiHotlineLines.components, use: hotline.createLine)
        r.post(SiteURL.apiCalls.components, use: hotline.createCall)
        r.patch(SiteURL.apiCall(SiteURL.anyID).components, use: hotline.updateCall)
        r.get(SiteURL.apiRepeatCaller.components, use: hotline.repeatCaller)
        r.get(SiteURL.apiExperts.components, use: followUps.experts)
        r.post(SiteURL.apiExperts.components, use: followUps.createExpert)
        r.post(SiteURL.apiCallQuestions(SiteURL.anyID).components, use: followUps.ask)
        r.patch(SiteURL.apiQuestion(SiteURL.anyID).components, use: followUps.updateQuestion)
        r.post(SiteURL.apiCallHandoffs(SiteURL.anyID).components, use: followUps.handOff)
        r.patch(SiteURL.apiHandoff(SiteURL.anyID).components, use: followUps.updateHandoff)
        r.get(SiteURL.apiWorkList.components, use: followUps.workList)
        r.get(SiteURL.hotlineWork.components, use: followUps.workPage)
        r.get(SiteURL.hotlineLines.components, use: lines.list)
        r.post(SiteURL.hotlineLines.components, use: lines.create)
        r.post(SiteURL.hotlineLineActive(SiteURL.anyID).components, use: lines.toggleActive)
        r.post(SiteURL.hotlineQuestionCalledBack(SiteURL.anyID).components, use: followUps.markCalledBack)
        r.post(SiteURL.hotlineCallBackDone(SiteURL.anyID).components, use: followUps.markCallBackDone)
        r.get(SiteURL.hotlineCallNew.components, use: hotlinePages.newCall)
        r.post(SiteURL.hotlineCalls.components, use: hotlinePages.createCall)
        r.get(SiteURL.hotlineCall(SiteURL.anyID).components, use: hotlinePages.editCall)
        r.post(SiteURL.hotlineCall(SiteURL.anyID).components, use: hotlinePages.updateCall)
        r.post(SiteURL.hotlineCallPerson(SiteURL.anyID).components, use: hotlinePages.linkPerson)
        r.post(SiteURL.hotlineCallUndo(SiteURL.anyID).components, use: hotlinePages.undoCall)
    }
    app.group(RequireLogin(policy: .viewCalls), csrf) { r in
        r.get(SiteURL.apiCalls.components, use: hotline.listCalls)
        r.get(SiteURL.apiCall(SiteURL.anyID).components, use: hotline.getCall)
        r.get(SiteURL.hotlineCalls.components, use: hotlinePages.list)
        r.get(SiteURL.hotlineCallsExport.components, use: hotlinePages.listExport)
    }
    app.group(RequireLogin(policy: .configureHotline), csrf) { r in
        r.post(SiteURL.apiHotlineTopics.components, use: hotline.createTopic)
        r.patch(SiteURL.apiTopic("").components, use: hotline.updateTopic)
    }
    app.group(RequireLogin(policy: .viewCallerIdentity), csrf) { r in
        r.get(SiteURL.hotlineCallReveal(SiteURL.anyID).components, use: hotlinePages.reveal)
    }
    app.group(RequireLogin(policy: .viewReports), csrf) { r in
        r.get(SiteURL.apiHotlineReport.components, use: hotline.report)
        r.get(SiteURL.apiCaseReport.components, use: cases.report)
        r.get(SiteURL.caseReport.components, use: cases.reportPage)
        r.get(SiteURL.caseReportExport.components, use: cases.reportExport)
        r.get(SiteURL.hotlineReport.components, use: hotlinePages.report)
        r.get(SiteURL.hotlineReportExport.components, use: hotlinePages.reportExport)
    }

    // The people registry: every view of a person is audited; records outside the scope are 404.
    let people = PeopleAPIController()
    let peoplePages = PeopleController()
    let relations = RelationsController()
    let photos = PersonPhotoController()
    let merges = PersonMergeController()
    let relationPages = PersonRelationsPages()
    app.group(RequireLogin(policy: .managePeople), csrf) { r in
        r.post(SiteURL.apiPersons.components, use: people.create)
        r.get(SiteURL.apiPersons.components, use: people.search)
        r.get(SiteURL.apiPerson(SiteURL.anyID).components, use: people.get)
        r.patch(SiteURL.apiPerson(SiteURL.anyID).components, use: people.update)
        r.post(SiteURL.apiPersonRelations(SiteURL.anyID).components, use: relations.addRelation)
        r.get(SiteURL.apiPersonRelations(SiteURL.anyID).components, use: relations.relations)
        r.post(SiteURL.apiPersonConsents(SiteURL.anyID).components, use: relations.addConsent)
        r.get(SiteURL.apiPersonConsents(SiteURL.anyID).components, use: relations.consents)
        r.patch(SiteURL.apiPersonConsent(SiteURL.anyID, SiteURL.anyID).components, use: relations.withdrawConsent)
        r.get(SiteURL.people.components, use: peoplePages.search)
        r.post(SiteURL.people.components, use: peoplePages.create)
        r.get(SiteURL.personNew.components, use: peoplePages.newForm)
        r.get(SiteURL.person(SiteURL.anyID).components, use: peoplePages.show)
        r.get(SiteURL.personEdit(SiteURL.anyID).components, use: peoplePages.editForm)
        r.post(SiteURL.personEdit(SiteURL.anyID).components, use: peoplePages.update)
        r.on(.POST, SiteURL.personPhoto(SiteURL.anyID).components, body: .collect(maxSize: "6mb"), use: photos.upload)
        r.get(SiteURL.personPhoto(SiteURL.anyID).components, use: photos.download)
        r.post(SiteURL.personRelations(SiteURL.anyID).components, use: relationPages.addRelation)
        r.post(SiteURL.personRelationRemove(SiteURL.anyID, SiteURL.anyID).components, use: relationPages.removeRelation)
        r.delete(SiteURL.apiPersonRelation(SiteURL.anyID, SiteURL.anyID).components, use: relations.removeRelation)
        r.post(SiteURL.personConsents(SiteURL.anyID).components, use: relationPages.addConsent)
        r.post(SiteURL.personConsentWithdraw(SiteURL.anyID, SiteURL.anyID).components, use: relationPages.withdraw)
    }
    app.group(RequireLogin(policy: .mergePeople), csrf) { r in
        r.post(SiteURL.apiPersonMerge(SiteURL.anyID).components, use: merges.mergeAPI)
        r.get(SiteURL.personMerge(SiteURL.anyID).components, use: merges.page)
        r.post(SiteURL.personMerge(SiteURL.anyID).components, use: merges.merge)
    }

    // Case files: restricted ones are visible to their team, supervisors and the director only.
    app.group(RequireLogin(policy: .manageCases), csrf) { r in
        // Transfers to and from one's units: the receiving staff see what is coming; supervisors
        // and the director decide (below).
        r.get(SiteURL.apiTransfers.components, use: caseTeam.transfers)
        r.get(SiteURL.caseTransfers.components, use: caseTeamPages.list)
        r.post(SiteURL.apiCases.components, use: cases.create)
        r.get(SiteURL.apiCases.components, use: cases.list)
        r.get(SiteURL.apiCase(SiteURL.anyID).components, use: cases.get)
        r.post(SiteURL.apiCaseTransitions(SiteURL.anyID).components, use: cases.transition)
        r.post(SiteURL.apiCaseNotes(SiteURL.anyID).components, use: caseWork.addNote)
        r.get(SiteURL.apiCaseNotes(SiteURL.anyID).components, use: caseWork.notes)
        r.post(SiteURL.apiCaseDisclosures(SiteURL.anyID).components, use: disclosures.create)
        r.get(SiteURL.apiCaseDisclosures(SiteURL.anyID).components, use: disclosures.list)
        r.post(SiteURL.caseDisclosures(SiteURL.anyID).components, use: disclosures.createFromPage)
        r.post(SiteURL.apiCaseAssessments(SiteURL.anyID).components, use: caseWork.addAssessment)
        r.get(SiteURL.apiCaseAssessments(SiteURL.anyID).components, use: caseWork.assessments)
        r.post(SiteURL.apiCasePlans(SiteURL.anyID).components, use: caseWork.submitPlan)
        r.get(SiteURL.apiCasePlans(SiteURL.anyID).components, use: caseWork.plans)
        r.post(SiteURL.apiCasePlanDecision(SiteURL.anyID, SiteURL.anyID).components, use: caseWork.decide)
        // Uploads up to 10 MB (plus the multipart envelope); the handler checks the exact size.
        r.on(.POST, SiteURL.apiCaseAttachments(SiteURL.anyID).components, body: .collect(maxSize: "11mb"), use: attachments.upload)
        r.get(SiteURL.apiCaseAttachments(SiteURL.anyID).components, use: attachments.list)
        r.get(SiteURL.caseAttachment(SiteURL.anyID, SiteURL.anyID).components, use: attachments.download)
        r.get(SiteURL.cases.components, use: casePages.list)
        r.post(SiteURL.caseNote(SiteURL.anyID).components, use: casePages.addNote)
        r.post(SiteURL.caseAssessments(SiteURL.anyID).components, use: casePages.addAssessment)
        r.post(SiteURL.caseNoteDone(SiteURL.anyID, SiteURL.anyID).components, use: casePages.followUpDone)
        r.post(SiteURL.casePlan(SiteURL.anyID).components, use: casePages.submitPlan)
        r.post(SiteURL.casePlanDecision(SiteURL.anyID, SiteURL.anyID).components, use: casePages.decidePlan)
        r.on(.POST, SiteURL.caseAttachmentUpload(SiteURL.anyID).components, body: .collect(maxSize: "11mb"), use: casePages.upload)
        r.post(SiteURL.cases.components, use: casePages.create)
        r.get(SiteURL.caseNew.components, use: casePages.newForm)
        r.get(SiteURL.caseShow(SiteURL.anyID).components, use: casePages.show)
        r.post(SiteURL.caseMove(SiteURL.anyID).components, use: casePages.move)
        r.patch(SiteURL.apiCase(SiteURL.anyID).components, use: cases.update)
        r.get(SiteURL.caseEdit(SiteURL.anyID).components, use: casePages.editForm)
        r.post(SiteURL.caseEdit(SiteURL.anyID).components, use: casePages.update)
        r.get(SiteURL.apiCasePersons(SiteURL.anyID).components, use: caseTeam.participants)
        r.post(SiteURL.apiCasePersons(SiteURL.anyID).components, use: caseTeam.addParticipant)
        r.delete(SiteURL.apiCasePerson(SiteURL.anyID, SiteURL.anyID).components, use: caseTeam.removeParticipant)
        r.post(SiteURL.casePersons(SiteURL.anyID).components, use: caseTeamPages.addParticipant)
        r.post(SiteURL.casePersonRemove(SiteURL.anyID, SiteURL.anyID).components, use: caseTeamPages.removeParticipant)
    }

    // The center's client groups and the deadlines the law leaves to it.
    let caseSettings = CaseSettingsController()
    app.group(RequireLogin(policy: .signedIn), csrf) { r in
        r.get(SiteURL.apiClientGroups.components, use: caseSettings.groups)
        r.get(SiteURL.apiCaseDeadlines.components, use: caseSettings.deadlines)
    }
    app.group(RequireLogin(policy: .configureCases), csrf) { r in
        r.post(SiteURL.apiClientGroups.components, use: caseSettings.addGroup)
        r.patch(SiteURL.apiClientGroup("").components, use: caseSettings.changeGroup)
        r.put(SiteURL.apiCaseDeadlines.components, use: caseSettings.setDeadline)
        r.get(SiteURL.caseSettings.components, use: caseSettings.page)
        r.post(SiteURL.caseSettingsGroups.components, use: caseSettings.addGroupForm)
        r.post(SiteURL.caseSettingsGroupActive("").components, use: caseSettings.toggleGroupForm)
        r.post(SiteURL.caseSettingsDeadlines.components, use: caseSettings.deadlineForm)
    }

    // Assignment, the case team and transfers between units: supervisors and the director.
    app.group(RequireLogin(policy: .approveCases), csrf) { r in
        r.put(SiteURL.apiCaseAssignment(SiteURL.anyID).components, use: caseTeam.assign)
        r.post(SiteURL.apiCaseTeam(SiteURL.anyID).components, use: caseTeam.addTeamMember)
        r.delete(SiteURL.apiCaseTeamMember(SiteURL.anyID, SiteURL.anyID).components, use: caseTeam.removeTeamMember)
        r.post(SiteURL.apiCaseTransfers(SiteURL.anyID).components, use: caseTeam.requestTransfer)
        r.post(SiteURL.apiTransferDecision(SiteURL.anyID).components, use: caseTeam.decide)
        r.post(SiteURL.caseAssignment(SiteURL.anyID).components, use: caseTeamPages.assign)
        r.post(SiteURL.caseTeam(SiteURL.anyID).components, use: caseTeamPages.addTeamMember)
        r.post(SiteURL.caseTeamRemove(SiteURL.anyID, SiteURL.anyID).components, use: caseTeamPages.removeTeamMember)
        r.post(SiteURL.caseTransfer(SiteURL.anyID).components, use: caseTeamPages.requestTransfer)
        r.post(SiteURL.caseTransferDecision(SiteURL.anyID).components, use: caseTeamPages.decide)
    }

    app.group(RequireLogin(policy: .setTargets), csrf) { r in
        r.put(SiteURL.apiTargets.components, use: targets.put)
        r.get(SiteURL.caseTargets.components, use: TargetsPage.show)
        r.post(SiteURL.caseTargets.components, use: TargetsPage.save)
    }

    // Staff who may see units in their scope.
    app.group(RequireLogin(policy: .viewUnits), csrf) { r in
        r.get(SiteURL.unitShow(SiteURL.anyID).components, use: units.show)
    }

    // Administration of units, accounts and the working calendar.
    app.group(RequireLogin(policy: .administer), csrf) { r in
        r.get(SiteURL.adminUnits.components, use: units.list)
        r.post(SiteURL.adminUnits.components, use: units.create)
        r.get(SiteURL.adminUnitNew.components, use: units.newForm)
        r.get(SiteURL.adminUnitEdit(SiteURL.anyID).components, use: units.editForm)
        r.post(SiteURL.adminUnitEdit(SiteURL.anyID).components, use: units.update)
        r.post(SiteURL.adminUnitActive(SiteURL.anyID).components, use: units.toggleActive)
        r.get(SiteURL.adminUsers.components, use: users.list)
        r.post(SiteURL.adminUsers.components, use: users.create)
        r.get(SiteURL.adminUserNew.components, use: users.newForm)
        r.get(SiteURL.adminUserEdit(SiteURL.anyID).components, use: users.editForm)
        r.post(SiteURL.adminUserEdit(SiteURL.anyID).components, use: users.update)
        r.post(SiteURL.adminUserActive(SiteURL.anyID).components, use: users.toggleActive)
        r.post(SiteURL.adminUserResetPassword(SiteURL.anyID).components, use: users.resetPassword)
        r.get(SiteURL.adminCalendar.components, use: calendar.show)
        r.post(SiteURL.adminCalendar.components, use: calendar.add)
        r.post(SiteURL.adminCalendarDelete(SiteURL.anyID).components, use: calendar.delete)
    }

    app.group(RequireLogin(policy: .viewAudit), csrf) { r in
        r.get(SiteURL.adminAudit.components, use: audit.list)
    }
}
