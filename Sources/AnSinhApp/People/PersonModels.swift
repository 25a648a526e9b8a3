import AnSinhCore
import Fluent
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
