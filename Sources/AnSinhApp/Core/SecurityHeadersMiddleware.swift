import Vapor

/// Headers every response carries. The content security policy allows nothing from another
/// host and no inline script, which the views never use.
struct SecurityHeadersMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).map { Self.addHeaders(to: $0, req) }
    }

    private static func addHeaders(to response: Response, _ req: Request) -> Response {
        let h = response.headers
        if !h.contains(name: "Content-Security-Policy") {
            response.headers.add(name: "Content-Security-Policy", value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
        }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        if req.ansinh.secureCookies {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        // Pages show personal data: keep them out of shared caches and the back-forward cache.
        if Self.isHTML(h), !h.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }

    /// `text/html`, with or without parameters, read from the raw header: parsing it into an
    /// `HTTPMediaType` on every response was a fortieth of the API's CPU.
    private static func isHTML(_ headers: HTTPHeaders) -> Bool {
        guard let value = headers.first(name: .contentType)?.lowercased(), value.hasPrefix("text/html") else { return false }
        let next = value.dropFirst("text/html".count).first
        return next == nil || next == ";" || next == " "
    }
}
