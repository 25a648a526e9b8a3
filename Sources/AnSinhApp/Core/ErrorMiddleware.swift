import Plot
import PostgresNIO
import Vapor

/// The one error handler. Under `/api` it answers `{"error": true, "reason": "…"}`; elsewhere an
/// HTML page in the user's language with the request id. A 5xx never shows internals: the
/// reason goes to the log with the request id, the client sees a generic message.
struct AppErrorMiddleware: Middleware {
    /// Future-based, like the other middleware that only wrap the response: an async middleware
    /// starts a task per request. The error page, which may read the database, runs in a task.
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).flatMapError { error in
            req.eventLoop.makeFutureWithTask { await makeResponse(for: error, req) }
        }
    }

    /// PostgreSQL's SQLSTATE for text it cannot store, such as a NUL character.
    static let characterNotInRepertoire = "22021"

    struct APIError: Content {
        let error: Bool
        let reason: String
    }

    func makeResponse(for error: any Error, _ req: Request) async -> Response {
        let status: HTTPResponseStatus
        var reason: String?
        var headers = HTTPHeaders()
        var decodingProblem: FieldProblem?
        switch error {
        case let decoding as DecodingError:
            // Before `AbortError`: Vapor makes DecodingError one, whose reason names Swift types
            // ("Value was not of type 'Dictionary<String, Any>'").
            let problem = Self.problem(decoding, req.t)
            if problem.field.isEmpty {
                status = .badRequest
                reason = problem.message
            } else {
                status = .unprocessableEntity
                reason = "\(problem.field): \(problem.message)"
                decodingProblem = problem
            }
        case let abort as any AbortError:
            status = abort.status
            reason = abort.reason
            headers = abort.headers
            if status == .serviceUnavailable, headers.first(name: "Retry-After") == nil {
                headers.replaceOrAdd(name: "Retry-After", value: String(ServiceUnavailable.retryAfterSeconds))
            }
        case _ where DatabaseFailure.isUnavailable(error):
            // The database is stopped, restarting or out of reach: nothing was half-written (every
            // write is one transaction), and the client should try again shortly.
            status = .serviceUnavailable
            headers.replaceOrAdd(name: "Retry-After", value: String(ServiceUnavailable.retryAfterSeconds))
        case is NulText.Refused:
            status = .unprocessableEntity
            reason = NulText.reason(req.t)
        case let postgres as PSQLError where postgres.serverInfo?[.sqlState] == Self.characterNotInRepertoire:
            // Text with a NUL character that came some other way than a JSON or form body:
            // PostgreSQL cannot store it, and the statement failed whole, so nothing was saved.
            // The input is at fault, not the server.
            status = .unprocessableEntity
            reason = NulText.reason(req.t)
        default:
            status = .internalServerError
        }
        if status == .serviceUnavailable {
            req.logger.warning("\(req.requestID) 503 \(String(reflecting: error))")
            reason = nil
        } else if status.code >= 500 {
            req.logger.error("\(req.requestID) \(String(reflecting: error))")
            reason = nil
        } else {
            req.logger.debug("\(req.requestID) \(status.code) \(String(describing: error))")
        }
        let t = req.t
        let message = Self.message(status, reason: reason, t)
        let response: Response
        if req.isAPI, let problems = (error as? ValidationError)?.problems ?? decodingProblem.map({ [$0] }) {
            response = Response(status: status, headers: headers)
            try? response.content.encode(ValidationFailure(error: true, reason: message, fields: problems), as: .json)
        } else if req.isAPI {
            response = Response(status: status, headers: headers)
            try? response.content.encode(APIError(error: true, reason: message), as: .json)
        } else {
            let page = ErrorPage(status: status, message: message, requestID: req.requestID)
            response = Response(status: status, headers: headers)
            response.headers.contentType = .html
            response.body = .init(string: await Layout.render(req, title: t(.errorTitle), content: page.body(t)))
        }
        if status == .unauthorized, req.isAPI {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
        }
        return response
    }

    /// Client errors keep a specific reason when the code gave one in the user's language
    /// (validation, API field errors); known statuses get a fixed, translated message.
    static func message(_ status: HTTPResponseStatus, reason: String?, _ t: Localizer) -> String {
        switch status.code {
        case 401: return t(.errorUnauthorized)
        case 403: return reason == "CSRF" ? t(.errorCSRF) : (reason.flatMap { $0 == status.reasonPhrase ? nil : $0 } ?? t(.errorForbidden))
        case 404: return t(.errorNotFound)
        case 405: return t.pick(vi: "Địa chỉ này không nhận phương thức đó.", en: "This address does not accept that method.")
        case 413: return t.pick(vi: "Nội dung gửi lên quá lớn (tối đa \(BodyLimits.requestLabel)). Bấm «Quay lại» trên trình duyệt: những gì bạn đã nhập vẫn còn trong biểu mẫu.",
                                en: "What was sent is too large (\(BodyLimits.requestLabel) at most). Press the browser's Back button: what you typed is still in the form.")
        case 415: return t.pick(vi: "Cần gửi nội dung JSON (Content-Type: application/json) hoặc biểu mẫu.",
                                en: "Send JSON (Content-Type: application/json) or a form.")
        case 429: return t(.errorTooMany)
        case 503: return t.pick(vi: "Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Chưa có gì được lưu từ yêu cầu này; vui lòng thử lại sau ít giây.",
                                en: "The database is out of reach for the moment. Nothing from this request was saved; try again in a few seconds.")
        case 500...: return t(.errorServer)
        default:
            if let reason, reason != status.reasonPhrase { return reason }
            return t(.errorBadRequest)
        }
    }
}

extension AppErrorMiddleware {
    /// A decoding failure in the client's words: the field (empty when the body as a whole is
    /// not JSON) and what is wrong with it, never a Swift type name.
    static func problem(_ error: DecodingError, _ t: Localizer) -> FieldProblem {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce(into: "") { out, key in
                if let index = key.intValue { out += "[\(index)]" } else { out += out.isEmpty ? key.stringValue : "." + key.stringValue }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldProblem(field: path(context.codingPath + [key]), message: t.pick(vi: "Bắt buộc.", en: "Required."))
        case .valueNotFound(_, let context):
            return FieldProblem(field: path(context.codingPath), message: t.pick(vi: "Không được để trống.", en: "Must not be null."))
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            let expected: (vi: String, en: String) =
                if type == String.self || type == Substring.self { ("chuỗi ký tự", "text") }
                else if type is any Numeric.Type { ("số", "a number") }
                else if type == Bool.self { ("true hoặc false", "true or false") }
                else if "\(type)".hasPrefix("Array") { ("danh sách", "a list") }
                else if "\(type)".hasPrefix("Dictionary") { ("đối tượng JSON", "a JSON object") }
                else { ("giá trị khác", "another kind of value") }
            if field.isEmpty {
                return FieldProblem(field: "", message: t.pick(vi: "Nội dung phải là \(expected.vi).", en: "The body must be \(expected.en)."))
            }
            return FieldProblem(field: field, message: t.pick(vi: "Cần \(expected.vi).", en: "Must be \(expected.en)."))
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty {
                return FieldProblem(field: "", message: t.pick(vi: "Nội dung không phải JSON hợp lệ (hoặc có số quá lớn).",
                                                                en: "The body is not valid JSON (or holds a number too large)."))
            }
            return FieldProblem(field: field, message: t.pick(vi: "Giá trị không hợp lệ.", en: "Not a valid value."))
        @unknown default:
            return FieldProblem(field: "", message: t(.errorBadRequest))
        }
    }
}

/// The page shown for an error outside the API.
struct ErrorPage {
    let status: HTTPResponseStatus
    let message: String
    let requestID: String

    func body(_ t: Localizer) -> BodyNode {
        .group(
            .el("h1", [], [.txt("\(t(.errorTitle)) (\(status.code))")]),
            .el("p", [.cls("error-message")], [.txt(message)]),
            .el("p", [.cls("muted")], [.txt("\(t(.errorRequestID)): "), .el("code", [], [.txt(requestID)])]),
            .el("p", [], [.link(.home, t(.errorGoHome))])
        )
    }
}
