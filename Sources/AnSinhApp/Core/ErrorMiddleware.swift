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
        switch error {
        case let abort as any AbortError:
            status = abort.status
            reason = abort.reason
            headers = abort.headers
        case is DecodingError:
            status = .badRequest
            reason = "The request body or query is not valid."
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
        if status.code >= 500 {
            req.logger.error("\(req.requestID) \(String(reflecting: error))")
            reason = nil
        } else {
            req.logger.debug("\(req.requestID) \(status.code) \(String(describing: error))")
        }
        let t = req.t
        let message = Self.message(status, reason: reason, t)
        let response: Response
        if req.isAPI, let validation = error as? ValidationError {
            response = Response(status: status, headers: headers)
            try? response.content.encode(ValidationFailure(error: true, reason: message, fields: validation.problems), as: .json)
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
        case 429: return t(.errorTooMany)
        case 500...: return t(.errorServer)
        default:
            if let reason, reason != status.reasonPhrase { return reason }
            return t(.errorBadRequest)
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
