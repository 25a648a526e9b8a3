import Crypto
import Fluent
import Vapor

/// A form sent after its session expired, kept until its owner logs in again.
///
/// A counsellor types a long home-visit note, goes to a meeting, comes back and presses
/// "Lưu": the session has expired, and without this the note would be lost at the login page.
/// The form is kept only when it proves it was that session's own page (its CSRF token is the
/// expired session's), and it is shown again only to the same account: on a shared computer
/// whoever logs in next never sees it, and the row is dropped at their login.
///
/// The fields are sealed (AES-GCM) with a key that lives only in the browser's cookie; the table
/// holds the key's hash, the owner and the ciphertext, so neither a copy of the database nor the
/// cookie alone reveals what was typed.
final class HeldForm: Model, @unchecked Sendable {
    static let schema = "held_forms"
    static let cookie = "ansinh_held"
    /// How long after the expiry a held form waits for its owner (a working day).
    static let lifetime: TimeInterval = 12 * 3600

    /// Hex SHA-256 of the cookie's key.
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "sealed") var sealed: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: String, userID: UUID, sealed: Data, createdAt: Date) {
        self.id = id
        self.userID = userID
        self.sealed = sealed
        self.createdAt = createdAt
    }

    /// What was sent: where, and the fields in order.
    struct Contents: Codable, Sendable {
        var path: String
        var fields: [[String]]

        var pairs: [(String, String)] { fields.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil } }
    }

    /// Whether this request is a form of the session that just expired, that can be kept: its
    /// CSRF token is that session's, it is a plain form (a file is chosen again), and it holds
    /// no password.
    static func fields(of req: Request) -> [(String, String)]? {
        // Logging out of a session that has ended anyway is nothing to keep.
        guard req.method == .POST, !req.isAPI, req.url.path != SiteURL.logout.path, let expired = req.expiredSession,
              let sent = try? req.content.get(String.self, at: CSRFMiddleware.fieldName),
              Secrets.constantTimeEquals(sent, expired.csrfToken),
              let fields = CSRFReplay.fields(req), !fields.contains(where: { CSRFReplay.isSecret($0.0) })
        else { return nil }
        return fields
    }

    /// Keeps the fields for the expired session's user; returns the cookie value to set.
    static func hold(_ fields: [(String, String)], path: String, for userID: UUID, _ req: Request) async throws -> String {
        let key = Secrets.randomToken(bytes: 32)
        let contents = Contents(path: path, fields: fields.map { [$0.0, $0.1] })
        let sealed = try AES.GCM.seal(try JSONEncoder().encode(contents), using: symmetricKey(key)).combined ?? Data()
        let row = HeldForm(id: Secrets.sha256Hex(key), userID: userID, sealed: sealed, createdAt: req.application.clock.now())
        try await req.db.transaction { db in try await row.create(on: db) }
        return key
    }

    /// The row behind this browser's cookie, if it is `userID`'s and still waiting. A row of
    /// another account is deleted: it is never shown to anyone else.
    static func waiting(for userID: UUID, _ req: Request) async throws -> HeldForm? {
        guard let key = req.cookies[cookie]?.string, !key.isEmpty,
              let row = try await HeldForm.find(Secrets.sha256Hex(key), on: req.db) else { return nil }
        guard row.userID == userID, req.application.clock.now().timeIntervalSince(row.createdAt) <= lifetime else {
            try await req.db.transaction { db in try await row.delete(on: db) }
            return nil
        }
        return row
    }

    /// Opens the held form for its owner and deletes it: it is shown once.
    static func claim(for userID: UUID, _ req: Request) async throws -> Contents? {
        guard let key = req.cookies[cookie]?.string, let row = try await waiting(for: userID, req) else { return nil }
        let contents = try? JSONDecoder().decode(Contents.self, from: AES.GCM.open(AES.GCM.SealedBox(combined: row.sealed),
                                                                                    using: symmetricKey(key)))
        try await req.db.transaction { db in try await row.delete(on: db) }
        guard let contents, SafeRedirect.localPath(contents.path, loginPath: SiteURL.login.path) != nil else { return nil }
        return contents
    }

    /// Held forms nobody came back for; removed at each login, like idle sessions.
    static func deleteStale(now: Date, on db: any Database) async throws {
        try await HeldForm.query(on: db).filter(\.$createdAt < now.addingTimeInterval(-lifetime)).delete()
    }

    static func cookieValue(_ key: String, _ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: key, maxAge: Int(lifetime), path: "/", isSecure: req.ansinh.secureCookies,
                          isHTTPOnly: true, sameSite: .strict)
    }

    static func expiredCookie(_ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isSecure: req.ansinh.secureCookies, isHTTPOnly: true, sameSite: .strict)
    }

    private static func symmetricKey(_ key: String) -> SymmetricKey {
        SymmetricKey(data: SHA256.hash(data: Data(("held-form:" + key).utf8)))
    }
}

/// The page that gives a held form back to its owner after login.
struct HeldFormController {
    func show(_ req: Request) async throws -> Response {
        let user = try req.user
        guard let contents = try await HeldForm.claim(for: user.id!, req) else {
            let response = req.redirect(to: .home)
            response.cookies[HeldForm.cookie] = HeldForm.expiredCookie(req)
            return response
        }
        let t = req.t
        let response = await CSRFReplay.form(req, action: contents.path, fields: contents.pairs, status: .ok, explanation: t.pick(
            vi: "Phiên làm việc đã hết hạn trước khi biểu mẫu được lưu. Những gì bạn đã gõ vẫn còn nguyên: bấm \"Gửi lại\" để lưu.",
            en: "Your session expired before the form was saved. What you typed is kept: press \"Send again\" to save it."))
        response.cookies[HeldForm.cookie] = HeldForm.expiredCookie(req)
        return response
    }
}
