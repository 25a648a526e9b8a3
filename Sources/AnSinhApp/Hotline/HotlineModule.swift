import Fluent
import Vapor

/// The hotline: counsellors and their supervisors record calls; case workers may read them.
struct HotlineModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        let hotline = HotlineAPIController()
        let pages = HotlineController()
        let followUps = FollowUpController()
        let lines = LinesController()
        app.guarded(by: .signedIn) { r in
            r.get(SiteURL.apiHotlineLines.components, use: hotline.lines)
            r.get(SiteURL.apiHotlineTopics.components, use: hotline.topics)
        }
        app.guarded(by: .recordCalls) { r in
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
            r.get(SiteURL.hotlineCallNew.components, use: pages.newCall)
            r.post(SiteURL.hotlineCalls.components, use: pages.createCall)
            r.get(SiteURL.hotlineCall(SiteURL.anyID).components, use: pages.editCall)
            r.post(SiteURL.hotlineCall(SiteURL.anyID).components, use: pages.updateCall)
            r.post(SiteURL.hotlineCallPerson(SiteURL.anyID).components, use: pages.linkPerson)
            r.post(SiteURL.hotlineCallUndo(SiteURL.anyID).components, use: pages.undoCall)
        }
        app.guarded(by: .viewCalls) { r in
            r.get(SiteURL.apiCalls.components, use: hotline.listCalls)
            r.get(SiteURL.apiCall(SiteURL.anyID).components, use: hotline.getCall)
            r.get(SiteURL.hotlineCalls.components, use: pages.list)
            r.get(SiteURL.hotlineCallsExport.components, use: pages.listExport)
        }
        app.guarded(by: .configureHotline) { r in
            r.post(SiteURL.apiHotlineTopics.components, use: hotline.createTopic)
            r.patch(SiteURL.apiTopic("").components, use: hotline.updateTopic)
        }
        app.guarded(by: .viewCallerIdentity) { r in
            r.get(SiteURL.hotlineCallReveal(SiteURL.anyID).components, use: pages.reveal)
        }
        app.guarded(by: .viewReports) { r in
            r.get(SiteURL.apiHotlineReport.components, use: hotline.report)
            r.get(SiteURL.hotlineReport.components, use: pages.report)
            r.get(SiteURL.hotlineReportExport.components, use: pages.reportExport)
        }
    }

    func migrations(_ config: AppConfig) -> [any Migration] {
        [CreateHotline(), CreateHotlineFollowUps(), AddCallbackDue(), AddIncompleteCallIndex(), AddCallTopicIndex()]
    }

    var navigation: [NavEntry] {
        [NavEntry(.work, .recordCalls, .hotlineCallNew) { $0.pick(vi: "Ghi cuộc gọi", en: "Log a call") },
         NavEntry(.work, .recordCalls, .hotlineWork) { $0.pick(vi: "Việc cần làm", en: "My work") },
         NavEntry(.work, .recordCalls, .hotlineLines) { $0.pick(vi: "Đường dây", en: "Lines") },
         NavEntry(.work, .viewCalls, .hotlineCalls) { $0.pick(vi: "Cuộc gọi", en: "Calls") },
         NavEntry(.reports, .viewReports, .hotlineReport) { $0.pick(vi: "Báo cáo tổng đài", en: "Hotline report") }]
    }
}
