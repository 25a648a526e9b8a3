import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// Validates a person and writes it with its phones and name index in one transaction.
struct PersonWriter {
    let req: Request

    /// Likely duplicates stop a create until the user confirms the person is someone else.
    struct DuplicatesFound: AbortError {
        let candidates: [PersonDuplicates.Candidate]
        var status: HTTPResponseStatus { .conflict }
        var reason: String { "Likely duplicates: \(candidates.count). Send confirmDistinct: true to create anyway." }
    }

    func create(_ input: PersonInput) async throws -> Person {
        let person = Person()
        person.id = UUID()
        person.version = 1
        person.unitID = try req.user.unitID
        person.createdBy = try req.user.id
        person.groups = ""
        let phones = try await apply(input, to: person, isNew: true)
        if input.confirmDistinct != true {
            let found = try await PersonDuplicates(req: req).find(for: person, phones: phones)
            if !found.isEmpty { throw DuplicatesFound(candidates: found) }
        }
        try await req.db.transaction { db in
            try await person.create(on: db)
            try await Self.savePhones(phones, of: person, on: db)
            try await PersonNameIndex.write(person, on: db)
            try await Self.saveAllowances(input.allowances, of: person, t: req.t, on: db)
            try await req.audit(.personCreated, entity: .person, entityID: person.id?.uuidString, summary: "registered", on: db)
        }
        return person
    }

    /// Updates from a PATCH or the edit form: fields present replace stored ones; `version` must match.
    func update(_ person: Person, with input: PersonInput) async throws {
        guard let version = input.version else {
            throw ValidationError([FieldProblem(field: "version", message: req.t.pick(vi: "Thiếu phiên bản bản ghi (version).", en: "The record's version is required."))], req)
        }
        guard person.mergedInto == nil else {
            throw ValidationError([FieldProblem(field: "version", message: req.t.pick(vi: "Hồ sơ này đã được gộp vào hồ sơ khác.", en: "This record was merged into another."))], req)
        }
        let before = Self.summary(person)
        let phones = try await apply(input, to: person, isNew: false)
        let after = Self.summary(person)
        let saved = try await req.db.transaction { db -> Bool in
            guard try await OptimisticSave.update(person, expectedVersion: version, on: db) else { return false }
            if input.phones != nil {
                try await PersonPhone.query(on: db).filter(\.$personID == person.id!).delete()
                try await Self.savePhones(phones, of: person, on: db)
            }
            try await PersonNameIndex.write(person, on: db)
            if input.allowances != nil {
                try await PersonAllowance.query(on: db).filter(\.$personID == person.id!).delete()
                try await Self.saveAllowances(input.allowances, of: person, t: req.t, on: db)
            }
            try await req.audit(.personUpdated, entity: .person, entityID: person.id?.uuidString,
                                summary: Self.changes(before, after), on: db)
            return true
        }
        guard saved else {
            throw Abort(.conflict, reason: req.t.pick(vi: "Hồ sơ đã được người khác sửa. Hãy tải lại rồi sửa tiếp.",
                                                      en: "Someone else changed this record. Reload it and edit again."))
        }
    }

    /// More monthly allowances than anyone receives at once; the person form has this many rows at most.
    static let maxAllowances = 12

    /// The allowances as sent, checked: a known group, a positive amount in đồng, an optional
    /// `YYYY-MM` or `YYYY-MM-DD` start.
    static func allowances(_ input: [AllowanceIO]?, _ t: Localizer, _ problems: inout [FieldProblem], api: Bool = true) -> [AllowanceIO] {
        var out: [AllowanceIO] = []
        if (input?.count ?? 0) > maxAllowances {
            problems.append(.init(field: "allowances", message: t.pick(vi: "Tối đa \(maxAllowances) khoản trợ cấp.", en: "At most \(maxAllowances) allowances.")))
            return []
        }
        for (i, a) in (input ?? []).enumerated() {
            let field = "allowances[\(i)]"
            guard AllowanceGroup(rawValue: a.group) != nil else {
                problems.append(.init(field: field, message: t.pick(vi: "Nhóm trợ cấp không hợp lệ: \(a.group).", en: "Unknown allowance group: \(a.group).")))
                continue
            }
            guard (1...100_000_000).contains(a.monthlyAmount) else {
                problems.append(.init(field: field, message: t.pick(vi: "Mức trợ cấp hằng tháng (đồng) phải lớn hơn 0.", en: "The monthly amount (đồng) must be positive.")))
                continue
            }
            if let since = a.since, !since.isEmpty, LocalDate(iso: since) == nil, LocalDate(iso: since + "-01") == nil {
                problems.append(.init(field: field, message: api ? t.pick(vi: "Ngày hưởng dạng YYYY-MM hoặc YYYY-MM-DD.", en: "since is YYYY-MM or YYYY-MM-DD.")
                                        : t.pick(vi: "Hưởng từ: ghi tháng/năm (03/2024) hoặc ngày/tháng/năm.", en: "Since: mm/yyyy (03/2024) or dd/mm/yyyy.")))
                continue
            }
            out.append(a)
        }
        return out
    }

    private static func saveAllowances(_ input: [AllowanceIO]?, of person: Person, t: Localizer, on db: any Database) async throws {
        var ignored: [FieldProblem] = []
        let rows = allowances(input, t, &ignored).map { a in
            let row = PersonAllowance()
            row.id = UUID()
            row.personID = person.id!
            row.group = AllowanceGroup(rawValue: a.group)!
            row.monthlyAmount = a.monthlyAmount
            row.since = a.since.flatMap { $0.isEmpty ? nil : $0 }
            return row
        }
        if !rows.isEmpty { try await rows.create(on: db) }
    }

    private static func savePhones(_ phones: [String], of person: Person, on db: any Database) async throws {
        let rows = phones.enumerated().map { PersonPhone(personID: person.id!, phone: $1, position: $0 + 1) }
        if !rows.isEmpty { try await rows.create(on: db) }
    }

    /// Checks every field and sets the valid ones; throws one 422 naming each bad field.
    /// Returns the normalized phones (those stored when `phones` was sent).
    private func apply(_ input: PersonInput, to p: Person, isNew: Bool) async throws -> [String] {
        let t = req.t
        var problems: [FieldProblem] = []
        func bad(_ field: String, vi: String, en: String) { problems.append(FieldProblem(field: field, message: t.pick(vi: vi, en: en))) }
        func code<T: RawRepresentable>(_ raw: String?, _ field: String) -> T? where T.RawValue == String {
            guard let raw, !raw.isEmpty else { return nil }
            guard let v = T(rawValue: raw) else { bad(field, vi: "Giá trị không hợp lệ: \(raw).", en: "Invalid value: \(raw)."); return nil }
            return v
        }

        let name = input.fullName.map { VietnameseText.nfc($0).split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        if let name {
            if name.isEmpty || PersonName.searchKey(name).isEmpty {
                bad("fullName", vi: "Thiếu họ tên.", en: "The full name is required.")
            } else if name.count > 120 {
                bad("fullName", vi: "Họ tên quá dài (tối đa 120 ký tự).", en: "The name is too long (120 characters at most).")
            }
        } else if isNew {
            bad("fullName", vi: "Thiếu họ tên.", en: "The full name is required.")
        }
        let sex: Sex? = code(input.sex, "sex")

        var birth = PersonBirth(precision: p.birthPrecision, year: p.birthYear, month: p.birthMonth, day: p.birthDay)
        if input.birthDate != nil || input.estimatedAge != nil {
            switch PersonBirth.parse(input.birthDate, estimatedAge: input.estimatedAge, today: LocalDate(req.application.clock.now())) {
            case .success(let b): birth = b ?? PersonBirth()
            case .failure(.future): bad("birthDate", vi: "Ngày sinh ở tương lai.", en: "The date of birth is in the future.")
            case .failure(.tooOld): bad("birthDate", vi: "Năm sinh không hợp lý.", en: "The year of birth is not plausible.")
            case .failure(.format):
                if req.isAPI {
                    bad("birthDate", vi: "Ngày sinh dạng YYYY-MM-DD, YYYY-MM hoặc YYYY.", en: "The date of birth is YYYY-MM-DD, YYYY-MM or YYYY.")
                } else {
                    bad("birthDate", vi: "Ngày sinh ghi ngày/tháng/năm, tháng/năm hoặc năm (02/03/2015, 03/2015, 2015).",
                        en: "The date of birth is dd/mm/yyyy, mm/yyyy or yyyy (02/03/2015, 03/2015, 2015).")
                }
            }
        }

        let ethnicity = input.ethnicity.flatMap { $0.isEmpty ? nil : $0 }
        if let ethnicity, EthnicGroup.find(ethnicity) == nil { bad("ethnicity", vi: "Dân tộc không có trong danh mục.", en: "Unknown ethnic group.") }

        var idNumber: String?? = nil
        if let raw = input.idNumber {
            let number = NationalID.normalize(raw)
            if number.isEmpty {
                idNumber = .some(nil)
            } else {
                let effectiveSex = sex ?? (isNew ? nil : p.sex)
                let isFemale: Bool? = effectiveSex == .female ? true : effectiveSex == .male ? false : nil
                let year = birth.precision == .estimatedAge ? nil : birth.year
                for problem in NationalID.problems(number, isFemale: isFemale, birthYear: year) {
                    switch problem {
                    case .format: bad("idNumber", vi: "Số định danh cá nhân gồm 12 chữ số.", en: "The personal ID number has 12 digits.")
                    case .province: bad("idNumber", vi: "Ba số đầu không phải mã tỉnh.", en: "The first three digits are no province code.")
                    case .sex: bad("idNumber", vi: "Số thứ tư không khớp giới tính.", en: "The fourth digit does not match the sex.")
                    case .birthYear: bad("idNumber", vi: "Số thứ năm, sáu không khớp năm sinh.", en: "Digits 5–6 do not match the year of birth.")
                    }
                }
                idNumber = .some(number)
                var taken = Person.query(on: req.db).filter(\.$idNumber == number)
                if let id = p.id, !isNew { taken = taken.filter(\.$id != id) }
                if try await taken.first() != nil {
                    bad("idNumber", vi: "Số định danh này đã có trong một hồ sơ khác.", en: "This ID number is already on another record.")
                }
            }
        }

        var phones: [String] = []
        for raw in input.phones ?? [] where !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let phone = PhoneNumber.normalize(raw) else {
                bad("phones", vi: "Số điện thoại không hợp lệ: \(raw).", en: "Not a valid phone number: \(raw).")
                continue
            }
            if !phones.contains(phone) { phones.append(phone) }
        }
        if phones.count > 5 { bad("phones", vi: "Tối đa 5 số điện thoại.", en: "At most 5 phone numbers.") }

        // Address: 2025 province and commune; a legacy commune is converted when no commune is given.
        let directory = AddressDirectory(req.db)
        var provinceCode = input.provinceCode == nil ? p.provinceCode : input.provinceCode.flatMap { $0.isEmpty ? nil : $0 }
        var communeCode = input.communeCode == nil ? p.communeCode : input.communeCode.flatMap { $0.isEmpty ? nil : $0 }
        let legacy = input.legacyCommuneCode == nil ? p.legacyCommuneCode : input.legacyCommuneCode.flatMap { $0.isEmpty ? nil : $0 }
        if let legacy, input.legacyCommuneCode != nil, communeCode == nil {
            switch try await directory.convertLegacyCommune(code: legacy) {
            case .converted(let place):
                communeCode = place.code
                provinceCode = provinceCode ?? place.provinceCode
            case .split:
                bad("communeCode", vi: "Xã cũ đã tách: hãy chọn xã, phường mới.", en: "The old commune was split: choose the new commune.")
            case .unknown:
                bad("legacyCommuneCode", vi: "Không có mã xã cũ này.", en: "Unknown legacy commune code.")
            }
        }
        if let code = provinceCode, try await directory.province(code: code) == nil {
            bad("provinceCode", vi: "Không có tỉnh, thành phố này.", en: "Unknown province.")
        }
        if let code = communeCode {
            let commune = try await directory.commune(code: code)
            if commune == nil {
                bad("communeCode", vi: "Không có xã, phường này.", en: "Unknown commune.")
            } else if let provinceCode, commune?.provinceCode != provinceCode {
                bad("communeCode", vi: "Xã, phường không thuộc tỉnh đã chọn.", en: "The commune is not in the chosen province.")
            } else {
                provinceCode = commune?.provinceCode
            }
        }

        var groups: [String]?
        if let raw = input.groups {
            var codes: [String] = []
            for c in raw where !c.isEmpty {
                guard let group = VulnerabilityGroup(rawValue: c) else {
                    bad("groups", vi: "Nhóm đối tượng không có: \(c).", en: "Unknown group: \(c).")
                    continue
                }
                // A sub-group implies its group, so that counting a group counts its sub-groups.
                for code in [group.parent?.rawValue, group.rawValue].compactMap({ $0 }) where !codes.contains(code) { codes.append(code) }
            }
            groups = VulnerabilityGroup.allCases.map(\.rawValue).filter(codes.contains)
        }
        let disabilityType: DisabilityType? = code(input.disabilityType, "disabilityType")
        let severity: DisabilitySeverity? = code(input.disabilitySeverity, "disabilitySeverity")
        let poverty: PovertyStatus? = code(input.povertyStatus, "povertyStatus")
        func text(_ s: String?, _ field: String, max: Int) -> String?? {
            guard let s else { return nil }
            let v = VietnameseText.nfc(s).trimmingCharacters(in: .whitespacesAndNewlines)
            if v.count > max { bad(field, vi: "Quá dài (tối đa \(max) ký tự).", en: "Too long (\(max) characters at most).") }
            return .some(v.isEmpty ? nil : v)
        }
        let addressLine = text(input.addressLine, "addressLine", max: 200)
        let school = text(input.schoolOrOccupation, "schoolOrOccupation", max: 200)
        let notes = text(input.notes, "notes", max: 4000)

        _ = Self.allowances(input.allowances, t, &problems, api: req.isAPI)
        guard problems.isEmpty else { throw ValidationError(problems, req) }

        if let name {
            p.fullName = name
            p.searchKey = PersonName.searchKey(name)
        }
        if let sex { p.sex = sex } else if isNew { p.sex = .unknown }
        p.birthPrecision = birth.precision
        p.birthYear = birth.year
        p.birthMonth = birth.month
        p.birthDay = birth.day
        if input.ethnicity != nil { p.ethnicity = ethnicity }
        if let idNumber { p.idNumber = idNumber }
        p.provinceCode = provinceCode
        p.communeCode = communeCode
        p.legacyCommuneCode = legacy
        if let addressLine { p.addressLine = addressLine }
        if let school { p.schoolOrOccupation = school }
        if let notes { p.notes = notes }
        if let groups { p.groups = Person.joinGroups(groups) }
        if input.disabilityType != nil { p.disabilityType = disabilityType }
        if input.disabilitySeverity != nil { p.disabilitySeverity = severity }
        if input.povertyStatus != nil { p.povertyStatus = poverty }
        return phones
    }

    /// What the audit log keeps of a record before and after a change: the fields, never their
    /// sensitive values (the ID number and phones appear as "changed").
    static func summary(_ p: Person) -> [String: String] {
        [
            "fullName": p.$fullName.value ?? "", "sex": p.$sex.value?.rawValue ?? "",
            "birth": PersonBirth(precision: p.birthPrecision, year: p.birthYear, month: p.birthMonth, day: p.birthDay).isoText ?? "",
            "ethnicity": p.ethnicity ?? "", "idNumber": p.idNumber.map { Secrets.sha256Hex($0) } ?? "",
            "commune": p.communeCode ?? "", "groups": p.$groups.value ?? "", "disability": p.disabilityType?.rawValue ?? "",
            "poverty": p.povertyStatus?.rawValue ?? "",
        ]
    }

    static func changes(_ before: [String: String], _ after: [String: String]) -> String {
        let changed = after.keys.sorted().filter { before[$0] != after[$0] }
        guard !changed.isEmpty else { return "no field changed" }
        return changed.map { key in
            key == "idNumber" ? "idNumber changed" : "\(key): \(before[key] ?? "") → \(after[key] ?? "")"
        }.joined(separator: "; ")
    }
}

/// The word index of person names (`person_name_tokens`), rewritten with each save.
enum PersonNameIndex {
    static func write(_ p: Person, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.delete(from: "person_name_tokens").where("person_id", .equal, SQLBind(p.id!)).run()
        let tokens = PersonName.tokens(p.fullName)
        guard !tokens.isEmpty else { return }
        var insert = sql.insert(into: "person_name_tokens").columns("token", "person_id", "search_key", "birth_year", "unit_id")
        for token in tokens {
            insert = insert.values(SQLBind(token), SQLBind(p.id!), SQLBind(p.searchKey), SQLBind(p.birthYear), SQLBind(p.unitID))
        }
        try await insert.run()
    }
}
