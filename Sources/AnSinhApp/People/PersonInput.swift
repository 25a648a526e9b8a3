import AnSinhCore
import Foundation
import Vapor

/// A person as the API and the form send it. On PATCH, fields left out keep their value.
struct PersonInput: Content {
    var fullName: String?
    var sex: String?
    /// `2015-03-02`, `2015-03` or `2015`: as much as is known.
    var birthDate: String?
    /// When only an age is known (years, at the time of recording).
    var estimatedAge: Int?
    var ethnicity: String?
    var idNumber: String?
    var phones: [String]?
    var provinceCode: String?
    var communeCode: String?
    var addressLine: String?
    /// A pre-2025 commune code from old papers; converted to the 2025 commune when none is given.
    var legacyCommuneCode: String?
    var schoolOrOccupation: String?
    var groups: [String]?
    var disabilityType: String?
    var disabilitySeverity: String?
    var povertyStatus: String?
    var notes: String?
    /// Monthly social allowances; on PATCH the list sent replaces the stored one.
    var allowances: [AllowanceIO]?
    /// Create anyway although likely duplicates were shown.
    var confirmDistinct: Bool?
    var version: Int?
}

/// A monthly social allowance: group (Decree 20/2021 art. 5), amount in đồng, since when.
struct AllowanceIO: Content, Equatable {
    var group: String
    var monthlyAmount: Int
    var since: String?
}

/// A person as the API answers it. Lists mask the ID number and phones (`masked`).
struct PersonOutput: Content {
    let id: UUID
    let fullName: String
    let sex: String
    let birthDate: String?
    let birthPrecision: String?
    let birthYear: Int?
    let ethnicity: String?
    let idNumber: String?
    let phones: [String]
    let provinceCode: String?
    let communeCode: String?
    let addressLine: String?
    let legacyCommuneCode: String?
    let schoolOrOccupation: String?
    let groups: [String]
    let disabilityType: String?
    let disabilitySeverity: String?
    let povertyStatus: String?
    let notes: String?
    let unitId: UUID
    let version: Int
    /// The record this one was merged into, if it was.
    let mergedInto: UUID?
    let hasPhoto: Bool
    /// Only when one person is read (not in search lists).
    var allowances: [AllowanceIO]?

    init(_ p: Person, phones: [String], masked: Bool) {
        id = p.id!
        fullName = p.fullName
        sex = p.sex.rawValue
        birthDate = PersonBirth(precision: p.birthPrecision, year: p.birthYear, month: p.birthMonth, day: p.birthDay).isoText
        birthPrecision = p.birthPrecision?.rawValue
        birthYear = p.birthYear
        ethnicity = p.ethnicity
        idNumber = masked ? p.idNumber.map(NationalID.mask) : p.idNumber
        self.phones = masked ? phones.map(PhoneNumber.mask) : phones
        provinceCode = p.provinceCode
        communeCode = p.communeCode
        addressLine = masked ? nil : p.addressLine
        legacyCommuneCode = p.legacyCommuneCode
        schoolOrOccupation = masked ? nil : p.schoolOrOccupation
        groups = p.groupCodes
        disabilityType = p.disabilityType?.rawValue
        disabilitySeverity = p.disabilitySeverity?.rawValue
        povertyStatus = p.povertyStatus?.rawValue
        notes = masked ? nil : p.notes
        unitId = p.unitID
        version = p.version
        mergedInto = p.mergedInto
        hasPhoto = p.photoSHA256 != nil
    }
}

/// A date of birth known to a day, a month, a year, or estimated from an age.
struct PersonBirth: Equatable {
    var precision: BirthPrecision?
    var year: Int?
    var month: Int?
    var day: Int?

    /// `2015-03-02`, `2015-03`, `2015`, or nil.
    var isoText: String? {
        guard let year, let precision else { return nil }
        switch precision {
        case .exact: return String(format: "%04d-%02d-%02d", year, month ?? 1, day ?? 1)
        case .monthYear: return String(format: "%04d-%02d", year, month ?? 1)
        case .year, .estimatedAge: return String(format: "%04d", year)
        }
    }

    /// Vietnamese display: `02/03/2015`, `03/2015`, `2015`, `khoảng 2015`.
    func display(_ t: Localizer) -> String {
        guard let year, let precision else { return "" }
        switch precision {
        case .exact: return String(format: "%02d/%02d/%04d", day ?? 1, month ?? 1, year)
        case .monthYear: return String(format: "%02d/%04d", month ?? 1, year)
        case .year: return String(year)
        case .estimatedAge: return t.pick(vi: "khoảng \(year)", en: "about \(year)")
        }
    }

    enum Problem: Error, Equatable {
        case format, future, tooOld
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or an estimated age, against today.
    static func parse(_ text: String?, estimatedAge: Int?, today: LocalDate) -> Result<PersonBirth?, Problem> {
        if let text, !text.isEmpty {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return .failure(.format) }
            let year = parts[0]!
            var birth = PersonBirth(precision: .year, year: year)
            if parts.count >= 2 {
                guard (1...12).contains(parts[1]!) else { return .failure(.format) }
                birth.month = parts[1]
                birth.precision = .monthYear
            }
            if parts.count == 3 {
                guard LocalDate(year: year, month: parts[1]!, day: parts[2]!) != nil else { return .failure(.format) }
                birth.day = parts[2]
                birth.precision = .exact
            }
            let earliest = LocalDate(year: year, month: birth.month ?? 1, day: birth.day ?? 1)
            guard let earliest else { return .failure(.format) }
            if earliest > today { return .failure(.future) }
            if year < today.year - 130 { return .failure(.tooOld) }
            return .success(birth)
        }
        if let age = estimatedAge {
            guard (0...130).contains(age) else { return .failure(.tooOld) }
            return .success(PersonBirth(precision: .estimatedAge, year: today.year - age))
        }
        return .success(nil)
    }
}
