import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// Opens cases and moves them through the workflow (`CaseWorkflow` decides what is allowed).
struct CaseWriter {
    let req: Request

    func create(_ input: CaseInput) async throws -> CaseFile {
        let t = req.t
        var problems: [FieldProblem] = []
        func bad(_ field: String, vi: String, en: String) { problems.append(FieldProblem(field: field, message: t.pick(vi: vi, en: en))) }
        func code<T: RawRepresentable>(_ raw: String?, _ field: String, required: Bool) -> T? where T.RawValue == String {
            guard let raw, !raw.isEmpty else {
                if required { bad(field, vi: "Thiếu \(field).", en: "\(field) is required.") }
                return nil
            }
            guard let v = T(rawValue: raw) else { bad(field, vi: "Giá trị không hợp lệ: \(raw).", en: "Invalid value: \(raw)."); return nil }
            return v
        }
        let type: CaseType? = code(input.type, "type", required: true)
        let source: CaseSource? = code(input.source, "source", required: true)
        let protection: ProtectionLevel? = code(input.protectionLevel, "protectionLevel", required: false)
        let risk: RiskLevel? = code(input.riskLevel, "riskLevel", required: false)
        let scope = try await req.unitScope()

        var person: Person?
        if let id = input.personId {
            person = try await Person.find(id, on: req.db)
            if let p = person, !scope.contains(p.unitID) { person = nil }
            if person == nil { bad("personId", vi: "Không có hồ sơ đối tượng này.", en: "No such person record.") }
        } else {
            bad("personId", vi: "Chọn người được hỗ trợ.", en: "personId is required.")
        }
        let groups = input.clientGroups ?? []
        if groups.isEmpty { bad("clientGroups", vi: "Chọn ít nhất một nhóm đối tượng.", en: "At least one client group is required.") }
        for g in groups where ClientGroup(rawValue: g) == nil { bad("clientGroups", vi: "Nhóm đối tượng không có: \(g).", en: "Unknown client group: \(g).") }

        let now = req.application.clock.now()
        var receivedAt: Date?
        if let s = input.receivedAt, !s.isEmpty {
            receivedAt = ISODateTime.parse(s)
            if receivedAt == nil { bad("receivedAt", vi: "receivedAt phải theo ISO 8601 có múi giờ.", en: "receivedAt must be ISO 8601 with an offset.") }
            else if receivedAt! > now.addingTimeInterval(300) { bad("receivedAt", vi: "Thời điểm tiếp nhận ở tương lai.", en: "receivedAt is in the future.") }
        } else {
            bad("receivedAt", vi: "Thiếu thời điểm tiếp nhận.", en: "receivedAt is required.")
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
        if let s = input.summary, s.count > 4000 { bad("summary", vi: "Tóm tắt quá dài.", en: "The summary is too long.") }
        guard problems.isEmpty, let type, let source, let person, let receivedAt else { throw ValidationError(problems, req) }

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
        let deadlines = CaseDeadlines(receivedAt: receivedAt, policy: .default(for: type),
                                      calendar: try await SwappedDayRecord.calendar(on: req.db))
        c.initialDueAt = deadlines.initialAssessment
        c.planDueAt = deadlines.plan
        let year = LocalDate(receivedAt).year
        let unitCode = unit?.code ?? "CTXH"
        try await req.db.transaction { db in
            let sequence = try await Self.nextNumber(unitID: c.unitID, year: year, on: db)
            c.number = String(format: "%@-%04d-%04d", unitCode, year, sequence)
            try await c.create(on: db)
            try await groups.uniqued().map { CaseClientGroup(caseID: c.id!, code: $0) }.create(on: db)
            try await CaseTransition(caseID: c.id!, from: nil, to: .received, at: receivedAt, by: user.id, reason: nil).create(on: db)
            try await req.audit(.caseCreated, entityType: "case", entityID: c.id?.uuidString, summary: "\(c.number) \(type.rawValue)", on: db)
        }
        return c
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
    /// `actorWrotePlan`: set by the plan decision, so that no one approves their own plan.
    func transition(_ c: CaseFile, _ input: TransitionInput, actorWrotePlan: Bool = false) async throws {
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
        let context = TransitionContext(actorMayApprove: Policy.approveCases.allows(user.role),
                                        actorWrotePlan: actorWrotePlan, reason: input.reason, closureReason: closure)
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
        let saved = try await req.db.transaction { db -> Bool in
            guard try await OptimisticSave.update(c, expectedVersion: version, on: db) else { return false }
            try await CaseTransition(caseID: c.id!, from: from, to: to, at: stepAt, by: user.id, reason: input.reason).create(on: db)
            try await req.audit(.caseMoved, entityType: "case", entityID: c.id?.uuidString, summary: "\(from.rawValue) → \(to.rawValue)", on: db)
            return true
        }
        guard saved else {
            throw Abort(.conflict, reason: t.pick(vi: "Hồ sơ đã được người khác cập nhật. Hãy tải lại.", en: "Someone else changed this case. Reload it."))
        }
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
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
