import Fluent
import SQLKit
import Vapor

/// Probes for operators: process up, database answering, and request metrics.
struct HealthController {
    let metrics: RequestMetrics

    func healthz(_ req: Request) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"], body: "ok\n")
    }

    func readyz(_ req: Request) async -> Response {
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1").all()
            return Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"], body: "ready\n")
        } catch {
            req.logger.error("readyz: database not answering: \(String(describing: error))")
            return Response(status: .serviceUnavailable, headers: ["Content-Type": "text/plain; charset=utf-8"], body: "database unavailable\n")
        }
    }

    func metrics(_ req: Request) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store"],
                 body: .init(string: metrics.render()))
    }
}
