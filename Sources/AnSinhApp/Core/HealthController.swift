import Fluent
import SQLKit
import Vapor

/// Probes for operators: process up, database answering, and request metrics.
struct HealthController {
    let metrics: RequestMetrics

    func healthz(_ req: Request) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"], body: "ok\n")
    }

    /// Ready when the database answers within two seconds and the call writer is not stuck
    /// (a group write that outlived its deadline by far): a load balancer then sends calls
    /// elsewhere instead of to an instance that accepts them and never answers.
    func readyz(_ req: Request) async -> Response {
        let plain: HTTPHeaders = ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"]
        if let since = req.application.callBatcher.stuckSince() {
            req.logger.error("readyz: a call group write has been running since \(since)")
            return Response(status: .serviceUnavailable, headers: plain, body: "call writer stuck\n")
        }
        do {
            let db = req.db as! any SQLDatabase
            _ = try await Deadline.run("readiness check", seconds: 2) { try await db.raw("SELECT 1").all() }
            return Response(status: .ok, headers: plain, body: "ready\n")
        } catch {
            req.logger.error("readyz: database not answering: \(String(describing: error))")
            return Response(status: .serviceUnavailable, headers: plain, body: "database unavailable\n")
        }
    }

    func metrics(_ req: Request) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store"],
                 body: .init(string: metrics.render()))
    }
}
