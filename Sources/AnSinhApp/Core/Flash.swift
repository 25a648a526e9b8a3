import Vapor

/// A one-time message shown on the next page (after a redirect). Only fixed UI strings travel
/// in the cookie, by name, so it can carry nothing a user typed.
struct Flash: Sendable, Equatable {
    enum Kind: String, Sendable { case success, error, info }
    let kind: Kind
    let text: UIText

    static let cookieName = "ansinh_flash"

    var cookieValue: String { "\(kind.rawValue).\(text)" }

    init(kind: Kind, text: UIText) {
        self.kind = kind
        self.text = text
    }

    init?(cookieValue: String) {
        let parts = cookieValue.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = Kind(rawValue: parts[0]),
              let text = UIText.allCases.first(where: { "\($0)" == parts[1] }) else { return nil }
        self.init(kind: kind, text: text)
    }
}

extension Request {
    private struct OutgoingFlashKey: StorageKey { typealias Value = Flash }
    private struct ConsumedKey: StorageKey { typealias Value = Bool }

    /// Queues a message for the next page.
    func flash(_ kind: Flash.Kind, _ text: UIText) {
        storage[OutgoingFlashKey.self] = Flash(kind: kind, text: text)
    }

    /// The message left by the previous request; reading it means it has been shown.
    func takeFlash() -> Flash? {
        guard let raw = cookies[Flash.cookieName]?.string, let flash = Flash(cookieValue: raw) else { return nil }
        storage[ConsumedKey.self] = true
        return flash
    }

    fileprivate var outgoingFlash: Flash? { storage[OutgoingFlashKey.self] }
    fileprivate var flashConsumed: Bool { storage[ConsumedKey.self] ?? false }
}

/// Writes queued messages into the cookie and clears the cookie once shown.
struct FlashMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).map { Self.setCookie(on: $0, req) }
    }

    private static func setCookie(on response: Response, _ req: Request) -> Response {
        if let flash = req.outgoingFlash {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(
                string: flash.cookieValue, maxAge: 120, path: "/", isSecure: req.ansinh.secureCookies,
                isHTTPOnly: true, sameSite: .lax)
        } else if req.flashConsumed {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(
                string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                isSecure: req.ansinh.secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
