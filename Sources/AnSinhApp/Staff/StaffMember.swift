import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// A person who works for an office: its staff and its part-time collaborators (a Women's
/// Union officer, the commune's vice-chair, a teacher), who are most of the network in a
/// commune. Not an account: many never sign in.
final class StaffMember: Model, @unchecked Sendable {
    static let schema = "staff_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "full_name") var fullName: String
    /// `VietnameseText.fold` of the name: found without tone marks.
    @Field(key: "search_key") var searchKey: String
    /// The position in the office ("Cán bộ công tác xã hội", "Cộng tác viên").
    @Field(key: "position") var position: String
    @Field(key: "employment") var employment: Employment
    /// For a part-time collaborator, the job they mainly hold ("Hội Phụ nữ", "giáo viên").
    @OptionalField(key: "main_duty") var mainDuty: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    enum Employment: String, Codable, CaseIterable, Sendable {
        /// Full-time staff of the office.
        case fullTime
        /// A part-time collaborator with another main duty.
        case partTime
    }
}

extension StaffMember: UnitOwned, Versioned {
    static var unitKey: KeyPath<StaffMember, FieldProperty<StaffMember, UUID>> { \.$unitID }
}

extension AuditEntity {
    static let staffMember = AuditEntity("staff_member")
}

struct CreateStaffMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffMember.schema)
            .id()
            .field("version", .int, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("full_name", .string, .required)
            .field("search_key", .string, .required)
            .field("position", .string, .required)
            .field("employment", .string, .required)
            .field("main_duty", .string)
            .field("phone", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "staff_members_unit").on(StaffMember.schema).column("unit_id").column("search_key").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffMember.schema).delete()
    }
}
