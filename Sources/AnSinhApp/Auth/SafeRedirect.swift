import Foundation

/// Where a browser may be sent after login: only a path on this site.
///
/// Browsers repair what they are given before following it: they drop tabs and newlines
/// anywhere (`/\t/evil.example` becomes `//evil.example`, another site), read `\` as `/`, and
/// some proxies decode `%2F`. So the check is an allow-list, not a block-list: printable ASCII
/// of a URL path and query only, starting with exactly one `/`, checked again after each round
/// of percent-decoding.
enum SafeRedirect {
    /// Longer than any link the app makes; a bound on what is echoed into the login form.
    static let maxLength = 2000

    /// `next` if it is a local path other than the login page itself, else nil.
    static func localPath(_ next: String?, loginPath: String) -> String? {
        guard let next, !next.isEmpty, next.utf8.count <= maxLength, isURLText(next) else { return nil }
        // What percent-decoding makes of it must still be a local path (`/%2F%2Fevil` is
        // `//evil`, `/%09/evil` is `/\t/evil`); decoded text may hold letters such as "ễ".
        var text = next
        for _ in 0..<3 {
            guard startsWithOneSlash(text), !text.unicodeScalars.contains(where: unsafeDecoded) else { return nil }
            guard let decoded = text.removingPercentEncoding, decoded != text else { break }
            text = decoded
        }
        guard startsWithOneSlash(text), !text.unicodeScalars.contains(where: unsafeDecoded) else { return nil }
        let path = next.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? next
        guard path != loginPath else { return nil }
        return next
    }

    /// Exactly one `/` first: `//host` and `/\host` name another site.
    private static func startsWithOneSlash(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(2))
        return bytes.first == UInt8(ascii: "/") && (bytes.count < 2 || (bytes[1] != UInt8(ascii: "/") && bytes[1] != UInt8(ascii: "\\")))
    }

    /// Characters a browser drops or rewrites before following a link.
    private static func unsafeDecoded(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            || scalar.properties.generalCategory == .format
    }

    /// The raw text: printable ASCII of a URL path and query only (RFC 3986's unreserved,
    /// sub-delims, `:@/?%#`); no space, no `\`, no control character.
    private static func isURLText(_ text: String) -> Bool {
        text.utf8.allSatisfy { allowed.contains($0) }
    }

    private static let allowed: Set<UInt8> = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%#".utf8)
}
