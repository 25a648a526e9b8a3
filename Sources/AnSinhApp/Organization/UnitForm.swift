import AnSinhCore
import Fluent
import Vapor

/// The unit form as typed, and its validation. Every value is kept as typed so that a form
/// with errors comes back exactly as the user left it.
struct UnitForm {
    var name = ""
    var kind = UnitKind.commune.rawValue
    var code = ""
    var parentID = ""
    var provinceCode = ""
    var commune = ""
    var communeCode = ""
    var phone = ""
    var addressDetail = ""
    var version = ""

    init() {}

    init(_ unit: OrgUnit, communeName: String?) {
        name = unit.name
        kind = unit.kind.rawValue
        code = unit.code
        parentID = unit.parentID?.uuidString.lowercased() ?? ""
        provinceCode = unit.provinceCode ?? ""
        commune = communeName ?? ""
        communeCode = unit.communeCode ?? ""
        phone = unit.phone ?? ""
        addressDetail = unit.addressDetail ?? ""
        version = String(unit.version)
    }

    init(from req: Request) {
        name = req.formValue("name") ?? ""
        kind = req.formValue("kind") ?? ""
        code = (req.formValue("code") ?? "").uppercased()
        parentID = req.formValue("parent_id") ?? ""
        provinceCode = req.formValue("province_code") ?? ""
        commune = req.formValue("commune") ?? ""
        communeCode = req.formValue("commune_code") ?? ""
        phone = req.formValue("phone") ?? ""
        addressDetail = req.formValue("address_detail") ?? ""
        version = req.formValue("version") ?? ""
    }

    /// Checked values ready to store.
    struct Valid {
        let name: String
        let kind: UnitKind
        let code: String
        let parentID: UUID?
        let provinceCode: String?
        let communeCode: String?
        let phone: String?
        let addressDetail: String?
    }

    /// Validates against the database. `editing` is the unit being edited (nil when creating).
    func validate(editing: OrgUnit?, tree: UnitTree, directory: AddressDirectory, db: any Database,
                  _ t: Localizer) async throws -> (Valid?, FieldErrors) {
        var errors = FieldErrors()
        if name.isEmpty || name.count > 150 { errors["name"] = t(.required) }

        let isCenter = editing?.kind == .center
        let kindValue = isCenter ? UnitKind.center : UnitKind(rawValue: kind).flatMap { UnitKind.officeKinds.contains($0) ? $0 : nil }
        if kindValue == nil { errors["kind"] = t(.required) }

        if !Self.isValidCode(code) {
            errors["code"] = t(.unitCodeInvalid)
        } else if let other = try await OrgUnit.query(on: db).filter(\.$code == code).first(), other.id != editing?.id {
            errors["code"] = t(.unitCodeTaken)
        }

        var parent: UUID?
        if !isCenter {
            let forbidden = editing.map { tree.subtree(of: $0.id!) } ?? []
            if let id = UUID(uuidString: parentID), let unit = tree.units.first(where: { $0.id == id }),
               unit.active, !forbidden.contains(id) {
                parent = id
            } else {
                errors["parent_id"] = t(.unitParentInvalid)
            }
        }

        var province: String?
        var communeResult: String?
        if !provinceCode.isEmpty {
            if try await directory.province(code: provinceCode) == nil {
                errors["province_code"] = t(.unitProvinceInvalid)
            } else {
                province = provinceCode
                if !commune.isEmpty {
                    switch try await directory.resolveCommune(provinceCode: provinceCode, code: communeCode.isEmpty ? nil : communeCode, typed: commune) {
                    case .found(let place): communeResult = place.code
                    case .notFound: errors["commune"] = t(.unitCommuneNotFound)
                    case .ambiguous: errors["commune"] = t(.unitCommuneAmbiguous)
                    }
                }
            }
        } else if !commune.isEmpty {
            errors["province_code"] = t(.unitProvinceInvalid)
        }

        let digits = phone.filter(\.isNumber)
        if !phone.isEmpty, !(8...15).contains(digits.count) || phone.contains(where: { !($0.isNumber || " +.-()".contains($0)) }) {
            errors["phone"] = t(.unitPhoneInvalid)
        }
        if addressDetail.count > 200 { errors["address_detail"] = t(.required) }

        guard errors.isEmpty, let kindValue else { return (nil, errors) }
        return (Valid(name: name, kind: kindValue, code: code, parentID: parent, provinceCode: province,
                      communeCode: communeResult, phone: phone.isEmpty ? nil : phone,
                      addressDetail: addressDetail.isEmpty ? nil : addressDetail), errors)
    }

    static func isValidCode(_ s: String) -> Bool {
        (2...10).contains(s.count) && s.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
