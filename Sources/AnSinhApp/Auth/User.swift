import AnSinhCore
import Fluent
import Foundation

/// A person who signs in. Belongs to one unit.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int

    @Field(key: "username") var username: String
    @Field(key: "full_name") var fullName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: Role
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "active") var active: Bool
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Field(key: "failed_logins") var failedLogins: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "language") var language: String?
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?

    init() {}

    init(id: UUID? = nil, username: String, fullName: String, passwordHash: String, role: Role,
         unitID: UUID, mustChangePassword: Bool = true, createdBy: UUID? = nil) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.passwordHash = passwordHash
        self.role = role
        self.unitID = unitID
        self.active = true
        self.mustChangePassword = mustChangePassword
        self.failedLogins = 0
        self.createdBy = createdBy
        self.version = 1
    }
}

extension User {
    static func find(username: String, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$username == username.lowercased()).first()
    }

    /// A username: 3–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter.
    static func isValidUsername(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        guard (3...32).contains(scalars.count), let first = scalars.first, ("a"..."z").contains(first) else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }
}
