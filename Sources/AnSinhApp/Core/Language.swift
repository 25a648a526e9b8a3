import Vapor

/// The two languages of the UI. Vietnamese is the default.
public enum Language: String, CaseIterable, Codable, Sendable {
    case vi
    case en

    static let cookieName = "ansinh_lang"

    /// Picks the language of a request: `?lang=` first, then the cookie, then the signed-in
    /// user's preference, then Vietnamese.
    static func resolve(query: String?, cookie: String?, preference: String?) -> Language {
        for candidate in [query, cookie, preference] {
            if let c = candidate, let lang = Language(rawValue: c) { return lang }
        }
        return .vi
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The language of this request's pages and messages.
    var language: Language {
        if let cached = storage[LanguageKey.self] { return cached }
        let lang = Language.resolve(
            // Decoding the query string costs even when there is none (most API requests).
            query: url.query == nil ? nil : query[String.self, at: "lang"],
            cookie: cookies[Language.cookieName]?.string,
            preference: identity?.user.language
        )
        storage[LanguageKey.self] = lang
        return lang
    }

    /// Strings in the request's language.
    var t: Localizer { Localizer(language: language) }
}

/// Looks up UI strings. `t(.login)` for fixed strings; functions on `Localizer` for strings
/// with values in them.
public struct Localizer: Sendable {
    public let language: Language

    public func callAsFunction(_ key: UIText) -> String {
        let pair = key.pair
        return language == .vi ? pair.vi : pair.en
    }

    /// For strings with values: both texts are written at the call site, so neither is missing.
    public func pick(vi: String, en: String) -> String {
        language == .vi ? vi : en
    }
}

/// Remembers `?lang=` in a cookie so the choice follows the user from page to page.
struct LanguageMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // Most requests have no query string: decoding one costs even when there is none.
        guard req.url.query != nil else { return next.respond(to: req) }
        return next.respond(to: req).map { response in
            if let q = req.query[String.self, at: "lang"], let lang = Language(rawValue: q),
               req.cookies[Language.cookieName]?.string != lang.rawValue {
                response.cookies[Language.cookieName] = Self.cookie(lang, req)
            }
            return response
        }
    }

    static func cookie(_ lang: Language, _ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: lang.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                          isSecure: req.ansinh.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
