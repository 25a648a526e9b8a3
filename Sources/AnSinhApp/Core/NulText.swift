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
        t.pick(vi: "Dữ liệu có một ký tự ẩn không lưu được (ký tự NUL, thường do dán từ tệp khác). Hãy xoá ký tự đó rồi gửi lại.",
               en: "The input has a hidden character that cannot be stored (NUL, often pasted from another file). Remove it and send again.")
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

    /// A raw NUL byte, or its escape: `\u0000` in JSON (not `\\u0000`, an escaped backslash
    /// followed by the text "u0000"), `%00` in a form.
    static func hasNul(_ body: ByteBuffer, _ kind: Kind) -> Bool {
        body.withUnsafeReadableBytes { b in
            var i = 0
            while i < b.count {
                switch b[i] {
                case 0:
                    return true
                case UInt8(ascii: "\\") where kind == .json:
                    if i + 5 < b.count, b[i + 1] == UInt8(ascii: "u"), b[i + 2] == 0x30, b[i + 3] == 0x30, b[i + 4] == 0x30, b[i + 5] == 0x30 {
                        return true
                    }
                    i += 2   // the escaped character, whatever it is
                    continue
                case UInt8(ascii: "%") where kind == .form:
                    if i + 2 < b.count, b[i + 1] == 0x30, b[i + 2] == 0x30 { return true }
                default:
                    break
                }
                i += 1
            }
            return false
        }
    }
}
