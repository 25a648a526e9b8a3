import AnSinhCore
import Fluent
import Vapor

/// Notes, assessments and plans of a case: their inputs and outputs, and the checked writes
/// that the API (`CaseWorkController`) and the case page (`CasesController`) both make.
enum CaseWork {
    struct NoteInput: Content {
        var kind: String?
        var date: String?
        var narrative: String?
        var nextStep: String?
        var followUpOn: String?
    }

    struct NoteOutput: Content {
        let id: UUID
        let kind: String
        let date: String
        let narrative: String
        let nextStep: String?
        let followUpOn: String?
        let followUpDone: Bool
        let author: UUID?
        let version: Int

        init(_ n: CaseNote) {
            id = n.id!; kind = n.kind.rawValue; date = n.onDate; narrative = n.narrative; nextStep = n.nextStep
            followUpOn = n.followUpOn; followUpDone = n.followUpDone; author = n.author; version = n.version
        }
    }

    /// Validates and stores a note (shared by the API and the case page).
    static func note(_ input: NoteInput, for c: CaseFile, _ req: Request) async throws -> CaseNote {
        let t = req.t
        var problems: [FieldProblem] = []
        let kind = input.kind.flatMap(ContactKind.init(rawValue:))
        if kind == nil { problems.append(.init(field: "kind", message: t.pick(vi: "Chọn hình thức liên hệ.", en: "Choose the kind of contact."))) }
        let today = LocalDate(req.application.clock.now())
        let date = input.date.flatMap(LocalDate.init(iso:))
        if date == nil { problems.append(.init(field: "date", message: req.dateMessage)) }
        else if date! > today { problems.append(.init(field: "date", message: t.pick(vi: "Ngày liên hệ ở tương lai.", en: "The date is in the future."))) }
        let narrative = VietnameseText.nfc(input.narrative ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if narrative.isEmpty || narrative.count > 8000 {
            problems.append(.init(field: "narrative", message: t.pick(vi: "Ghi nội dung (tối đa 8000 ký tự).", en: "Write what happened (8000 characters at most).")))
        }
        var followUp: LocalDate?
        if let raw = input.followUpOn, !raw.isEmpty {
            followUp = LocalDate(iso: raw)
            if followUp == nil { problems.append(.init(field: "followUpOn", message: req.dateMessage)) }
            // A follow-up is planned after the contact, and within two years of it.
            else if let date, followUp! < date {
                problems.append(.init(field: "followUpOn", message: t.pick(vi: "Ngày hẹn theo dõi không được trước ngày liên hệ.",
                                                                           en: "The follow-up cannot be before the contact.")))
            } else if let date, followUp! > date.adding(days: 731) {
                problems.append(.init(field: "followUpOn", message: t.pick(vi: "Ngày hẹn theo dõi trong vòng 2 năm sau ngày liên hệ.",
                                                                           en: "The follow-up is within two years of the contact.")))
            }
        }
        guard problems.isEmpty, let kind, let date else { throw ValidationError(problems, req) }
        let note = CaseNote()
        note.caseID = c.id!
        note.kind = kind
        note.onDate = date.iso
        note.narrative = narrative
        note.nextStep = input.nextStep.map(VietnameseText.nfc).flatMap { $0.isEmpty ? nil : $0 }
        note.followUpOn = followUp?.iso
        note.followUpDone = false
        note.author = try req.user.id
        note.version = 1
        try await req.db.transaction { db in
            try await note.create(on: db)
            try await req.audit(.caseNoteAdded, entity: .caseFile, entityID: c.id?.uuidString, summary: kind.rawValue, on: db)
        }
        return note
    }

    struct AssessmentInput: Content {
        var kind: String?
        var risk: RiskDetails?
        var needs: NeedsDetails?
        var conference: ConferenceDetails?
    }

    struct AssessmentOutput: Content {
        let id: UUID
        let kind: String
        let at: String
        let overallRisk: String?
        let risk: RiskDetails?
        let needs: NeedsDetails?
        let conference: ConferenceDetails?

        init(_ a: CaseAssessment) {
            id = a.id!; kind = a.kind.rawValue; at = ISODateTime.format(a.at); overallRisk = a.overallRisk?.rawValue
            let data = Data(a.details.utf8)
            risk = a.kind == .risk ? try? JSONDecoder().decode(RiskDetails.self, from: data) : nil
            needs = a.kind == .needs ? try? JSONDecoder().decode(NeedsDetails.self, from: data) : nil
            conference = a.kind == .conference ? try? JSONDecoder().decode(ConferenceDetails.self, from: data) : nil
        }
    }

    /// Validates and stores an assessment (shared by the API and the case page).
    static func record(_ input: AssessmentInput, for c: CaseFile, _ req: Request) async throws -> CaseAssessment {
        let t = req.t
        let a = CaseAssessment()
        a.caseID = c.id!
        a.at = req.application.clock.now()
        a.author = try req.user.id
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        switch input.kind.flatMap(CaseAssessment.Kind.init(rawValue:)) {
        case .risk:
            guard let risk = input.risk else { throw ValidationError([.init(field: "risk", message: t.pick(vi: "Thiếu bốn mức đánh giá.", en: "The four levels are required."))], req) }
            a.kind = .risk
            a.overallRisk = RiskLevel.overall([risk.harm, risk.abuserAccess, risk.careObstacles, risk.childCapacity])
            a.details = String(decoding: try encoder.encode(risk), as: UTF8.self)
        case .needs:
            guard let needs = input.needs, !needs.domains.isEmpty else {
                throw ValidationError([.init(field: "needs", message: t.pick(vi: "Ghi nhu cầu ít nhất một lĩnh vực.", en: "Describe the needs of at least one domain."))], req)
            }
            a.kind = .needs
            a.details = String(decoding: try encoder.encode(needs), as: UTF8.self)
        case .conference:
            guard let conf = input.conference, LocalDate(iso: conf.date) != nil, !conf.participants.isEmpty, !conf.decisions.isEmpty else {
                throw ValidationError([.init(field: "conference", message: req.isAPI ? t.pick(vi: "Ghi ngày (YYYY-MM-DD), người dự và quyết định.", en: "Give the date (YYYY-MM-DD), participants and decisions.")
                    : t.pick(vi: "Ghi ngày họp (ngày/tháng/năm), người dự và quyết định.", en: "Give the date (dd/mm/yyyy), participants and decisions."))], req)
            }
            a.kind = .conference
            a.details = String(decoding: try encoder.encode(conf), as: UTF8.self)
        case nil:
            throw ValidationError([.init(field: "kind", message: t.pick(vi: "Loại đánh giá: risk, needs hoặc conference.", en: "kind is risk, needs or conference."))], req)
        }
        try await req.db.transaction { db in
            try await a.create(on: db)
            if let level = a.overallRisk {
                // The case shows the latest level; the assessments keep its history.
                try await CaseFile.query(on: db).filter(\.$id == c.id!).set(\.$riskLevel, to: level).update()
            }
            try await req.audit(.caseAssessed, entity: .caseFile, entityID: c.id?.uuidString,
                                summary: a.kind.rawValue + (a.overallRisk.map { " \($0.rawValue)" } ?? ""), on: db)
        }
        return a
    }

    struct PlanInput: Content {
        var goals: [PlanGoal]?
        /// Required when a plan already approved is revised (the case goes back to planning).
        var reason: String?
        var version: Int?
    }

    struct DecisionInput: Content {
        var approve: Bool?
        var comment: String?
        var version: Int?
        /// When the approval was given, if earlier (a paper file), as a step's `at`.
        var at: String?
    }

    struct PlanOutput: Content {
        let id: UUID
        let versionNo: Int
        let status: String
        let goals: [PlanGoal]
        let author: UUID?
        let submittedAt: String
        let decidedBy: UUID?
        let decisionComment: String?

        init(_ p: CasePlan) {
            id = p.id!; versionNo = p.versionNo; status = p.status.rawValue
            goals = (try? JSONDecoder().decode([PlanGoal].self, from: Data(p.goals.utf8))) ?? []
            author = p.author; submittedAt = ISODateTime.format(p.submittedAt); decidedBy = p.decidedBy; decisionComment = p.decisionComment
        }
    }

    /// Validates and stores a plan version (shared by the API and the case page).
    static func submit(_ input: PlanInput, for c: CaseFile, _ req: Request) async throws -> CasePlan {
        let t = req.t
        let goals = (input.goals ?? []).filter { !$0.goal.trimmingCharacters(in: .whitespaces).isEmpty }
        var problems: [FieldProblem] = []
        if goals.isEmpty { problems.append(.init(field: "goals", message: t.pick(vi: "Kế hoạch cần ít nhất một mục tiêu.", en: "A plan needs at least one goal."))) }
        for action in goals.flatMap(\.actions) where action.due.map({ LocalDate(iso: $0) == nil }) ?? false {
            problems.append(.init(field: "goals", message: t.pick(vi: "Hạn hoạt động dạng YYYY-MM-DD: \(action.due ?? "").", en: "Action due dates are YYYY-MM-DD: \(action.due ?? "").")))
        }
        guard problems.isEmpty else { throw ValidationError(problems, req) }
        let plan = CasePlan()
        plan.caseID = c.id!
        plan.status = .submitted
        plan.goals = String(decoding: try JSONEncoder().encode(goals), as: UTF8.self)
        plan.author = try req.user.id
        plan.submittedAt = req.application.clock.now()
        let caseID = c.id!
        let store: @Sendable (any Database) async throws -> Void = { db in
            plan.versionNo = (try await CasePlan.query(on: db).filter(\.$caseID == caseID).max(\.$versionNo) ?? 0) + 1
            // A newer version replaces one still waiting for a decision.
            try await CasePlan.query(on: db).filter(\.$caseID == caseID).filter(\.$status == .submitted).set(\.$status, to: .superseded).update()
            try await plan.create(on: db)
            try await req.audit(.planSubmitted, entity: .caseFile, entityID: caseID.uuidString, summary: "plan v\(plan.versionNo)", on: db)
        }
        if c.state != .planning {
            // Revising an approved plan takes the case back to planning, with the reason, in
            // the transaction that stores the revision.
            try await CaseWriter(req: req).transition(c, TransitionInput(to: CaseState.planning.rawValue, reason: input.reason,
                                                                         closureReason: nil, outcome: nil, at: nil, version: input.version),
                                                      alongside: store)
        } else {
            try await req.db.transaction(store)
        }
        return plan
    }

    /// Approves or returns a plan version (shared by the API and the case page).
    static func decide(_ plan: CasePlan, _ input: DecisionInput, for c: CaseFile, _ req: Request) async throws -> CasePlan {
        let t = req.t
        guard plan.status == .submitted else {
            throw ValidationError([.init(field: "plan", message: t.pick(vi: "Kế hoạch này không chờ phê duyệt.", en: "This plan is not waiting for a decision."))], req)
        }
        let user = try req.user
        guard let approve = input.approve else {
            throw ValidationError([.init(field: "approve", message: t.pick(vi: "Chọn duyệt hoặc trả lại.", en: "approve is required."))], req)
        }
        if !approve, (input.comment ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError([.init(field: "comment", message: t.pick(vi: "Ghi lý do trả lại.", en: "Say why the plan is returned."))], req)
        }
        let context = TransitionContext(actorMayApprove: Policy.approveCases.allows(user.role), actorWrotePlan: plan.author == user.id,
                                        planInForce: true)
        if approve, let refusal = CaseWorkflow.check(from: c.state, to: .planApproved, context) {
            throw ValidationError([CaseWriter.problem(refusal, t)], req)
        }
        if !approve, !context.actorMayApprove { throw ValidationError([CaseWriter.problem(.approverRequired, t)], req) }
        if !approve, context.actorWrotePlan { throw ValidationError([CaseWriter.problem(.ownPlan, t)], req) }
        let now = input.at.flatMap(ISODateTime.parse).map { min($0, req.application.clock.now()) } ?? req.application.clock.now()
        let caseID = c.id!
        let record: @Sendable (any Database) async throws -> Void = { db in
            if approve {
                try await CasePlan.query(on: db).filter(\.$caseID == caseID).filter(\.$status == .approved).set(\.$status, to: .superseded).update()
            }
            plan.status = approve ? .approved : .returned
            plan.decidedBy = user.id
            plan.decidedAt = now
            plan.decisionComment = input.comment
            try await plan.save(on: db)
            try await req.audit(approve ? .planApproved : .planReturned, entity: .caseFile, entityID: caseID.uuidString,
                                summary: "plan v\(plan.versionNo)", on: db)
        }
        if approve {
            // The move and the decision commit together, or neither does.
            try await CaseWriter(req: req).transition(c, TransitionInput(to: CaseState.planApproved.rawValue, reason: input.comment,
                                                                         closureReason: nil, outcome: nil, at: input.at, version: input.version),
                                                      actorWrotePlan: plan.author == user.id, approvingPlan: true, alongside: record)
        } else {
            try await req.db.transaction(record)
        }
        return plan
    }
}
