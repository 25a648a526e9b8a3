import NIOConcurrencyHelpers
import Vapor

/// PostgreSQL: a state-changing request that runs past its deadline answers 503 with
/// `Retry-After` instead of leaving its client waiting on a connection whose server is gone.
/// (SQLite's `SQLiteWriteGate` bounds its writes the same way, with its lock.) The handler
/// finishes on its own; its outcome is unknown, which is what `Idempotency-Key` is for.
struct WriteDeadline: Middleware {
    static let seconds = 20.0

    /// The deadline of `req`: writes take milliseconds, so 20 s, plus the time a large body
    /// (an 11 MB upload from a commune's slow line) needs at 64 KB/s, since it is read inside.
    static func seconds(for req: Request) -> Double {
        let length = req.headers.first(name: .contentLength).flatMap(Double.init) ?? 0
        return seconds + max(0, length - 1_000_000) / 65_536
    }

    /// Future-based, with a timer on the request's event loop: no task per request, so the
    /// busiest write (recording a call) pays almost nothing for it. Calls are bounded here too:
    /// before the batcher's own deadline they read the identity and the idempotency key, and
    /// during PostgreSQL's restart those reads may wait on the pool.
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method) else { return next.respond(to: req) }
        let seconds = Self.seconds(for: req)
        let promise = req.eventLoop.makePromise(of: Response.self)
        let settled = NIOLockedValueBox(false)
        let settle: @Sendable (Result<Response, any Error>) -> Void = { result in
            guard settled.withLockedValue({ done in defer { done = true }; return !done }) else { return }
            promise.completeWith(result)
        }
        let timer = req.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            settle(.failure(DeadlineExceeded(what: "write request", seconds: seconds)))
        }
        next.respond(to: req).whenComplete { result in
            timer.cancel()
            settle(result)
        }
        return promise.futureResult
    }
}
