import NIOConcurrencyHelpers
import Vapor

/// Counts the requests being handled, so that shutdown waits for them before the databases close.
///
/// A request whose client has gone away keeps running to its end (its call may be in the batcher's
/// next group), but the HTTP server no longer waits for it: without this, Fluent could close while
/// such a request still needs the database, and the process would crash instead of finishing it.
final class InFlightRequests: Middleware, LifecycleHandler, Sendable {
    private let count = NIOLockedValueBox(0)
    /// How long shutdown waits for the last requests.
    let drainTimeout: Duration

    init(drainTimeout: Duration = .seconds(15)) {
        self.drainTimeout = drainTimeout
    }

    var current: Int { count.withLockedValue { $0 } }

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        count.withLockedValue { $0 += 1 }
        return next.respond(to: req).always { [count] _ in count.withLockedValue { $0 -= 1 } }
    }

    /// Registered after Fluent, so it runs before Fluent's own shutdown (handlers run in reverse).
    func shutdownAsync(_ app: Application) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: drainTimeout)
        while current > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if current > 0 { app.logger.warning("Shutting down with \(current) requests still running") }
    }
}
