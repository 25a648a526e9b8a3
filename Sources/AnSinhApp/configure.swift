import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Sets up the application: database, middleware, routes, migrations and commands.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.ansinh = config
    app.storage[Application.AssetsKey.self] = try Assets.load()
    _ = app.centerName
    _ = app.hotlineCatalog
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    NulText.install
    MultipartGuard.install
    app.http.server.configuration.serverName = nil
    app.routes.defaultMaxBodySize = BodyLimits.request

    switch config.database {
    case .sqliteFile(let path):
        // SQLite statements run on this pool, blocking their thread (a commit waits for fsync):
        // more threads than cores let reads go on while a commit waits on the disk.
        app.threadPool = NIOThreadPool(numberOfThreads: 8)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
        try await SQLiteSettings.apply(app, .sqlite)
        let lock = AsyncMutex()
        app.sqliteWriteLock = lock
        // Recorded calls are written on a connection of their own, so that a group commit
        // waiting on fsync never holds up the reads of other requests on the same event loop.
        let writer = try SQLiteGroupWriter(path: path, threadPool: app.threadPool)
        let reads = try SQLitePreparedReads(path: path, count: min(System.coreCount, 8), threadPool: app.threadPool)
        app.sqlitePreparedReads = reads
        app.lifecycle.use(ClosesOnShutdown(writer: writer, reads: reads))
        app.storage[Application.CallBatcherKey.self] = CallInsertBatcher(.sqlite(writer, writeLock: lock))
    case .postgres(let url):
        // Several connections per event loop: a request waits on the network for each query, and
        // with one connection per loop concurrent requests queue behind each other's round trips.
        app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 8, sqlLogLevel: .debug), as: .psql)
        app.storage[Application.CallBatcherKey.self] = CallInsertBatcher(.postgres({ [unowned app] in app.db as! any PostgresDatabase }))
        let identities = try IdentityCache(url: url, eventLoopGroup: app.eventLoopGroup, logger: app.logger)
        app.storage[Application.IdentityCacheKey.self] = identities
        app.lifecycle.use(identities)
        app.databases.middleware.use(IdentityChangeMiddleware(cache: identities), on: .psql)
        app.databases.middleware.use(ExplicitTransactions(), on: .psql)
    }

    // Middleware, outermost first. Vapor's defaults are replaced: its route logger logs paths
    // with ids, and its error middleware shows reasons.
    let metrics = RequestMetrics()
    app.middleware = Middlewares()
    let inFlight = InFlightRequests()
    app.middleware.use(inFlight)
    app.lifecycle.use(inFlight)
    app.middleware.use(RequestLogMiddleware(metrics: metrics))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(AppErrorMiddleware())
    app.middleware.use(MethodNotAllowedMiddleware())
    if let lock = app.sqliteWriteLock { app.middleware.use(SQLiteWriteGate(mutex: lock)) } else { app.middleware.use(RequestDeadline()) }
    app.middleware.use(IdentityMiddleware())
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(PageDateQueryMiddleware())
    app.middleware.use(IdempotencyMiddleware())
    app.middleware.use(NulText.FormGuard())
    app.middleware.use(FlashMiddleware())

    AppMigrations.register(app)
    try routes(app, metrics: metrics, throttle: LoginThrottle(limit: config.ipThrottleLimit))
    AppCommands.register(app)
}

/// SQLite settings Fluent does not offer: WAL for concurrent readers, and durable commits
/// (`synchronous=FULL`) with foreign keys on every connection.
enum SQLiteSettings {
    static func apply(_ app: Application, _ id: DatabaseID) async throws {
        // One connection per event loop: set the per-connection pragmas on each of them.
        for loop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(id, logger: app.logger, on: loop)! as! any SQLDatabase
            _ = try await db.raw("PRAGMA journal_mode=WAL").all()
            _ = try await db.raw("PRAGMA synchronous=FULL").all()
            _ = try await db.raw("PRAGMA foreign_keys=ON").all()
            _ = try await db.raw("PRAGMA busy_timeout=5000").all()
            // 64 MiB of page cache per connection instead of SQLite's 2 MiB: with a few hundred
            // thousand calls, index pages otherwise come back from the kernel on every insert.
            _ = try await db.raw("PRAGMA cache_size=-65536").all()
            // SQLiteGroupWriter.walLimit (a test checks it): the call writer keeps the WAL below
            // that, and SQLite's default of 1000 pages would make nearly every other commit run a
            // checkpoint of its own.
            _ = try await db.raw("PRAGMA wal_autocheckpoint=8000").all()
        }
    }
}

/// Closes the SQLite connections the app opened itself when it stops; by then the server has
/// waited for running requests (`InFlightRequests`), so nothing is using them.
private struct ClosesOnShutdown: LifecycleHandler {
    let writer: SQLiteGroupWriter
    let reads: SQLitePreparedReads

    func shutdown(_ application: Application) {
        writer.close()
        reads.close()
    }
}

extension Application {
    private struct SQLitePreparedReadsKey: StorageKey { typealias Value = SQLitePreparedReads }

    /// On SQLite, the connections for the look-ups of every request; nil on PostgreSQL.
    var sqlitePreparedReads: SQLitePreparedReads? {
        get { storage[SQLitePreparedReadsKey.self] }
        set { storage[SQLitePreparedReadsKey.self] = newValue }
    }
}
