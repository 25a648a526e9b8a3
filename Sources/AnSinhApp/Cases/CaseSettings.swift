import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// A client group a center added to the built-in codes (e.g. `center.migrantWorkerChild`).
/// Codes are never deleted, only retired, because reports and old cases keep using them.
final class CenterClientGroup: Model, @unchecked Sendable {
    static let schema = "center_client_groups"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "label_vi") var labelVI: String
    @Field(key: "label_en") var labelEN: String
    @Field(key: "active") var active: Bool
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// The center's deadlines for a case type other than child protection, whose deadlines the law sets.
final class DeadlineSetting: Model, @unchecked Sendable {
    static let schema = "case_deadline_settings"

    @ID(custom: "case_type", generatedBy: .user) var id: String?
    @Field(key: "initial_hours") var initialHours: Int
    @Field(key: "emergency_hours") var emergencyHours: Int
    @Field(key: "plan_working_days") var planWorkingDays: Int
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

struct CreateCaseSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CenterClientGroup.schema)
            .field("code", .string, .identifier(auto: false))
            .field("label_vi", .string, .required).field("label_en", .string, .required)
            .field("active", .bool, .required)
            .field("created_by", .uuid, .references(User.schema, "id")).field("created_at", .datetime)
            .create()
        try await database.schema(DeadlineSetting.schema)
            .field("case_type", .string, .identifier(auto: false))
            .field("initial_hours", .int, .required).field("emergency_hours", .int, .required)
            .field("plan_working_days", .int, .required)
            .field("updated_by", .uuid, .references(User.schema, "id")).field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DeadlineSetting.schema).delete()
        try await database.schema(CenterClientGroup.schema).delete()
    }
}

/// The client group codes a case may carry: the built-in ones and the center's active ones.
enum ClientGroupCatalog {
    struct Entry: Content, Equatable {
        let code: String
        let vi: String
        let en: String
        let builtIn: Bool
        let active: Bool
    }

    static func codes(on db: any Database) async throws -> Set<String> {
        let custom = try await CenterClientGroup.query(on: db).filter(\.$active == true).all().compactMap(\.id)
        return Set(ClientGroup.allCases.map(\.rawValue) + custom)
    }

    /// Every code with its labels, built-in first, retired center codes last.
    static func entries(on db: any Database) async throws -> [Entry] {
        let vi = Localizer(language: .vi), en = Localizer(language: .en)
        let builtIn = ClientGroup.allCases.map { Entry(code: $0.rawValue, vi: vi.clientGroup($0), en: en.clientGroup($0), builtIn: true, active: true) }
        let custom = try await CenterClientGroup.query(on: db).sort(\.$id).all()
            .map { Entry(code: $0.id!, vi: $0.labelVI, en: $0.labelEN, builtIn: false, active: $0.active) }
        return builtIn + custom.filter(\.active) + custom.filter { !$0.active }
    }

    /// A label for any code (a report may meet a retired one).
    static func labels(on db: any Database, _ t: Localizer) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await entries(on: db).map { ($0.code, t.language == .en ? $0.en : $0.vi) })
    }

    /// `center.` followed by a letter and letters or digits: apart from the built-in namespaces.
    static func isValidNewCode(_ code: String) -> Bool {
        guard code.hasPrefix("center."), code.count <= 60 else { return false }
        let rest = code.dropFirst("center.".count)
        guard let first = rest.first, first.isASCII, first.isLetter else { return false }
        return rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}

enum DeadlineSettings {
    /// Child protection keeps the legal deadlines whatever the settings say.
    static func policy(for type: CaseType, on db: any Database) async throws -> DeadlinePolicy {
        guard type != .childProtection, let s = try await DeadlineSetting.find(type.rawValue, on: db) else { return .default(for: type) }
        return DeadlinePolicy(initialAssessmentHours: s.initialHours, emergencyHours: s.emergencyHours, planWorkingDays: s.planWorkingDays)
    }

    static var configurableTypes: [CaseType] { CaseType.allCases.filter { $0 != .childProtection } }
}
