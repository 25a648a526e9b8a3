import NIOConcurrencyHelpers
import Vapor

/// PostgreSQL: a request that runs past its deadline answers 503 with `Retry-After` instead of
/// leaving its client waiting on a connection whose server is gone. (SQLite's `SQLiteWriteGate`
/// bounds its writes the same way, with its lock.) The handler finishes on its own; a write's
/// outcome is then unknown, which is what `Idempotency-Key` is for.
struct RequestDeadline: Middleware {
    static let seconds = 20.0
    /// Reads (GET, HEAD) get longer: a year's report or a 100,000-row export may take seconds,
    /// but none may wait for ever (a read stuck on a dead connection hung in a fault test).
    static let readSeconds = 25.0

    let readSeconds: Double

    init(readSeconds: Double = RequestDeadline.readSeconds) {
        self.readSeconds = readSeconds
    }

    /// The deadline of a write `req`: writes take milliseconds, so 20 s, plus the time a large
    /// body (an 11 MB upload from a commune's slow line) needs at 64 KB/s, since it is read inside.
    static func seconds(for req: Request) -> Double {
        let length = req.headers.first(name: .contentLength).flatMap(Double.init) ?? 0
        return seconds + max(0, length - 1_000_000) / 65_536
    }

    /// Future-based, with a timer on the request's event loop: no task per request, so the
    /// busiest write (recording a call) pays almost nothing for it. Calls are bounded here too:
    /// before the batcher's own deadline they read the identity and the idempotency key, and
    /// during PostgreSQL's restart those reads may wait on the pool.
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard req.method != .OPTIONS else { return next.respond(to: req) }
        let reading = [.GET, .HEAD].contains(req.method)
        let seconds = reading ? readSeconds : Self.seconds(for: req)
        let promise = req.eventLoop.makePromise(of: Response.self)
        let settled = NIOLockedValueBox(false)
        let settle: @Sendable (Result<Response, any Error>) -> Void = { result in
            guard settled.withLockedValue({ done in defer { done = true }; return !done }) else { return }
            promise.completeWith(result)
        }
        let timer = req.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            settle(.failure(DeadlineExceeded(what: reading ? "read request" : "write request", seconds: seconds)))
        }
        next.respond(to: req).whenComplete { result in
            timer.cancel()
            settle(result)
        }
        return promise.futureResult
    }
}
