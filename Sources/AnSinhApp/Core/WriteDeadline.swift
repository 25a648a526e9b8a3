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

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // Recorded calls are bounded by the call batcher's own deadline, without the tasks this
        // costs: they are the busiest write.
        guard ![.GET, .HEAD, .OPTIONS].contains(req.method), !SQLiteWriteGate.isCallRecording(req) else {
            return next.respond(to: req)
        }
        return req.eventLoop.makeFutureWithTask {
            try await Deadline.run("write request", seconds: Self.seconds(for: req)) { try await next.respond(to: req).get() }
        }
    }
}
