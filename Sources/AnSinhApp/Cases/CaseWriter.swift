import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// Opens cases and moves them through the workflow (`CaseWorkflow` decides what is allowed).
struct CaseWriter {
    let req: Request

    /// The fields of a case as typed, checked; `problems` lists every field that is wrong.
    struct Checked {
        var type: CaseType?
        var source: CaseSource?
        var receivedAt: Date?
        var protection: ProtectionLevel?
        var risk: RiskLevel?
        var groups: [String] = []
    }

    /// `alsoAllowed`: codes the case already carries (a retired center group stays on old cases).
    func check(_ input: CaseInput, alsoAllowed: Set<String> = [], problems: inout [FieldProblem]) async throws -> Checked {
        let t = req.t
        var found: [FieldProblem] = []
        func bad(_ field: String, vi: String, en: String) { found.append(FieldProblem(field: field, message: t.pick(vi: vi, en: en))) }
        func code<T: RawRepresentable>(_ raw: String?, _ field: String, required: Bool) -> T? where T.RawValue == String {
            guard let raw, !raw.isEmpty else {
                if required { bad(field, vi: "Thiếu \(field).", en: "\(field) is required.") }
                return nil
            }
            guard let v = T(rawValue: raw) else { bad(field, vi: "Giá trị không hợp lệ: \(raw).", en: "Invalid value: \(raw)."); return nil }
            return v
        }
        var checked = Checked()
        checked.type = code(input.type, "type", required: true)
        checked.source = code(input.source, "source", required: true)
        checked.protection = code(input.protectionLevel, "protectionLevel", required: false)
        checked.risk = code(input.riskLevel, "riskLevel", required: false)
        checked.groups = (input.clientGroups ?? []).uniqued()
        if checked.groups.isEmpty { bad("clientGroups", vi: "Chọn ít nhất một nhóm đối tượng.", en: "At least one client group is required.") }
        let known = try await ClientGroupCatalog.codes(on: req.db).union(alsoAllowed)
        for g in checked.groups where !known.contains(g) { bad("clientGroups", vi: "Nhóm đối tượng không có: \(g).", en: "Unknown client group: \(g).") }
        let now = req.application.clock.now()
        if let s = input.receivedAt, !s.isEmpty {
            checked.receivedAt = ISODateTime.parse(s)
            if checked.receivedAt == nil { bad("receivedAt", vi: "receivedAt phải theo ISO 8601 có múi giờ.", en: "receivedAt must be ISO 8601 with an offset.") }
            else if checked.receivedAt! > now.addingTimeInterval(300) { bad("receivedAt", vi: "Thời điểm tiếp nhận ở tương lai.", en: "receivedAt is in the future.") }
        } else {
            bad("receivedAt", vi: "Thiếu thời điểm tiếp nhận.", en: "receivedAt is required.")
        }
        if let s = input.summary, s.count > 4000 { bad("summary", vi: "Tóm tắt quá dài.", en: "The summary is too long.") }
        problems += found
        return checked
    }

    func create(_ input: CaseInput) async throws -> CaseFile {
        let t = req.t
        var problems: [FieldProblem] = []
        func bad(_ field: String, vi: String, en: String) { problems.append(FieldProblem(field: field, message: t.pick(vi: vi, en: en))) }
        let checked = try await check(input, problems: &problems)
        let scope = try await req.unitScope()
        var person: Person?
        if let id = input.personId {
            person = try await Person.find(id, on: req.db)
            if let p = person, !scope.contains(p.unitID) { person = nil }
            if person == nil { bad("personId", vi: "Không có hồ sơ đối tượng này.", en: "No such person record.") }
        } else {
            bad("personId", vi: "Chọn người được hỗ trợ.", en: "personId is required.")
        }
        var assignee: User?
        if let id = input.assignedTo {
            assignee = try await User.find(id, on: req.db)
            if let a = assignee, !scope.contains(a.unitID) || !Policy.manageCases.allows(a.role) || !a.active { assignee = nil }
            if assignee == nil { bad("assignedTo", vi: "Người phụ trách không hợp lệ.", en: "Not a valid case worker.") }
        }
        if let callID = input.sourceCallId {
            let call = try await Call.find(callID, on: req.db)
            if call == nil || !scope.contains(call!.unitID) { bad("sourceCallId", vi: "Không có cuộc gọi này.", en: "No such call.") }
        }
        let groups = checked.groups
        guard problems.isEmpty, let type = checked.type, let source = checked.source, let person, let receivedAt = checked.receivedAt else {
            throw ValidationError(problems, req)
        }
        let protection = checked.protection
        let risk = checked.risk

        let user = try req.user
        let unit = try await OrgUnit.find(person.unitID, on: req.db)
        let c = CaseFile()
        c.id = UUID()
        c.version = 1
        c.unitID = person.unitID
        c.createdBy = user.id
        c.type = type
        c.source = source
        c.receivedAt = receivedAt
        c.personID = person.id!
        c.protectionLevel = protection
        c.riskLevel = risk
        c.state = .received
        c.assignedTo = assignee?.id ?? (user.role == .caseWorker || user.role == .collaborator ? user.id : nil)
        c.restricted = input.restricted ?? false
        c.summary = input.summary.map(VietnameseText.nfc)
        c.sourceCallID = input.sourceCallId
        try await setDeadlines(c)
        let year = LocalDate(receivedAt).year
        let unitCode = unit?.code ?? "CTXH"
        try await req.db.transaction { db in
            let sequence = try await Self.nextNumber(unitID: c.unitID, year: year, on: db)
            c.number = String(format: "%@-%04d-%04d", unitCode, year, sequence)
            try await c.create(on: db)
            try await groups.map { CaseClientGroup(caseID: c.id!, code: $0) }.create(on: db)
            try await CaseTransition(caseID: c.id!, from: nil, to: .received, at: receivedAt, by: user.id, reason: nil).create(on: db)
            try await req.audit(.caseCreated, entity: .caseFile, entityID: c.id?.uuidString, summary: "\(c.number) \(type.rawValue)", on: db)
        }
        return c
    }

    /// Changes the facts of a case: absent fields keep their stored value. The person, the worker
    /// (`/assignment`) and the risk level (set by risk assessments, which are its history) are
    /// not changed here. A changed type or receipt recomputes the deadlines.
    func update(_ c: CaseFile, _ input: CaseInput) async throws {
        let t = req.t
        var problems: [FieldProblem] = []
        guard let version = input.version else {
            throw ValidationError([FieldProblem(field: "version", message: t.pick(vi: "Thiếu phiên bản bản ghi (version).", en: "The record's version is required."))], req)
        }
        if let p = input.personId, p != c.personID {
            problems.append(.init(field: "personId", message: t.pick(vi: "Không đổi người của hồ sơ; hãy mở hồ sơ mới.", en: "A case's person is not changed; open a new case.")))
        }
        if let a = input.assignedTo, a != c.assignedTo {
            problems.append(.init(field: "assignedTo", message: t.pick(vi: "Giao hồ sơ ở mục Nhóm phụ trách.", en: "Assign the case through /assignment.")))
        }
        if let r = input.riskLevel, r != (c.riskLevel?.rawValue ?? "") {
            problems.append(.init(field: "riskLevel", message: t.pick(vi: "Mức độ nguy cơ do đánh giá nguy cơ xác định.", en: "The risk level is set by a risk assessment.")))
        }
        let storedGroups = try await CaseClientGroup.query(on: req.db).filter(\.$caseID == c.id!).all().map(\.code).sorted()
        let merged = CaseInput(type: input.type ?? c.type.rawValue, personId: c.personID, clientGroups: input.clientGroups ?? storedGroups,
                               source: input.source ?? c.source.rawValue, receivedAt: input.receivedAt ?? ISODateTime.format(c.receivedAt),
                               protectionLevel: input.protectionLevel ?? c.protectionLevel?.rawValue, riskLevel: c.riskLevel?.rawValue,
                               restricted: input.restricted ?? c.restricted, summary: input.summary ?? c.summary)
        var checked = try await check(merged, alsoAllowed: Set(storedGroups), problems: &problems)
        // A form shows the receipt to the minute: the same minute is no change (the stored
        // seconds, and the deadlines computed from them, stay).
        if let typed = checked.receivedAt, abs(typed.timeIntervalSince(c.receivedAt)) < 60,
           Int(typed.timeIntervalSince1970) / 60 == Int(c.receivedAt.timeIntervalSince1970) / 60 { checked.receivedAt = c.receivedAt }
        if merged.restricted != c.restricted, !Policy.approveCases.allows(try req.user.role) {
            problems.append(.init(field: "restricted", message: t.pick(vi: "Chỉ giám sát viên hoặc giám đốc thay đổi chế độ hạn chế xem.",
                                                                       en: "Only a supervisor or the director changes the restriction.")))
        }
        guard problems.isEmpty, let type = checked.type, let source = checked.source, let receivedAt = checked.receivedAt else {
            throw ValidationError(problems, req)
        }
        if receivedAt > c.receivedAt, let first = try await CaseTransition.query(on: req.db).filter(\.$caseID == c.id!)
            .filter(\.$fromState != nil).sort(\.$at).first(), first.at < receivedAt {
            throw ValidationError([.init(field: "receivedAt", message: t.pick(vi: "Thời điểm tiếp nhận phải trước các bước đã làm.", en: "The receipt must come before the steps already taken."))], req)
        }
        let summary = merged.summary.map(VietnameseText.nfc).flatMap { $0.isEmpty ? nil : $0 }
        var changes: [String] = []
        func note(_ field: String, _ old: String, _ new: String) { if old != new { changes.append("\(field): \(old) → \(new)") } }
        note("type", c.type.rawValue, type.rawValue)
        note("source", c.source.rawValue, source.rawValue)
        note("receivedAt", ISODateTime.format(c.receivedAt), ISODateTime.format(receivedAt))
        note("protectionLevel", c.protectionLevel?.rawValue ?? "—", checked.protection?.rawValue ?? "—")
        note("clientGroups", storedGroups.joined(separator: ","), checked.groups.sorted().joined(separator: ","))
        note("restricted", String(c.restricted), String(merged.restricted ?? false))
        if c.summary != summary { changes.append("summary") }
        let redoDeadlines = c.type != type || c.receivedAt != receivedAt
        c.type = type
        c.source = source
        c.receivedAt = receivedAt
        c.protectionLevel = checked.protection
        c.restricted = merged.restricted ?? false
        c.summary = summary
        if redoDeadlines { try await setDeadlines(c) }
        let groups = checked.groups
        let regroup = groups.sorted() != storedGroups
        let auditSummary = changes.isEmpty ? "—" : changes.joined(separator: "; ")
        let caseID = c.id!
        try await req.saveVersioned(c, expected: version, audit: .caseUpdated, .caseFile, conflict: Self.staleMessage(t),
                                    summary: { auditSummary }) { db in
            guard regroup else { return }
            try await CaseClientGroup.query(on: db).filter(\.$caseID == caseID).delete()
            try await groups.map { CaseClientGroup(caseID: caseID, code: $0) }.create(on: db)
        }
    }

    /// The deadlines of the case's type (the center's settings) counted from its receipt.
    func setDeadlines(_ c: CaseFile) async throws {
        let deadlines = CaseDeadlines(receivedAt: c.receivedAt, policy: try await DeadlineSettings.policy(for: c.type, on: req.db),
                                      calendar: try await SwappedDayRecord.calendar(on: req.db))
        c.initialDueAt = deadlines.initialAssessment
        c.planDueAt = deadlines.plan
    }

    /// The next number of a unit's year, from a counter row updated in the same transaction as
    /// the case (an upsert, so two first cases of a year cannot both take 1).
    static func nextNumber(unitID: UUID, year: Int, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw("""
            INSERT INTO case_counters (unit_id, year, last) VALUES (\(bind: unitID), \(bind: year), 1)
            ON CONFLICT (unit_id, year) DO UPDATE SET last = case_counters.last + 1 RETURNING last
            """).first()
        return try row?.decode(column: "last", as: Int.self) ?? 1
    }

    /// Moves a case; the workflow refuses what the law's order does not allow.
    /// `actorWrotePlan` and `approvingPlan`: set by the plan decision, so that no one approves
    /// their own plan and the plan being approved counts as the plan in force. `alongside`
    /// writes what the move is for (the plan decision, a revision) in the move's own
    /// transaction: the case is never approved without its plan decision, nor the reverse.
    func transition(_ c: CaseFile, _ input: TransitionInput, actorWrotePlan: Bool = false, approvingPlan: Bool = false,
                    alongside: (@Sendable (any Database) async throws -> Void)? = nil) async throws {
        let t = req.t
        guard let raw = input.to, let to = CaseState(rawValue: raw) else {
            throw ValidationError([FieldProblem(field: "to", message: t.pick(vi: "Bước không hợp lệ.", en: "Not a valid state."))], req)
        }
        guard let version = input.version else {
            throw ValidationError([FieldProblem(field: "version", message: t.pick(vi: "Thiếu phiên bản bản ghi (version).", en: "The record's version is required."))], req)
        }
        let user = try req.user
        var closure: ClosureReason?
        if let r = input.closureReason, !r.isEmpty {
            closure = ClosureReason(rawValue: r)
            if closure == nil { throw ValidationError([FieldProblem(field: "closureReason", message: t.pick(vi: "Lý do kết thúc không hợp lệ.", en: "Not a valid closure reason."))], req) }
        }
        // Read only for the moves that need a plan: the others cost no query.
        // "Plan approved" is reached by approving a version (the plan decision: never one's own),
        // not by a move; the work and its review need a version approved before.
        var planInForce = approvingPlan
        if !planInForce, [.inProgress, .review].contains(to) { planInForce = try await Self.hasApprovedPlan(c, on: req.db) }
        let context = TransitionContext(actorMayApprove: Policy.approveCases.allows(user.role), actorWrotePlan: actorWrotePlan,
                                        planInForce: planInForce, reason: input.reason, closureReason: closure)
        if let refusal = CaseWorkflow.check(from: c.state, to: to, context) {
            throw ValidationError([Self.problem(refusal, t)], req)
        }
        let from = c.state
        let clock = req.application.clock.now()
        var now = clock
        if let raw = input.at, !raw.isEmpty {
            let last = try await CaseTransition.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$at, .descending).first()?.at
            guard let at = ISODateTime.parse(raw), at <= clock.addingTimeInterval(300), at >= max(c.receivedAt, last ?? c.receivedAt) else {
                throw ValidationError([FieldProblem(field: "at", message: t.pick(
                    vi: "Thời điểm phải theo ISO 8601, sau bước trước và không ở tương lai.",
                    en: "at must be ISO 8601, after the previous step and not in the future."))], req)
            }
            now = at
        }
        let stepAt = now
        c.state = to
        if to == .closed {
            c.closureReason = closure
            c.outcome = input.outcome.map(VietnameseText.nfc)
            c.closedAt = now
        }
        if to == .reopened { c.closedAt = nil }
        let caseID = c.id!
        try await req.saveVersioned(c, expected: version, audit: .caseMoved, .caseFile, conflict: Self.staleMessage(t),
                                    summary: { "\(from.rawValue) → \(to.rawValue)" }) { db in
            try await CaseTransition(caseID: caseID, from: from, to: to, at: stepAt, by: user.id, reason: input.reason).create(on: db)
            try await alongside?(db)
        }
    }

    /// What a stale save of a case answers (409).
    static func staleMessage(_ t: Localizer) -> String {
        t.pick(vi: "Hồ sơ đã được người khác cập nhật. Hãy tải lại.", en: "Someone else changed this case. Reload it.")
    }

    /// An approved plan version is in force for the case.
    static func hasApprovedPlan(_ c: CaseFile, on db: any Database) async throws -> Bool {
        try await CasePlan.query(on: db).filter(\.$caseID == c.id!).filter(\.$status == .approved).count() > 0
    }

    static func problem(_ refusal: CaseWorkflow.Refusal, _ t: Localizer) -> FieldProblem {
        switch refusal {
        case .notAllowed(let from, let to):
            FieldProblem(field: "to", message: t.pick(vi: "Không thể chuyển từ \"\(t.caseState(from))\" sang \"\(t.caseState(to))\".",
                                                      en: "A case cannot go from \"\(t.caseState(from))\" to \"\(t.caseState(to))\"."))
        case .reasonRequired:
            FieldProblem(field: "reason", message: t.pick(vi: "Cần ghi lý do.", en: "A reason is required."))
        case .closureReasonRequired:
            FieldProblem(field: "closureReason", message: t.pick(vi: "Cần chọn lý do kết thúc.", en: "A closure reason is required."))
        case .approverRequired:
            FieldProblem(field: "to", message: t.pick(vi: "Bước này cần giám sát viên hoặc giám đốc phê duyệt.", en: "This step needs a supervisor's or the director's approval."))
        case .ownPlan:
            FieldProblem(field: "to", message: t.pick(vi: "Không tự phê duyệt kế hoạch của mình.", en: "No one approves their own plan."))
        case .approvedPlanRequired:
            FieldProblem(field: "to", message: t.pick(
                vi: "Hồ sơ cần một kế hoạch được phê duyệt: trình kế hoạch và để giám sát viên hoặc giám đốc bấm \"Phê duyệt\" ở phiên bản chờ duyệt.",
                en: "The case needs an approved plan: submit the plan and have a supervisor or the director press \"Approve\" on the waiting version."))
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
