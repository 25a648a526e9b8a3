import FluentPostgresDriver
import NIOConcurrencyHelpers
import Vapor

/// PostgreSQL only: the rows of API tokens recently used, with their accounts, so that an API
/// request does not wait on a round trip to PostgreSQL to learn who sent it. That look-up was
/// most of PostgreSQL's work while calls were recorded, and its wait kept the server's cores
/// idle. (On SQLite the look-up is a read in the process itself and is not cached.)
///
/// A cached row is never older than what the database says, give or take the time a
/// notification takes to arrive:
/// - Every change to `users` or `api_tokens`, from any process (another instance, the `ansinh`
///   command line, psql), makes PostgreSQL send a notification on `ansinh_identity` (triggers
///   made by `AddIdentityChangeNotifications`) once its transaction commits. Each one empties
///   the cache.
/// - This process's own saves of a `User` or `APIToken` empty it at once too
///   (`IdentityChangeMiddleware`), and again after the commit when made in a transaction
///   (`Request.identityTransaction`), so a change made here is felt by the next request.
/// - The cache is used only while its own connection listens for those notifications, and is
///   emptied each time that starts or stops. The connection is checked every 15 s (the
///   triggers still there and enabled, within 10 s), and dropped if not. Without it (PostgreSQL
///   restarting, the triggers not yet made) every request reads the database, as before.
/// - A look-up that was already running when the cache was emptied does not store its row:
///   the row may predate the change (`generation`).
///
/// Decoded values are kept (`RecordedRow`), not models: each request builds its own `User` and
/// `APIToken` from them, which it may change and save without touching another request's.
final class IdentityCache: Sendable, LifecycleHandler {
    static let channel = "ansinh_identity"
    static let applicationName = "ansinh identity cache"
    /// Beyond this many tokens the cache starts over: a bound on memory, far above the number
    /// of API clients a center has.
    static let maxEntries = 10_000
    /// Belt and braces: a row is read again after this long even if no notification came.
    static let maxAge: TimeAmount = .minutes(1)
    /// How often the listening connection is checked: one can die without a word (a firewall's
    /// idle timeout, a host gone), and its notifications with it.
    static let heartbeat: Duration = .seconds(15)
    static let heartbeatTimeout: Duration = .seconds(10)

    private struct Entry: Sendable {
        let row: any SQLRow
        let storedAt: NIODeadline
    }

    private struct State: Sendable {
        var listening = false
        var generation = 0
        var entries: [String: Entry] = [:]
        var listener: Task<Void, Never>?
        var connection: PostgresConnection?
        var stopped = false
    }

    private let state = NIOLockedValueBox(State())
    private let configuration: PostgresConnection.Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger

    init(url: String, eventLoopGroup: any EventLoopGroup, logger: Logger) throws {
        var configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        // Named, so that it can be told apart in pg_stat_activity.
        configuration.options.additionalStartupParameters.append(("application_name", Self.applicationName))
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    // MARK: Look-ups

    /// The cached row for a token hash, if the cache is live and holds a young enough one.
    /// The first call starts listening (commands that serve no request never connect).
    func row(for key: String) -> (any SQLRow)? {
        state.withLockedValue { state in
            if state.listener == nil, !state.stopped { state.listener = Task { await self.listen() } }
            guard state.listening, let entry = state.entries[key], NIODeadline.now() - entry.storedAt < Self.maxAge else {
                return nil
            }
            return entry.row
        }
    }

    /// Where a look-up that is about to read the database starts: nil while not listening.
    func generation() -> Int? {
        state.withLockedValue { $0.listening ? $0.generation : nil }
    }

    /// Keeps a row read by a look-up that began at `generation`, unless the cache has been
    /// emptied since (the row may be older than the change that emptied it).
    func store(_ row: any SQLRow, for key: String, readAt generation: Int) {
        state.withLockedValue { state in
            guard state.listening, state.generation == generation else { return }
            if state.entries.count >= Self.maxEntries { state.entries.removeAll() }
            state.entries[key] = Entry(row: row, storedAt: .now())
        }
    }

    /// Forgets every row: an account or a token changed.
    func invalidate() {
        state.withLockedValue { Self.empty(&$0) }
    }

    /// Listening starting or stopping empties the cache too: changes may have gone untold.
    private func setListening(_ listening: Bool) {
        state.withLockedValue { state in
            state.listening = listening
            Self.empty(&state)
        }
    }

    private static func empty(_ state: inout State) {
        state.generation &+= 1
        state.entries.removeAll()
    }

    // MARK: Listening

    /// Keeps a connection listening on `channel` until shutdown, reconnecting after a failure.
    private func listen() async {
        var delay: Duration = .seconds(1)
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: eventLoopGroup.any(), configuration: configuration, id: 0, logger: logger
                ).get()
                let stopped = state.withLockedValue { state in
                    if !state.stopped { state.connection = connection }
                    return state.stopped
                }
                if stopped {
                    try? await connection.close()
                    return
                }
                defer { state.withLockedValue { $0.connection = nil } }
                do {
                    try await connection.listen(on: Self.channel) { notifications in
                        guard try await Self.triggersExist(on: connection, logger: logger) else {
                            logger.debug("identity cache off: the change notifications are not set up yet")
                            return
                        }
                        setListening(true)
                        delay = .seconds(1)
                        // Until the notifications end or a check of the connection fails.
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask { for try await _ in notifications { self.invalidate() } }
                            group.addTask { try await Self.checkPeriodically(connection, logger: self.logger) }
                            try await group.next()
                            group.cancelAll()
                        }
                    }
                } catch {
                    setListening(false)
                    try? await connection.close()
                    throw error
                }
                setListening(false)
                try? await connection.close()
            } catch {
                if Task.isCancelled { break }
                logger.warning("identity cache off until PostgreSQL can be listened to again: \(String(reflecting: error))")
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
        setListening(false)
    }

    /// Whether `AddIdentityChangeNotifications` has run and its triggers are enabled: without
    /// them no change would be told, and the cache must stay off.
    private static func triggersExist(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let names = AddIdentityChangeNotifications.triggerNames
        let rows = try await connection.query(
            "SELECT count(*)::int FROM pg_trigger WHERE tgname = ANY(\(names)) AND tgenabled <> 'D'", logger: logger)
        for try await count in rows.decode(Int.self) { return count == names.count }
        return false
    }

    private struct ConnectionCheckFailed: Error {}

    /// Every `heartbeat`, the triggers' check on the listening connection; throws when it fails,
    /// finds them gone, or takes longer than `heartbeatTimeout`.
    private static func checkPeriodically(_ connection: PostgresConnection, logger: Logger) async throws {
        while true {
            try await Task.sleep(for: heartbeat)
            let ok = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await triggersExist(on: connection, logger: logger) }
                group.addTask { try await Task.sleep(for: heartbeatTimeout); return false }
                let first = try await group.next() ?? false
                group.cancelAll()
                return first
            }
            guard ok else { throw ConnectionCheckFailed() }
        }
    }

    // MARK: LifecycleHandler

    func shutdownAsync(_ application: Application) async {
        let (listener, connection) = state.withLockedValue { state in
            state.stopped = true
            state.listening = false
            state.entries.removeAll()
            return (state.listener, state.connection)
        }
        listener?.cancel()
        try? await connection?.close()
        // Bounded: a listener caught between connecting and LISTEN on a connection closed under
        // it was seen to never end (the PostgreSQL suite hung at an app's shutdown, twice in
        // one run), and nothing it holds outlives the process.
        if let listener {
            _ = try? await Deadline.run("identity cache shutdown", seconds: 5) { await listener.value }
        }
    }
}

/// Empties the identity cache as soon as this process saves or deletes an account or a token.
/// The notification from PostgreSQL follows at commit; this makes the change felt at once by
/// the next request here, without waiting for it.
struct IdentityChangeMiddleware: AnyModelMiddleware {
    let cache: IdentityCache

    func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database,
                chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        guard model is User || model is APIToken else { return next.handle(event, model, on: db) }
        return next.handle(event, model, on: db).map { cache.invalidate() }
    }
}

extension Request {
    /// A transaction that changes accounts or tokens. The identity cache is emptied again once
    /// it has committed: emptied only at the save (`IdentityChangeMiddleware`), a request by the
    /// same account in between could put back the row as it was before the change.
    func identityTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let result = try await db.transaction(body)
        application.identityCache?.invalidate()
        return result
    }
}

extension Application {
    struct IdentityCacheKey: StorageKey { typealias Value = IdentityCache }

    /// Set on PostgreSQL only.
    var identityCache: IdentityCache? { storage[IdentityCacheKey.self] }
}
