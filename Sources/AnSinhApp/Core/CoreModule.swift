import Fluent
import Vapor

/// What every module relies on: probes, static assets, the API's description and shared
/// look-ups, the audit log and idempotent replays.
struct CoreModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        let health = HealthController(metrics: context.metrics)
        let api = APIController()
        app.publicRoutes { r in
            r.get(SiteURL.healthz.components, use: health.healthz)
            r.get(SiteURL.readyz.components, use: health.readyz)
            r.get(SiteURL.metrics.components, use: health.metrics)
            r.get(SiteURL.staticAsset("").components) { req -> Response in
                req.application.assets.response(for: req.parameters.get("file") ?? "")
            }
            r.get(SiteURL.apiOpenAPI.components, use: OpenAPIController().document)
        }
        app.guarded(by: .signedIn) { r in
            r.get(SiteURL.apiMe.components, use: api.me)
            r.get(SiteURL.apiProvinces.components, use: api.provinces)
            r.get(SiteURL.apiCommunes.components, use: api.communes)
            r.get(SiteURL.apiLegacyCommune("").components, use: api.legacyCommune)
        }
        app.guarded(by: .viewAudit) { r in
            r.get(SiteURL.adminAudit.components, use: AuditController().list)
        }
    }

    func migrations(_ config: AppConfig) -> [any Migration] {
        [CreateAuditEvents(), AddAuditIdempotencyKey(), CreateIdempotentResponses()]
    }

    var navigation: [NavEntry] {
        [NavEntry(.oversight, .viewAudit, .adminAudit) { $0(.navAudit) }]
    }
}
