import NIOConcurrencyHelpers
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

    /// A request that records a call, whose write the call batcher bounds and serializes.
    static func isCallRecording(_ req: Request) -> Bool {
        req.method == .POST && bypassExact.contains(req.routedPath)
    }

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // As the router reads it: `/api/v1/calls/` and `//api/v1/calls` reach the same handler,
        // and a call request that took the lock here would wait forever for the batcher, which
        // needs the lock too.
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method), !Self.bypass.contains(where: { req.routedPath.hasPrefix($0) }),
              !Self.isCallRecording(req) else {
            return next.respond(to: req)
        }
        return req.eventLoop.makeFutureWithTask { [mutex] in
            guard await mutex.lock(within: Self.waitSeconds) else {
                throw ServiceUnavailable(cause: "waited \(Self.waitSeconds) s for the SQLite write lock")
            }
            let release = ReleaseOnce(mutex)
            do {
                // A write that holds the lock past its deadline gives it up: its client hears 503
                // and the queue moves on (the handler finishes on its own, its outcome unknown).
                let response = try await Deadline.run("write request", seconds: RequestDeadline.seconds(for: req), onTimeout: { release() }) {
                    try await next.respond(to: req).get()
                }
                release()
                return response
            } catch {
                release()
                throw error
            }
        }
    }

    /// How long a request waits for its turn before it hears 503: writes take milliseconds, so
    /// this long a queue means one of them is stuck.
    static let waitSeconds = 15.0
    // How long one request may hold the lock: `RequestDeadline.seconds(for:)`, as on PostgreSQL.
}

/// Unlocks once, whichever of the deadline and the request's end comes first.
private final class ReleaseOnce: Sendable {
    private let mutex: AsyncMutex
    private let released = NIOLockedValueBox(false)

    init(_ mutex: AsyncMutex) { self.mutex = mutex }

    func callAsFunction() {
        let first = released.withLockedValue { done in
            defer { done = true }
            return !done
        }
        if first { Task { await mutex.unlock() } }
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
    private var waiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []

    func lock() async {
        _ = await lock(within: nil)
    }

    /// Takes the lock, or gives up after `seconds` (nil: waits as long as it takes). True if taken.
    func lock(within seconds: Double?) async -> Bool {
        guard locked else {
            locked = true
            return true
        }
        nextWaiter += 1
        let id = nextWaiter
        if let seconds {
            Task { [weak self] in
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                await self?.giveUp(id)
            }
        }
        return await withCheckedContinuation { waiters.append((id, $0)) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            // Ownership passes straight to the next waiter.
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }

    private var nextWaiter = 0

    private func giveUp(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }
}
