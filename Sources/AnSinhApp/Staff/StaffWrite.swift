import AnSinhCore
import Fluent
import Vapor

/// A staff member as the API and the form send it; every field optional so that validation
/// names each one that is missing or wrong.
struct StaffInput: Content {
    var fullName: String?
    var position: String?
    var employment: String?
    var mainDuty: String?
    var phone: String?
    var unitId: UUID?
    var active: Bool?
    /// Required to change a member: the version the client read.
    var version: Int?

    /// The page's form, with the API's field names.
    init(form req: Request) {
        fullName = req.formValue("fullName")
        position = req.formValue("position")
        employment = req.formValue("employment")
        mainDuty = req.formValue("mainDuty")
        phone = req.formValue("phone")
        unitId = req.formValue("unitId").flatMap(UUID.init(uuidString:))
        active = req.formValue("active") == "1"
        version = req.formValue("version").flatMap(Int.init)
    }
}

/// Checks and stores staff members, for the API and the pages alike.
enum StaffWrite {
    /// Applies the input to `m`; the problems, field by field, when it cannot be stored. On an
    /// edit an absent field keeps its value.
    static func apply(_ input: StaffInput, to m: StaffMember, isNew: Bool, _ req: Request) async throws -> [FieldProblem] {
        let t = req.t
        var problems: [FieldProblem] = []
        func bad(_ field: String, vi: String, en: String) { problems.append(FieldProblem(field: field, message: t.pick(vi: vi, en: en))) }
        /// A text field: `set` false when absent or refused (nothing to change), else the value
        /// (nil when emptied).
        func text(_ raw: String?, _ field: String, max: Int, required: Bool, vi: String, en: String) -> (set: Bool, value: String?) {
            guard let raw else {
                if isNew && required { bad(field, vi: vi, en: en) }
                return (false, nil)
            }
            let value = VietnameseText.nfc(raw).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !(value.isEmpty && required), value.count <= max else {
                bad(field, vi: vi, en: en)
                return (false, nil)
            }
            return (true, value.isEmpty ? nil : value)
        }
        let name = text(input.fullName, "fullName", max: 120, required: true,
                        vi: "Ghi họ và tên (tối đa 120 ký tự).", en: "Give the full name (120 characters at most).")
        if name.set, let value = name.value {
            m.fullName = value
            m.searchKey = VietnameseText.fold(value)
        }
        let position = text(input.position, "position", max: 120, required: true,
                            vi: "Ghi chức vụ (tối đa 120 ký tự).", en: "Give the position (120 characters at most).")
        if position.set, let value = position.value { m.position = value }
        // Read from the record only when it is stored: a new one's fields are not set yet.
        var employment = isNew ? nil : m.employment
        if let raw = input.employment {
            if let kind = StaffMember.Employment(rawValue: raw) {
                m.employment = kind
                employment = kind
            } else {
                bad("employment", vi: "Chọn chuyên trách hoặc kiêm nhiệm.", en: "Choose full-time or part-time.")
            }
        } else if isNew {
            bad("employment", vi: "Chọn chuyên trách hoặc kiêm nhiệm.", en: "Choose full-time or part-time.")
        }
        let duty = text(input.mainDuty, "mainDuty", max: 200, required: false,
                        vi: "Công việc chính tối đa 200 ký tự.", en: "The main duty is 200 characters at most.")
        if duty.set { m.mainDuty = duty.value }
        if employment == .partTime, (m.mainDuty ?? "").isEmpty, !problems.contains(where: { $0.field == "mainDuty" }) {
            bad("mainDuty", vi: "Người kiêm nhiệm: ghi công việc chính (ví dụ Hội Phụ nữ, giáo viên).",
                en: "A part-time collaborator: give the main duty (e.g. Women's Union, teacher).")
        }
        if let raw = input.phone {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { m.phone = nil } else if let phone = PhoneNumber.normalize(trimmed) { m.phone = phone } else {
                bad("phone", vi: "Số điện thoại không hợp lệ.", en: "Not a valid phone number.")
            }
        }
        if let unit = input.unitId {
            // Only a unit of the user's own scope: another office's register is not theirs to fill.
            if try await req.unitScope().contains(unit), try await OrgUnit.find(unit, on: req.db) != nil { m.unitID = unit } else {
                bad("unitId", vi: "Chọn một đơn vị trong phạm vi của bạn.", en: "Choose a unit within your scope.")
            }
        } else if isNew {
            bad("unitId", vi: "Chọn đơn vị.", en: "Choose the unit.")
        }
        if let active = input.active { m.active = active } else if isNew { m.active = true }
        return problems
    }

    static func create(_ input: StaffInput, _ req: Request) async throws -> StaffMember {
        let m = StaffMember()
        let problems = try await apply(input, to: m, isNew: true, req)
        guard problems.isEmpty else { throw ValidationError(problems, req) }
        m.version = 1
        try await req.db.transaction { db in
            try await m.create(on: db)
            try await req.audit(.recordCreated, entity: .staffMember, entityID: m.id?.uuidString, summary: m.fullName, on: db)
        }
        return m
    }

    /// Saves the changes when `version` is still the stored one; false when it is not.
    static func update(_ m: StaffMember, _ input: StaffInput, _ req: Request) async throws -> Bool {
        guard let version = input.version else {
            throw ValidationError([FieldProblem(field: "version", message: req.t.pick(vi: "Thiếu phiên bản bản ghi (version).",
                                                                                      en: "The record's version is required."))], req)
        }
        let problems = try await apply(input, to: m, isNew: false, req)
        guard problems.isEmpty else { throw ValidationError(problems, req) }
        let name = m.fullName
        return try await req.saveIfCurrent(m, expected: version, audit: .recordUpdated, .staffMember) { name }
    }
}
