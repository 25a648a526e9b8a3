import Vapor

/// Each role's home page: what needs them today.
struct HomeModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        app.guarded(by: .signedIn) { r in
            r.get(SiteURL.home.components, use: HomeController().home)
        }
    }

    var navigation: [NavEntry] {
        [NavEntry(.start, .signedIn, .home) { $0(.navHome) }]
    }
}
