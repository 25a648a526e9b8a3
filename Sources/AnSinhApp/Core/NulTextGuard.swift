import Vapor

/// Refuses a JSON or form body that carries a NUL character (`\u0000` in JSON, `%00` in a form),
/// with 422 and a sentence in the user's language. PostgreSQL cannot store that character and
/// refused it only at the INSERT; SQLite stored it. Checked here, both databases answer the same,
/// before any handler reads the body. Other bodies (file uploads) may hold any byte.
struct NulTextGuard: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let body = req.body.data, body.readableBytes > 0, let kind = Self.kind(req.headers),
              Self.hasNul(body, kind) else {
            return next.respond(to: req)
        }
        return req.eventLoop.makeFailedFuture(Abort(.unprocessableEntity, reason: Self.reason(req.t)))
    }

    static func reason(_ t: Localizer) -> String {
        t.pick(vi: "Dữ liệu có ký tự không lưu được (ký tự NUL). Hãy xoá ký tự đó rồi gửi lại.",
               en: "The input has a character that cannot be stored (NUL). Remove it and send again.")
    }

    enum Kind { case json, form }

    /// From the raw header: parsing a media type on every request costs more than the scan.
    static func kind(_ headers: HTTPHeaders) -> Kind? {
        guard let value = headers.first(name: .contentType)?.lowercased() else { return nil }
        if value.hasPrefix("application/json") { return .json }
        if value.hasPrefix("application/x-www-form-urlencoded") { return .form }
        return nil
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
