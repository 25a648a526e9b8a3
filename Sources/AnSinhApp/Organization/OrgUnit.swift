import AnSinhCore
import Fluent
import Foundation

/// A unit of the center's tree: the center at the root, offices below it. (Named `OrgUnit`
/// because Foundation already has a `Unit`.)
final class OrgUnit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int

    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: UnitKind
    @Field(key: "code") var code: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @OptionalField(key: "province_code") var provinceCode: String?
    @OptionalField(key: "commune_code") var communeCode: String?
    @OptionalField(key: "address_detail") var addressDetail: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "active") var active: Bool

    init() {}

    init(id: UUID? = nil, name: String, kind: UnitKind, code: String, parentID: UUID?,
         provinceCode: String? = nil, communeCode: String? = nil, addressDetail: String? = nil,
         phone: String? = nil, active: Bool = true, createdBy: UUID? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.code = code
        self.parentID = parentID
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.addressDetail = addressDetail
        self.phone = phone
        self.active = active
        self.createdBy = createdBy
        self.version = 1
    }
}

extension OrgUnit {
    /// The root of the tree.
    static func center(on db: any Database) async throws -> OrgUnit? {
        try await OrgUnit.query(on: db).filter(\.$parentID == nil).sort(\.$createdAt).first()
    }
}
