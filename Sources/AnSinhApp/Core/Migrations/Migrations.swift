import Fluent
import Vapor

/// Every migration, module after module (`AppModules`), each module's in the order they
/// shipped. Fluent knows a migration by its name, so a database that ran them in the older
/// single list's order is unaffected; a new one gets each table before the tables referring
/// to it. Never edit one that has shipped: add a new one to its module.
enum AppMigrations {
    static func register(_ app: Application) {
        for migration in AppModules.migrations(app.ansinh) { app.migrations.add(migration) }
    }
}
