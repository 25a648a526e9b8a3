import Fluent
import Foundation

/// A signed-in browser. The cookie holds a random token; the table holds only its SHA-256, so
/// a copy of the database does not let anyone sign in. Rows are created at login only.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    /// Hex SHA-256 of the cookie token.
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "ip") var ip: String?

    init() {}

    init(tokenHash: String, userID: UUID, csrfToken: String, now: Date, ip: String?) {
        self.id = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.ip = ip
    }
}
