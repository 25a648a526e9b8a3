import Foundation
import NIOConcurrencyHelpers
import Vapor

/// One log line per request (request id, method, route, status, duration; never the query
/// string or a body, which may hold personal data), and the Prometheus counters.
struct RequestLogMiddleware: Middleware {
    let metrics: RequestMetrics

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        return next.respond(to: req).map { response in
            response.headers.replaceOrAdd(name: "X-Request-Id", value: req.requestID)
            record(req, response.status, start.duration(to: .now))
            return response
        }.flatMapErrorThrowing { error in
            // The error middleware sits inside this one, so this is rare (a failure while
            // writing the error page); count it as the 500 the client will see.
            record(req, .internalServerError, start.duration(to: .now))
            throw error
        }
    }

    private func record(_ req: Request, _ status: HTTPResponseStatus, _ elapsed: Duration) {
        let route = req.routePattern
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.observe(method: req.method.rawValue, route: route, status: Int(status.code), seconds: seconds)
        req.logger.info("\(req.requestID) \(req.method.rawValue) \(route) \(status.code) \(String(format: "%.1f", seconds * 1000))ms")
    }
}

extension Request {
    /// The route as registered (`/admin/units/:id/edit`), not the path with its values, so
    /// that logs and metrics never hold ids or names.
    var routePattern: String {
        guard let route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

/// Request counts and durations by method, route and status, in Prometheus text format.
final class RequestMetrics: Sendable {
    private struct Key: Hashable { let method: String; let route: String; let status: Int }
    private struct Series { var count = 0; var sum = 0.0; var buckets = [Int](repeating: 0, count: RequestMetrics.bounds.count) }
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private let series = NIOLockedValueBox([Key: Series]())

    init() {}

    func observe(method: String, route: String, status: Int, seconds: Double) {
        series.withLockedValue { all in
            var s = all[Key(method: method, route: route, status: status)] ?? Series()
            s.count += 1
            s.sum += seconds
            for (i, bound) in Self.bounds.enumerated() where seconds <= bound { s.buckets[i] += 1 }
            all[Key(method: method, route: route, status: status)] = s
        }
    }

    func render() -> String {
        let snapshot = series.withLockedValue { $0 }
        var out = "# HELP ansinh_http_requests_total HTTP requests by method, route and status.\n"
        out += "# TYPE ansinh_http_requests_total counter\n"
        let keys = snapshot.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for k in keys {
            out += "ansinh_http_requests_total{\(labels(k))} \(snapshot[k]!.count)\n"
        }
        out += "# HELP ansinh_http_request_duration_seconds HTTP request duration.\n"
        out += "# TYPE ansinh_http_request_duration_seconds histogram\n"
        for k in keys {
            let s = snapshot[k]!
            for (i, bound) in Self.bounds.enumerated() {
                out += "ansinh_http_request_duration_seconds_bucket{\(labels(k)),le=\"\(bound)\"} \(s.buckets[i])\n"
            }
            out += "ansinh_http_request_duration_seconds_bucket{\(labels(k)),le=\"+Inf\"} \(s.count)\n"
            out += "ansinh_http_request_duration_seconds_sum{\(labels(k))} \(s.sum)\n"
            out += "ansinh_http_request_duration_seconds_count{\(labels(k))} \(s.count)\n"
        }
        return out
    }

    private func labels(_ k: Key) -> String {
        "method=\"\(k.method)\",route=\"\(k.route)\",status=\"\(k.status)\""
    }
}

extension Request {
    /// The request id for logs, pages and the audit log. Vapor takes `X-Request-Id` from the
    /// client as it comes; a value that is not a short token is replaced so that it cannot
    /// forge log lines.
    var requestID: String {
        struct Key: StorageKey { typealias Value = String }
        if let cached = storage[Key.self] { return cached }
        let candidate = id
        let safe = (1...64).contains(candidate.utf8.count)
            && candidate.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }
        let value = safe ? candidate : UUID().uuidString
        storage[Key.self] = value
        return value
    }
}
