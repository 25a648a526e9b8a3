import Vapor

/// A NUL character (U+0000) in text is refused as bad input: PostgreSQL cannot store it (it
/// failed only at the INSERT, SQLite stored it), so both databases answer the same 422 and no
/// handler gets such text.
/// - JSON bodies: the decoder checks (`NulText.install`). A middleware could not: a body that
///   arrives in pieces reaches it uncollected, and it cannot know a route's size limit.
/// - Form bodies: `FormGuard`. Pages read form fields one by one with `try?`, where a decoder's
///   refusal would read as an empty field (or a missing CSRF token).
/// Other bodies (file uploads) may hold any byte.
enum NulText {
    /// Thrown by the decoders; the error middleware answers 422 with `reason`.
    struct Refused: Error {}

    static func reason(_ t: Localizer) -> String {
        t.pick(vi: "Dữ liệu có một ký tự điều khiển ẩn không lưu được (như NUL hay ESC, thường do dán từ tệp khác). Hãy xoá ký tự đó rồi gửi lại.",
               en: "The input has a hidden control character that cannot be stored (such as NUL or ESC, often pasted from another file). Remove it and send again.")
    }

    /// Vapor's content configuration is one for the whole process: installed once, whatever
    /// the number of applications (tests make many).
    static let install: Void = {
        var content = ContentConfiguration.global
        for type in [HTTPMediaType.json, .jsonAPI] {
            if let base = try? content.requireDecoder(for: type) { content.use(decoder: JSONDecoder(base: base), for: type) }
        }
        ContentConfiguration.global = content
    }()

    enum Kind { case json, form }

    /// Vapor's own JSON decoder, after the scan.
    struct JSONDecoder: ContentDecoder {
        let base: any ContentDecoder

        func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
            guard !NulText.hasNul(body, .json) else { throw Refused() }
            return try base.decode(D.self, from: body, headers: headers)
        }

        func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                                  userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
            guard !NulText.hasNul(body, .json) else { throw Refused() }
            return try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
        }
    }

    /// Refuses a form body with `%00` before any page reads it, collecting it first if it came in
    /// pieces (up to the size every form route accepts; a larger form would be refused anyway).
    /// After the identity middleware, so that the message is in the signed-in user's language.
    struct FormGuard: Middleware {
        func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
            guard req.headers.first(name: .contentType)?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
                return next.respond(to: req)
            }
            return req.body.collect(max: req.application.routes.defaultMaxBodySize.value).flatMap { body in
                if let body, NulText.hasNul(body, .form) { return req.eventLoop.makeFailedFuture(Refused()) }
                return next.respond(to: req)
            }
        }
    }

    /// A control character other than tab, newline and carriage return (C0, DEL and C1: U+0000–
    /// U+001F, U+007F–U+009F), raw or escaped: `\u001b` in JSON (not `\\u001b`, an escaped
    /// backslash followed by text), `%1B` or `%C2%85` in a form. Such characters are never typed;
    /// they come pasted from other files or from hostile clients, and would be stored where no
    /// one can see them (a topic's label with an ESC in it) or not at all (NUL on PostgreSQL).
    static func hasNul(_ body: ByteBuffer, _ kind: Kind) -> Bool {
        body.withUnsafeReadableBytes { b in
            func hex(_ at: Int, _ count: Int) -> Int? {
                guard at + count <= b.count else { return nil }
                var n = 0
                for k in at..<(at + count) {
                    guard let d = hexDigit(b[k]) else { return nil }
                    n = n * 16 + d
                }
                return n
            }
            var i = 0
            while i < b.count {
                switch b[i] {
                case 0..<0x20:
                    // Raw: tab, newline and carriage return only (between JSON tokens, in a form's
                    // text); anything else is refused.
                    if b[i] != 0x09, b[i] != 0x0A, b[i] != 0x0D { return true }
                case 0x7F:
                    return true
                case 0xC2 where i + 1 < b.count && (0x80...0x9F).contains(b[i + 1]):
                    return true
                case UInt8(ascii: "\\") where kind == .json:
                    if i + 5 < b.count, b[i + 1] == UInt8(ascii: "u"), let code = hex(i + 2, 4), isForbidden(code) { return true }
                    i += 2   // the escaped character, whatever it is
                    continue
                case UInt8(ascii: "%") where kind == .form:
                    if let code = hex(i + 1, 2) {
                        // One byte of UTF-8: 0x80–0xFF are parts of letters such as "ễ", not
                        // characters of their own.
                        if code < 0x80, isForbidden(code) { return true }
                        // %C2%80–%C2%9F: a C1 control in UTF-8.
                        if code == 0xC2, i + 5 < b.count, b[i + 3] == UInt8(ascii: "%"), let next = hex(i + 4, 2), (0x80...0x9F).contains(next) {
                            return true
                        }
                    }
                default:
                    break
                }
                i += 1
            }
            return false
        }
    }

    private static func isForbidden(_ code: Int) -> Bool {
        (code < 0x20 && code != 0x09 && code != 0x0A && code != 0x0D) || (0x7F...0x9F).contains(code)
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
