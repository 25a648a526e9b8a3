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
