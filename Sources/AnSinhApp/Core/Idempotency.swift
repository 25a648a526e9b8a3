import Fluent
import SQLKit
import Vapor

/// `Idempotency-Key` on the API's creates: a client that sends a create again after its first
/// attempt was cut off (a timeout, a restart, a 503) gets the record the first attempt made
/// instead of a second one.
///
/// The key is stored with the create itself, in the same transaction: in the audit line every
/// create writes (`audit_events.idempotency_key`, unique). So a create that committed always
/// has its key, and one that did not never does, whatever the moment a crash hits; no separate
/// table could promise that without joining every writer's transaction. The stored value is a
/// hash of the account, the route and the key: one client's key never matches another's.
enum Idempotency {
    static let header = "Idempotency-Key"
    /// Printable ASCII, as in the IETF draft's examples (UUIDs, random strings).
    static let maxKeyLength = 200

    struct Pending: StorageKey { typealias Value = PendingKey }

    /// The key of this request, until the first audit line of the request takes it.
    final class PendingKey: @unchecked Sendable {
        let hash: String
        private var taken = false
        private let lock = NSLock()

        init(hash: String) { self.hash = hash }

        func take() -> String? {
            lock.withLock {
                defer { taken = true }
                return taken ? nil : hash
            }
        }

        /// Whether a write of this request carried the key (so the create committed with it).
        var wasTaken: Bool { lock.withLock { taken } }
    }

    static func hash(userID: UUID, method: HTTPMethod, path: String, key: String) -> String {
        Secrets.sha256Hex("\(userID.uuidString)|\(method.rawValue) \(path)|\(key)")
    }

    /// Where a replay reads the record the first attempt made: for the creates whose audit line
    /// names what they created (a call, a case, a person). A note or an assessment names its
    /// case, so a repeat of those is told it was done (409) rather than shown the case.
    static func readPath(createdAt path: String, entityType: String, id: String) -> String? {
        guard let uuid = UUID(uuidString: id) else { return nil }
        switch (path, entityType) {
        case (SiteURL.apiCalls.path, "call"): return SiteURL.apiCall(uuid).path
        case (SiteURL.apiCases.path, "case"): return SiteURL.apiCase(uuid).path
        case (SiteURL.apiPersons.path, "person"): return SiteURL.apiPerson(uuid).path
        default: return nil
        }
    }
}

extension Request {
    /// The idempotency hash for the audit line being written, once per request.
    func takeIdempotencyKey() -> String? {
        storage[Idempotency.Pending.self]?.take()
    }
}

/// Answers a repeated create from what the first one stored, or lets a new one through with
/// its key pending. After the identity middleware: keys belong to an account.
///
/// Future-based: requests without the header (pages, most API calls) pay for no task.
struct IdempotencyMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard req.method == .POST, let key = req.headers.first(name: Idempotency.header), req.isAPI else {
            return next.respond(to: req)
        }
        // The body is part of what the key names: the same key with another body (a different
        // request) is a new create, never the replay of an earlier one. Bodies up to the API's
        // JSON limit are read here; a larger one (an upload) is named by its length and type.
        let small = (req.headers.first(name: .contentLength).flatMap(Int.init) ?? 0) <= req.application.routes.defaultMaxBodySize.value
        guard small, req.body.data == nil else {
            return req.eventLoop.makeFutureWithTask { try await respond(to: req, key: key, next) }
        }
        return req.body.collect(max: req.application.routes.defaultMaxBodySize.value).flatMap { _ in
            req.eventLoop.makeFutureWithTask { try await respond(to: req, key: key, next) }
        }
    }

    private func respond(to req: Request, key: String, _ next: any Responder) async throws -> Response {
        guard !key.isEmpty, key.utf8.count <= Idempotency.maxKeyLength, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ValidationError([FieldProblem(field: Idempotency.header, message: req.t.pick(
                vi: "Khoá chống gửi trùng phải gồm 1 đến \(Idempotency.maxKeyLength) ký tự ASCII in được, không có khoảng trắng.",
                en: "The idempotency key must be 1 to \(Idempotency.maxKeyLength) printable ASCII characters, no spaces."))], req)
        }
        guard let userID = req.identity?.user.id else { return try await next.respond(to: req).get() }
        let body = req.body.data.map { Secrets.sha256Hex(String(buffer: $0)) }
            ?? "\(req.headers.first(name: .contentLength) ?? "")|\(req.headers.first(name: .contentType) ?? "")"
        let hash = Idempotency.hash(userID: userID, method: req.method, path: req.routedPath, key: key + "|" + body)
        if let stored = try await IdempotentResponse.find(hash, on: req.db) {
            return stored.response()
        }
        if let first = try await AuditEvent.query(on: req.db).filter(\.$idempotencyKey == hash).first() {
            return try await replay(first, req)
        }
        let pending = Idempotency.PendingKey(hash: hash)
        req.storage[Idempotency.Pending.self] = pending
        let response = try await next.respond(to: req).get()
        // The answer is kept for a repeat, after the create's own commit: if this process dies
        // in between, a repeat still finds the key on the audit line (`replay`).
        if pending.wasTaken, (200..<300).contains(response.status.code), let body = response.body.buffer,
           body.readableBytes <= IdempotentResponse.maxBody {
            let stored = IdempotentResponse(hash: hash, response: response, body: body, at: req.application.clock.now())
            do { try await stored.create(on: req.db) } catch {
                req.logger.warning("idempotency: the answer to a create was not kept: \(String(describing: error))")
            }
        }
        return response
    }

    /// The key was committed with the create but its answer was not kept (the process stopped
    /// in between): the record as it is now, with the create's status, marked as a replay.
    private func replay(_ first: AuditEvent, _ req: Request) async throws -> Response {
        guard let type = first.entityType, let id = first.entityID,
              let path = Idempotency.readPath(createdAt: req.routedPath, entityType: type, id: id) else {
            let response = Response(status: .conflict, headers: ["Idempotent-Replayed": "true"])
            try response.content.encode(AppErrorMiddleware.APIError(error: true, reason: req.t.pick(
                vi: "Yêu cầu với khoá này đã được thực hiện.", en: "A request with this key was already carried out.")), as: .json)
            return response
        }
        var headers = HTTPHeaders()
        for name in ["Authorization", "Cookie", "Accept-Language"] {
            for value in req.headers[name] { headers.add(name: name, value: value) }
        }
        let read = Request(application: req.application, method: .GET, url: URI(path: path), headers: headers,
                           remoteAddress: req.remoteAddress, logger: req.logger, on: req.eventLoop)
        let response = try await req.application.responder.current.respond(to: read).get()
        if response.status == .ok { response.status = .created }
        response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
        return response
    }
}

/// The answer a create gave, kept for a repeat of it with the same key: the status and the
/// JSON body, at most 64 KB (a record, never a file).
final class IdempotentResponse: Model, @unchecked Sendable {
    static let schema = "idempotent_responses"
    static let maxBody = 65_536

    @ID(custom: "key_hash", generatedBy: .user) var id: String?
    @Field(key: "status") var status: Int
    @Field(key: "content_type") var contentType: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(hash: String, response: Response, body: ByteBuffer, at now: Date) {
        id = hash
        status = Int(response.status.code)
        contentType = response.headers.first(name: .contentType) ?? "application/json; charset=utf-8"
        self.body = String(buffer: body)
        createdAt = now
    }

    func response() -> Response {
        Response(status: HTTPResponseStatus(statusCode: status),
                 headers: ["Content-Type": contentType, "Idempotent-Replayed": "true", "Cache-Control": "no-store"],
                 body: .init(string: body))
    }
}

struct CreateIdempotentResponses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotentResponse.schema)
            .field("key_hash", .string, .identifier(auto: false))
            .field("status", .int, .required)
            .field("content_type", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IdempotentResponse.schema).delete()
    }
}

/// The key's column in the audit log, unique where set (partial index: most lines have none).
struct AddAuditIdempotencyKey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).field("idempotency_key", .string).update()
        try await (database as! any SQLDatabase).raw(
            "CREATE UNIQUE INDEX audit_events_idempotency ON audit_events (idempotency_key) WHERE idempotency_key IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX audit_events_idempotency").run()
        try await database.schema(AuditEvent.schema).deleteField("idempotency_key").update()
    }
}
