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
        return req.eventLoop.makeFutureWithTask { try await respond(to: req, key: key, next) }
    }

    private func respond(to req: Request, key: String, _ next: any Responder) async throws -> Response {
        guard !key.isEmpty, key.utf8.count <= Idempotency.maxKeyLength, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ValidationError([FieldProblem(field: Idempotency.header, message: req.t.pick(
                vi: "Khoá chống gửi trùng phải gồm 1 đến \(Idempotency.maxKeyLength) ký tự ASCII in được, không có khoảng trắng.",
                en: "The idempotency key must be 1 to \(Idempotency.maxKeyLength) printable ASCII characters, no spaces."))], req)
        }
        guard let userID = req.identity?.user.id else { return try await next.respond(to: req).get() }
        let hash = Idempotency.hash(userID: userID, method: req.method, path: SQLiteWriteGate.routedPath(req), key: key)
        if let first = try await AuditEvent.query(on: req.db).filter(\.$idempotencyKey == hash).first() {
            return try await replay(first, req)
        }
        req.storage[Idempotency.Pending.self] = Idempotency.PendingKey(hash: hash)
        return try await next.respond(to: req).get()
    }

    /// The record as it is now, with the create's status, marked as a replay.
    private func replay(_ first: AuditEvent, _ req: Request) async throws -> Response {
        guard let type = first.entityType, let id = first.entityID,
              let path = Idempotency.readPath(createdAt: SQLiteWriteGate.routedPath(req), entityType: type, id: id) else {
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
