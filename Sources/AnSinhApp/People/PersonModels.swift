import AnSinhCore
import Fluent
import SQLKit
import Foundation

/// A person the center serves or meets: a child, a family member, an older person.
final class Person: Model, @unchecked Sendable {
    static let schema = "persons"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    /// The unit that registered the person: who may see the record follows from it.
    @Field(key: "unit_id") var unitID: UUID

    /// As written, in NFC.
    @Field(key: "full_name") var fullName: String
    /// `PersonName.searchKey(fullName)`: duplicate checks and ranking.
    @Field(key: "search_key") var searchKey: String
    @Field(key: "sex") var sex: Sex
    @OptionalField(key: "birth_precision") var birthPrecision: BirthPrecision?
    @OptionalField(key: "birth_year") var birthYear: Int?
    @OptionalField(key: "birth_month") var birthMonth: Int?
    @OptionalField(key: "birth_day") var birthDay: Int?
    /// Code in the 1979 list (`EthnicGroup`).
    @OptionalField(key: "ethnicity") var ethnicity: String?
    /// 12 digits; shown masked in lists.
    @OptionalField(key: "id_number") var idNumber: String?
    @OptionalField(key: "province_code") var provinceCode: String?
    @OptionalField(key: "commune_code") var communeCode: String?
    /// Hamlet, street and house number.
    @OptionalField(key: "address_line") var addressLine: String?
    /// A pre-2025 commune code as given on old papers, kept beside its conversion.
    @OptionalField(key: "legacy_commune_code") var legacyCommuneCode: String?
    @OptionalField(key: "school_or_occupation") var schoolOrOccupation: String?
    /// Vulnerability group codes joined by commas, with a comma at each end (`,elderly,livingAlone,`)
    /// so that one group is found with `LIKE '%,code,%'`.
    @Field(key: "groups") var groups: String
    @OptionalField(key: "disability_type") var disabilityType: DisabilityType?
    @OptionalField(key: "disability_severity") var disabilitySeverity: DisabilitySeverity?
    @OptionalField(key: "poverty_status") var povertyStatus: PovertyStatus?
    @OptionalField(key: "notes") var notes: String?
    /// Set when a supervisor merged this record into another: it is kept (the audit refers to
    /// it) but no longer found, and its page points to the record it became.
    @OptionalField(key: "merged_into") var mergedInto: UUID?
    /// The photo's checksum and type (`image/jpeg`, `image/png`); the file is under the data
    /// directory, served through an audited route.
    @OptionalField(key: "photo_sha256") var photoSHA256: String?
    @OptionalField(key: "photo_type") var photoType: String?

    init() {}

    var groupCodes: [String] { groups.split(separator: ",").map(String.init) }

    static func joinGroups(_ codes: [String]) -> String {
        codes.isEmpty ? "" : "," + codes.joined(separator: ",") + ","
    }
}

extension Person: Versioned {}

/// A person's phone numbers (normalized), for search and duplicate checks.
final class PersonPhone: Model, @unchecked Sendable {
    static let schema = "person_phones"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "phone") var phone: String
    @Field(key: "position") var position: Int

    init() {}

    init(personID: UUID, phone: String, position: Int) {
        self.id = UUID()
        self.personID = personID
        self.phone = phone
        self.position = position
    }
}

/// A monthly social allowance a person receives (group, amount in đồng, since when).
final class PersonAllowance: Model, @unchecked Sendable {
    static let schema = "person_allowances"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "allowance_group") var group: AllowanceGroup
    @Field(key: "monthly_amount") var monthlyAmount: Int
    /// `YYYY-MM` or `YYYY-MM-DD`, as the decision says.
    @OptionalField(key: "since") var since: String?

    init() {}
}

/// The merge link, the photo and the allowances, added after the registry first shipped.
struct AddPersonMergePhotoAllowances: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .field("merged_into", .uuid, .references(Person.schema, "id"))
            .update()
        try await database.schema(Person.schema).field("photo_sha256", .string).update()
        try await database.schema(Person.schema).field("photo_type", .string).update()
        try await database.schema(PersonAllowance.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("allowance_group", .string, .required).field("monthly_amount", .int, .required)
            .field("since", .string)
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX person_allowances_person ON person_allowances (person_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonAllowance.schema).delete()
        try await database.schema(Person.schema).deleteField("photo_type").update()
        try await database.schema(Person.schema).deleteField("photo_sha256").update()
        try await database.schema(Person.schema).deleteField("merged_into").update()
    }
}

extension Person: UnitOwned { static var unitKey: KeyPath<Person, FieldProperty<Person, UUID>> { \.$unitID } }
