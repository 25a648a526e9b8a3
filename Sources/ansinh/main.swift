import AnSinhApp
import Logging
import Vapor

// The `ansinh` program: `serve` (default), `migrate`, `user`, `token`, `seed-demo`, `backup`,
// `restore`.

// Before anything opens a file: whatever this process creates (the database, its -wal and -shm,
// attachments, photos, backups) is private to its owner, even where no mode is given explicitly.
DataDirectory.restrictNewFiles()
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    let command = CommandLine.arguments.dropFirst().first
    if command == "restore" {
        // A restore goes into an empty data directory: configuring the app would create the
        // database and a secret in it first.
        RestoreCommand.prepare(app, target: try RestoreTarget.fromEnvironment())
    } else {
        let config = try AppConfig.fromEnvironment(logger: app.logger)
        try await configure(app, config: config)
        if command == nil || command == "serve" {
            try await Bootstrap.prepare(app)
        }
    }
    try await app.execute()
    // Stop taking requests and let those in flight finish while the databases are still open:
    // Vapor otherwise closes its providers (Fluent) first and the server after them, and a
    // request still running on SIGTERM then finds no database.
    let shutdownServer: () async -> Void = app.http.server.shared.shutdown
    await shutdownServer()
} catch {
    app.logger.critical("\(String(describing: error))")
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
