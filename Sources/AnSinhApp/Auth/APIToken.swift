import Fluent
import Foundation

/// A personal API token. Only its SHA-256 is stored; the token itself is shown once.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the token, so a user can tell tokens apart.
    @Field(key: "prefix") var prefix: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, name: String, tokenHash: String, prefix: String) {
        self.userID = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
    }
}
