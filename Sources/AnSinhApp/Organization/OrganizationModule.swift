import Fluent
import Vapor

/// The center's units and the country's administrative units.
struct OrganizationModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        let units = UnitController()
        app.guarded(by: .viewUnits) { r in
            r.get(SiteURL.unitShow(SiteURL.anyID).components, use: units.show)
        }
        app.guarded(by: .administer) { r in
            r.get(SiteURL.adminUnits.components, use: units.list)
            r.post(SiteURL.adminUnits.components, use: units.create)
            r.get(SiteURL.adminUnitNew.components, use: units.newForm)
            r.get(SiteURL.adminUnitEdit(SiteURL.anyID).components, use: units.editForm)
            r.post(SiteURL.adminUnitEdit(SiteURL.anyID).components, use: units.update)
            r.post(SiteURL.adminUnitActive(SiteURL.anyID).components, use: units.toggleActive)
        }
    }

    func migrations(_ config: AppConfig) -> [any Migration] {
        [CreateUnits(), CreateAdministrativeUnits(), LoadAdministrativeUnits(enabled: config.loadAdministrativeUnits)]
    }

    var navigation: [NavEntry] {
        [NavEntry(.organization, .administer, .adminUnits) { $0(.navUnits) },
         // Staff who do not administer see their own unit.
         NavEntry(.organization, shows: { Policy.viewUnits.allows($0) && !Policy.administer.allows($0) },
                  path: { SiteURL.unitShow($0.unitID).path }, label: { $0(.navUnits) })]
    }
}
