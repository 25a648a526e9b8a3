import AnSinhCore
import Fluent
import Vapor

/// The center's client groups and deadlines: `/api/v1/client-groups`, `/api/v1/case-deadlines`
/// and the page `/admin/case-settings`.
struct CaseSettingsController {
    struct GroupInput: Content {
        var code: String?
        var vi: String?
        var en: String?
        var active: Bool?
    }

    struct DeadlineInput: Content {
        var type: String?
        var initialHours: Int?
        var emergencyHours: Int?
        var planWorkingDays: Int?
    }

    struct DeadlineOutput: Content {
        let type: String
        let initialHours: Int
        let emergencyHours: Int
        let planWorkingDays: Int
        /// False for child protection, whose deadlines the law sets.
        let configurable: Bool
    }

    // MARK: API

    func groups(_ req: Request) async throws -> [ClientGroupCatalog.Entry] {
        try await ClientGroupCatalog.entries(on: req.db)
    }

    func addGroup(_ req: Request) async throws -> Response {
        let entry = try await Self.addGroup(try req.content.decode(GroupInput.self), req)
        let response = Response(status: .created)
        try response.content.encode(entry)
        return response
    }

    /// Rename or retire (`active: false`) a center code; built-in codes are not changed.
    func changeGroup(_ req: Request) async throws -> ClientGroupCatalog.Entry {
        guard let code = req.parameters.get("code"), let group = try await CenterClientGroup.find(code, on: req.db) else { throw Abort(.notFound) }
        let input = try req.content.decode(GroupInput.self)
        try await Self.change(group, input, req)
        return ClientGroupCatalog.Entry(code: code, vi: group.labelVI, en: group.labelEN, builtIn: false, active: group.active)
    }

    func deadlines(_ req: Request) async throws -> [DeadlineOutput] {
        var out: [DeadlineOutput] = []
        for type in CaseType.allCases {
            let p = try await DeadlineSettings.policy(for: type, on: req.db)
            out.append(DeadlineOutput(type: type.rawValue, initialHours: p.initialAssessmentHours, emergencyHours: p.emergencyHours,
                                      planWorkingDays: p.planWorkingDays, configurable: type != .childProtection))
        }
        return out
    }

    func setDeadline(_ req: Request) async throws -> DeadlineOutput {
        let input = try req.content.decode(DeadlineInput.self)
        let (type, policy) = try await Self.setDeadline(input, req)
        return DeadlineOutput(type: type.rawValue, initialHours: policy.initialAssessmentHours, emergencyHours: policy.emergencyHours,
                              planWorkingDays: policy.planWorkingDays, configurable: true)
    }

    // MARK: Pages

    func page(_ req: Request) async throws -> Response {
        try await settingsPage(req, errors: FieldErrors(), typed: [:])
    }

    func addGroupForm(_ req: Request) async throws -> Response {
        let input = GroupInput(code: req.formValue("code"), vi: req.formValue("vi"), en: req.formValue("en"))
        return try await formStep(req, typed: ["code": input.code ?? "", "vi": input.vi ?? "", "en": input.en ?? ""]) {
            _ = try await Self.addGroup(input, req)
        }
    }

    func toggleGroupForm(_ req: Request) async throws -> Response {
        guard let code = req.parameters.get("code"), let group = try await CenterClientGroup.find(code, on: req.db) else { throw Abort(.notFound) }
        return try await formStep(req, typed: [:]) { try await Self.change(group, GroupInput(active: !group.active), req) }
    }

    func deadlineForm(_ req: Request) async throws -> Response {
        let type = req.formValue("type") ?? ""
        let input = DeadlineInput(type: type, initialHours: req.formValue("initialHours").flatMap(Int.init),
                                  emergencyHours: req.formValue("emergencyHours").flatMap(Int.init),
                                  planWorkingDays: req.formValue("planWorkingDays").flatMap(Int.init))
        return try await formStep(req, typed: [:]) { _ = try await Self.setDeadline(input, req) }
    }

    private func formStep(_ req: Request, typed: [String: String], _ step: () async throws -> Void) async throws -> Response {
        do {
            try await step()
        } catch let error as ValidationError {
            var errors = FieldErrors()
            for p in error.problems { errors[p.field] = p.message }
            return try await settingsPage(req, errors: errors, typed: typed, status: .unprocessableEntity)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .caseSettings)
    }

    private func settingsPage(_ req: Request, errors: FieldErrors, typed: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = CaseSettingsPage.Model(groups: try await ClientGroupCatalog.entries(on: req.db), deadlines: try await deadlines(req),
                                           errors: errors, typed: typed)
        return await Layout.page(req, title: req.t.pick(vi: "Cấu hình hồ sơ", en: "Case settings"), status: status,
                                 content: CaseSettingsPage.view(model, req))
    }

    // MARK: Rules

    static func addGroup(_ input: GroupInput, _ req: Request) async throws -> ClientGroupCatalog.Entry {
        let t = req.t
        var problems: [FieldProblem] = []
        let code = (input.code ?? "").trimmingCharacters(in: .whitespaces)
        if !ClientGroupCatalog.isValidNewCode(code) {
            problems.append(.init(field: "code", message: t.pick(vi: "Mã dạng center.tenNhom (chữ không dấu và số).", en: "A code like center.groupName (ASCII letters and digits)."))) 
        } else if try await CenterClientGroup.find(code, on: req.db) != nil {
            problems.append(.init(field: "code", message: t.pick(vi: "Mã này đã có.", en: "This code exists.")))
        }
        let vi = VietnameseText.nfc(input.vi ?? "").trimmingCharacters(in: .whitespaces)
        let en = (input.en ?? "").trimmingCharacters(in: .whitespaces)
        if vi.isEmpty || vi.count > 200 { problems.append(.init(field: "vi", message: t.pick(vi: "Cần tên tiếng Việt (tối đa 200 ký tự).", en: "A Vietnamese name is required (200 characters at most)."))) }
        if en.count > 200 { problems.append(.init(field: "en", message: t.pick(vi: "Tên tiếng Anh quá dài.", en: "The English name is too long."))) }
        guard problems.isEmpty else { throw ValidationError(problems, req) }
        let group = CenterClientGroup()
        group.id = code
        group.labelVI = vi
        group.labelEN = en.isEmpty ? vi : en
        group.active = true
        group.createdBy = try req.user.id
        try await req.db.transaction { db in
            try await group.create(on: db)
            try await req.audit(.caseSettingsChanged, entity: .clientGroup, entityID: code, summary: "+ \(code) \(vi)", on: db)
        }
        return ClientGroupCatalog.Entry(code: code, vi: group.labelVI, en: group.labelEN, builtIn: false, active: true)
    }

    static func change(_ group: CenterClientGroup, _ input: GroupInput, _ req: Request) async throws {
        if let vi = input.vi.map(VietnameseText.nfc)?.trimmingCharacters(in: .whitespaces) {
            guard !vi.isEmpty, vi.count <= 200 else {
                throw ValidationError([.init(field: "vi", message: req.t.pick(vi: "Cần tên tiếng Việt (tối đa 200 ký tự).", en: "A Vietnamese name is required (200 characters at most)."))], req)
            }
            group.labelVI = vi
        }
        if let en = input.en?.trimmingCharacters(in: .whitespaces), !en.isEmpty { group.labelEN = String(en.prefix(200)) }
        if let active = input.active { group.active = active }
        try await req.db.transaction { db in
            try await group.save(on: db)
            try await req.audit(.caseSettingsChanged, entity: .clientGroup, entityID: group.id,
                                summary: "\(group.id ?? "") active=\(group.active) \(group.labelVI)", on: db)
        }
    }

    static func setDeadline(_ input: DeadlineInput, _ req: Request) async throws -> (CaseType, DeadlinePolicy) {
        let t = req.t
        var problems: [FieldProblem] = []
        let type = input.type.flatMap(CaseType.init(rawValue:))
        if type == nil { problems.append(.init(field: "type", message: t.pick(vi: "Loại hồ sơ không hợp lệ.", en: "Not a case type."))) }
        if type == .childProtection {
            problems.append(.init(field: "type", message: t.pick(vi: "Thời hạn của hồ sơ bảo vệ trẻ em do pháp luật quy định (12 giờ, 5 ngày làm việc).",
                                                                 en: "Child protection deadlines are set by law (12 hours, 5 working days).")))
        }
        func hours(_ v: Int?, _ field: String) -> Int? {
            guard let v, (1...720).contains(v) else {
                problems.append(.init(field: field, message: t.pick(vi: "Số giờ từ 1 đến 720.", en: "Hours from 1 to 720."))); return nil
            }
            return v
        }
        let initial = hours(input.initialHours, "initialHours")
        let emergency = hours(input.emergencyHours, "emergencyHours")
        var days: Int?
        if let d = input.planWorkingDays, (1...60).contains(d) { days = d }
        else { problems.append(.init(field: "planWorkingDays", message: t.pick(vi: "Số ngày làm việc từ 1 đến 60.", en: "Working days from 1 to 60."))) }
        guard problems.isEmpty, let type, let initial, let emergency, let days else { throw ValidationError(problems, req) }
        let setting = try await DeadlineSetting.find(type.rawValue, on: req.db) ?? {
            let s = DeadlineSetting()
            s.id = type.rawValue
            return s
        }()
        setting.initialHours = initial
        setting.emergencyHours = emergency
        setting.planWorkingDays = days
        setting.updatedBy = try req.user.id
        try await req.db.transaction { db in
            try await setting.save(on: db)
            try await req.audit(.caseSettingsChanged, entity: .deadline, entityID: type.rawValue,
                                summary: "\(initial)h / \(emergency)h / \(days) wd", on: db)
        }
        // Deadlines are computed when a case is opened or its type or receipt changes: cases
        // already open keep theirs.
        return (type, DeadlinePolicy(initialAssessmentHours: initial, emergencyHours: emergency, planWorkingDays: days))
    }
}
