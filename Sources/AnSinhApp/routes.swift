import Vapor

/// Every route comes from a module (`AppModules`), which declares its own with the policy that
/// guards each (`guarded(by:)`) or as public (`publicRoutes`).
func routes(_ app: Application, metrics: RequestMetrics, throttle: LoginThrottle) throws {
    try AppModules.routes(app, ModuleContext(metrics: metrics, throttle: throttle))
}
