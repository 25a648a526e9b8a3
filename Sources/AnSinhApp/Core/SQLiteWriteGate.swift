import Vapor

/// One state-changing request at a time on SQLite.
///
/// SQLite has one writer. With a connection per event loop, two concurrent writes make the
/// second connection hit SQLITE_BUSY, and SQLite's busy handler then sleeps in growing steps
/// (1, 2, 5, 10 … 100 ms): under load that sleeping, not the disk, was the bottleneck. Queuing
/// writers here in FIFO order keeps each commit durable and makes them follow one another
/// without sleeping. Reads (GET) never wait: WAL lets them run beside the writer.
/// Requests that spend their time hashing a password (login, password changes, account
/// creation) are left out so that they do not hold everyone else up.
///
/// Future-based, so that the requests it lets through (reads, recorded calls) pay for no task.
struct SQLiteWriteGate: Middleware {
    /// Shared with the call batcher, which takes it around each group commit.
    let mutex: AsyncMutex

    /// Also left out: recording a call, whose writes the call batcher serializes under the same
    /// lock (and groups: queuing those requests here would leave it nothing to group).
    static let bypass: [String] = [SiteURL.login.path, SiteURL.accountPassword.path, SiteURL.adminUsers.path]
    static let bypassExact: Set<String> = [SiteURL.apiCalls.path, SiteURL.hotlineCalls.path]

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // As the router reads it: `/api/v1/calls/` and `//api/v1/calls` reach the same handler,
        // and a call request that took the lock here would wait forever for the batcher, which
        // needs the lock too.
        let raw = req.url.path
        let path = raw.contains("//") || (raw.count > 1 && raw.hasSuffix("/")) ? "/" + raw.split(separator: "/").joined(separator: "/") : raw
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method), !Self.bypass.contains(where: { path.hasPrefix($0) }),
              !Self.bypassExact.contains(path) else {
            return next.respond(to: req)
        }
        return req.eventLoop.makeFutureWithTask { [mutex] in
            await mutex.lock()
            do {
                let response = try await next.respond(to: req).get()
                await mutex.unlock()
                return response
            } catch {
                await mutex.unlock()
                throw error
            }
        }
    }
}

extension Application {
    private struct SQLiteWriteLockKey: StorageKey { typealias Value = AsyncMutex }

    /// The one-writer-at-a-time lock on SQLite; nil on PostgreSQL, which takes concurrent writers.
    var sqliteWriteLock: AsyncMutex? {
        get { storage[SQLiteWriteLockKey.self] }
        set { storage[SQLiteWriteLockKey.self] = newValue }
    }
}

/// A FIFO lock for async code.
actor AsyncMutex {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        guard locked else {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            // Ownership passes straight to the next waiter.
            waiters.removeFirst().resume()
        }
    }
}
