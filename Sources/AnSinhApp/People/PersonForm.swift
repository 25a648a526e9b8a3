import AnSinhCore
import Vapor

/// The person form as typed. It becomes a `PersonInput`, so the form and the API share one
/// validation (`PersonWriter`). Field names are the API's, so messages land beside the field.
struct PersonForm {
    var fullName = ""
    var sex = ""
    var birthDate = ""
    var estimatedAge = ""
    var ethnicity = ""
    var idNumber = ""
    var phones = ""
    var provinceCode = ""
    var commune = ""
    var communeCode = ""
    var addressLine = ""
    var schoolOrOccupation = ""
    var groups: [String] = []
    var disabilityType = ""
    var disabilitySeverity = ""
    var povertyStatus = ""
    var notes = ""

    init() {}

    init(_ p: Person, phones: [String], communeName: String?) {
        fullName = p.fullName
        sex = p.sex.rawValue
        let birth = PersonBirth(precision: p.birthPrecision, year: p.birthYear, month: p.birthMonth, day: p.birthDay)
        birthDate = birth.isoText ?? ""
        ethnicity = p.ethnicity ?? ""
        idNumber = p.idNumber ?? ""
        self.phones = phones.joined(separator: ", ")
        provinceCode = p.provinceCode ?? ""
        commune = communeName ?? ""
        communeCode = p.communeCode ?? ""
        addressLine = p.addressLine ?? ""
        schoolOrOccupation = p.schoolOrOccupation ?? ""
        groups = p.groupCodes
        disabilityType = p.disabilityType?.rawValue ?? ""
        disabilitySeverity = p.disabilitySeverity?.rawValue ?? ""
        povertyStatus = p.povertyStatus?.rawValue ?? ""
        notes = p.notes ?? ""
    }

    init(from req: Request) {
        func v(_ name: String) -> String { req.formValue(name) ?? "" }
        fullName = v("fullName")
        sex = v("sex")
        birthDate = v("birthDate")
        estimatedAge = v("estimatedAge")
        ethnicity = v("ethnicity")
        idNumber = v("idNumber")
        phones = v("phones")
        provinceCode = v("province_code")
        commune = v("commune")
        communeCode = v("commune_code")
        addressLine = v("addressLine")
        schoolOrOccupation = v("schoolOrOccupation")
        groups = (try? req.content.get([String].self, at: "groups")) ?? []
        disabilityType = v("disabilityType")
        disabilitySeverity = v("disabilitySeverity")
        povertyStatus = v("povertyStatus")
        notes = v("notes")
    }

    /// The input to validate; the commune typed is resolved in the chosen province first.
    func input(_ req: Request, errors: inout FieldErrors) async throws -> PersonInput {
        var resolvedCommune: String? = ""
        if !commune.isEmpty {
            if provinceCode.isEmpty {
                errors["province_code"] = req.t.pick(vi: "Chọn tỉnh trước khi gõ xã.", en: "Choose the province first.")
            } else {
                switch try await AddressDirectory(req.db).resolveCommune(provinceCode: provinceCode, code: communeCode.isEmpty ? nil : communeCode, typed: commune) {
                case .found(let place): resolvedCommune = place.code
                case .notFound: errors["commune"] = req.t(.unitCommuneNotFound)
                case .ambiguous: errors["commune"] = req.t(.unitCommuneAmbiguous)
                }
            }
        }
        let age = Int(estimatedAge.trimmingCharacters(in: .whitespaces))
        if !estimatedAge.trimmingCharacters(in: .whitespaces).isEmpty, age == nil {
            errors["estimatedAge"] = req.t.pick(vi: "Tuổi là một số.", en: "The age is a number.")
        }
        return PersonInput(
            fullName: fullName, sex: sex.isEmpty ? nil : sex,
            birthDate: birthDate.isEmpty && age != nil ? nil : birthDate, estimatedAge: birthDate.isEmpty ? age : nil,
            ethnicity: ethnicity, idNumber: idNumber,
            phones: phones.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) },
            provinceCode: provinceCode, communeCode: resolvedCommune, addressLine: addressLine, legacyCommuneCode: nil,
            schoolOrOccupation: schoolOrOccupation, groups: groups, disabilityType: disabilityType,
            disabilitySeverity: disabilitySeverity, povertyStatus: povertyStatus, notes: notes,
            confirmDistinct: req.formValue("confirmDistinct") == "1", version: req.formValue("version").flatMap(Int.init))
    }

    /// API field names → form field names.
    static func formField(_ apiField: String) -> String {
        switch apiField {
        case "provinceCode": "province_code"
        case "communeCode", "legacyCommuneCode": "commune"
        default: apiField
        }
    }
}
