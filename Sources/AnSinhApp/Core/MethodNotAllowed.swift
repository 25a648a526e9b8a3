import NIOConcurrencyHelpers
import Vapor

/// A method the path does not have (TRACE, or DELETE on a path that only reads) answers
/// 405 with `Allow` listing the methods it has, as RFC 9110 asks, instead of Vapor's 404.
/// Paths no route matches stay 404. Runs inside the error middleware, which renders the 405 like
/// any error (JSON under /api, a page elsewhere).
final class MethodNotAllowedMiddleware: Middleware, Sendable {
    /// The app's routes by method, built at the first unmatched request (routes are all
    /// registered before the server starts).
    private let table = NIOLockedValueBox<Table?>(nil)

    private struct Table: @unchecked Sendable {
        /// Registered like Vapor's own router: the method, then the path.
        let router: TrieRouter<Bool>
        let methods: [String]
    }

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).flatMapErrorThrowing { error in
            guard req.route == nil, error is RouteNotFound else { throw error }
            let allowed = self.allowedMethods(req)
            guard !allowed.isEmpty else { throw error }
            let method = req.method.rawValue
            throw Abort(.methodNotAllowed, headers: ["Allow": allowed.joined(separator: ", ")],
                        reason: req.t.pick(vi: "Đường dẫn này không nhận phương thức \(method); dùng \(allowed.joined(separator: ", ")).",
                                           en: "This path does not take \(method); use \(allowed.joined(separator: ", "))."))
        }
    }

    /// The methods with a route for this request's path; HEAD wherever GET is.
    func allowedMethods(_ req: Request) -> [String] {
        let table = self.table.withLockedValue { table in
            if let table { return table }
            let built = Self.build(req.application.routes)
            table = built
            return built
        }
        let components = req.url.path.split(separator: "/").map(String.init)
        var parameters = Parameters()
        var allowed = table.methods.filter { table.router.route(path: [$0] + components, parameters: &parameters) != nil }
        if allowed.contains("GET"), !allowed.contains("HEAD") { allowed.insert("HEAD", at: allowed.firstIndex(of: "GET")! + 1) }
        return allowed
    }

    private static func build(_ routes: Routes) -> Table {
        let router = TrieRouter(Bool.self, options: routes.caseInsensitive ? [.caseInsensitive] : [])
        var methods: [String] = []
        for route in routes.all {
            let path = route.path.filter { if case .constant(let s) = $0 { return !s.isEmpty } else { return true } }
            router.register(true, at: [.constant(route.method.rawValue)] + path)
            if !methods.contains(route.method.rawValue) { methods.append(route.method.rawValue) }
        }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
        methods.sort { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        return Table(router: router, methods: methods)
    }
}
