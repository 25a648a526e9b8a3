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
    /// Monthly social allowances as typed, blank rows dropped; the form shows one more, blank.
    var allowances: [AllowanceRow] = []

    struct AllowanceRow: Equatable {
        var group = ""
        /// In đồng, as typed: "1.500.000", "1500000" or "1 500 000 đ".
        var amount = ""
        var since = ""

        var isBlank: Bool { group.isEmpty && amount.isEmpty && since.isEmpty }

        /// The amount in whole đồng: digits, or groups of three separated by dots or spaces (the
        /// Vietnamese way), with an optional "đ". A comma is refused: "1,5" is not a sum in đồng.
        var amountValue: Int? {
            var text = amount.replacingOccurrences(of: "\u{00A0}", with: " ").trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("đ") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
            guard text.range(of: #"^([0-9]+|[0-9]{1,3}([. ][0-9]{3})+)$"#, options: .regularExpression) != nil else { return nil }
            return Int(text.filter(\.isNumber))
        }
    }

    /// How many allowance rows the form reads; the API refuses more (`PersonWriter.allowances`).
    static let maxAllowanceRows = PersonWriter.maxAllowances

    /// The form field that shows the problems of allowance row `i`.
    static func allowanceField(_ i: Int) -> String { "allowance-\(i)" }

    init() {}

    init(_ p: Person, phones: [String], communeName: String?, allowances: [AllowanceIO] = []) {
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
        self.allowances = allowances.map { AllowanceRow(group: $0.group, amount: VNFormat.number($0.monthlyAmount), since: $0.since ?? "") }
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
        allowances = (0..<Self.maxAllowanceRows)
            .map { AllowanceRow(group: v("allowance-group-\($0)"), amount: v("allowance-amount-\($0)"), since: v("allowance-since-\($0)")) }
            .filter { !$0.isBlank }
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
        var allowanceInputs: [AllowanceIO] = []
        for (i, row) in allowances.enumerated() {
            guard let amount = row.amountValue else {
                errors[Self.allowanceField(i)] = req.t.pick(vi: "Mức trợ cấp là số đồng mỗi tháng, ví dụ 540.000.", en: "The amount is đồng per month, e.g. 540,000.")
                continue
            }
            allowanceInputs.append(AllowanceIO(group: row.group, monthlyAmount: amount, since: row.since.isEmpty ? nil : row.since))
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
            disabilitySeverity: disabilitySeverity, povertyStatus: povertyStatus, notes: notes, allowances: allowanceInputs,
            confirmDistinct: req.formValue("confirmDistinct") == "1", version: req.formValue("version").flatMap(Int.init))
    }

    /// API field names → form field names.
    static func formField(_ apiField: String) -> String {
        switch apiField {
        case "provinceCode": "province_code"
        case "communeCode", "legacyCommuneCode": "commune"
        case let field where field.hasPrefix("allowances["):
            // `allowances[i]`: the rows sent are the form's non-blank rows, in order.
            allowanceField(Int(field.dropFirst("allowances[".count).dropLast()) ?? 0)
        default: apiField
        }
    }
}
