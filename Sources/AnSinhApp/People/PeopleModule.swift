import Fluent
import Vapor

/// The people registry: every view of a person is audited; records outside the scope are 404.
struct PeopleModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        let people = PeopleAPIController()
        let pages = PeopleController()
        let relations = RelationsController()
        let photos = PersonPhotoController()
        let merges = PersonMergeController()
        let relationPages = PersonRelationsPages()
        app.guarded(by: .managePeople) { r in
            r.post(SiteURL.apiPersons.components, use: people.create)
            r.get(SiteURL.apiPersons.components, use: people.search)
            r.get(SiteURL.apiPerson(SiteURL.anyID).components, use: people.get)
            r.patch(SiteURL.apiPerson(SiteURL.anyID).components, use: people.update)
            r.post(SiteURL.apiPersonRelations(SiteURL.anyID).components, use: relations.addRelation)
            r.get(SiteURL.apiPersonRelations(SiteURL.anyID).components, use: relations.relations)
            r.post(SiteURL.apiPersonConsents(SiteURL.anyID).components, use: relations.addConsent)
            r.get(SiteURL.apiPersonConsents(SiteURL.anyID).components, use: relations.consents)
            r.patch(SiteURL.apiPersonConsent(SiteURL.anyID, SiteURL.anyID).components, use: relations.withdrawConsent)
            r.get(SiteURL.people.components, use: pages.search)
            r.post(SiteURL.people.components, use: pages.create)
            r.get(SiteURL.personNew.components, use: pages.newForm)
            r.get(SiteURL.person(SiteURL.anyID).components, use: pages.show)
            r.get(SiteURL.personEdit(SiteURL.anyID).components, use: pages.editForm)
            r.post(SiteURL.personEdit(SiteURL.anyID).components, use: pages.update)
            r.on(.POST, SiteURL.personPhoto(SiteURL.anyID).components, body: .collect(maxSize: "6mb"), use: photos.upload)
            r.get(SiteURL.personPhoto(SiteURL.anyID).components, use: photos.download)
            r.post(SiteURL.personRelations(SiteURL.anyID).components, use: relationPages.addRelation)
            r.post(SiteURL.personRelationRemove(SiteURL.anyID, SiteURL.anyID).components, use: relationPages.removeRelation)
            r.delete(SiteURL.apiPersonRelation(SiteURL.anyID, SiteURL.anyID).components, use: relations.removeRelation)
            r.post(SiteURL.personConsents(SiteURL.anyID).components, use: relationPages.addConsent)
            r.post(SiteURL.personConsentWithdraw(SiteURL.anyID, SiteURL.anyID).components, use: relationPages.withdraw)
        }
        app.guarded(by: .mergePeople) { r in
            r.post(SiteURL.apiPersonMerge(SiteURL.anyID).components, use: merges.mergeAPI)
            r.get(SiteURL.personMerge(SiteURL.anyID).components, use: merges.page)
            r.post(SiteURL.personMerge(SiteURL.anyID).components, use: merges.merge)
        }
    }

    /// `AddCallPersonLink` is the people registry's: a call names the person helped.
    func migrations(_ config: AppConfig) -> [any Migration] {
        [CreatePeople(), AddCallPersonLink(), CreatePersonRelationsAndConsents(), AddPersonMergePhotoAllowances()]
    }

    var navigation: [NavEntry] {
        [NavEntry(.work, .managePeople, .people) { $0.pick(vi: "Đối tượng", en: "People") }]
    }
}
