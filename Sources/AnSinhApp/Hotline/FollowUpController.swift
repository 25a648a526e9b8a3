import AnSinhCore
import Fluent
import Vapor

/// The expert council, questions sent to it, hand-offs, and the counsellor's work list.
struct FollowUpController {
    struct ExpertInput: Content { var name: String?; var field: String?; var contact: String? }
    struct ExpertOutput: Content { let id: UUID; let name: String; let field: ExpertField; let contact: String; let active: Bool }
    struct QuestionInput: Content { var member: UUID?; var question: String?; var answer: String?; var calledBack: Bool?; var version: Int? }
    struct QuestionOutput: Content {
        let id: UUID; let callID: UUID; let member: UUID; let question: String; let askedAt: String
        let answer: String?; let answeredAt: String?; let calledBackAt: String?; let version: Int
    }
    struct HandoffInput: Content { var target: String?; var status: String?; var note: String?; var version: Int? }
    struct HandoffOutput: Content {
        let id: UUID; let callID: UUID; let target: HandoffTarget; let status: HandoffStatus; let note: String; let version: Int
    }
    struct CallBackTask: Content {
        let callID: UUID
        let dueAt: String
        let overdue: Bool
        let phone: String?
        let version: Int
    }
    struct IncompleteCall: Content {
        let callID: UUID
        let startedAt: String
        let phone: String?
    }

    struct WorkList: Content {
        /// Calls the telephone system logged in the user's units, waiting to be completed, oldest first.
        let incompleteCalls: [IncompleteCall]
        /// Call-backs promised to callers, earliest due first.
        let promisedCallBacks: [CallBackTask]
        /// Answered questions of the user's calls, waiting for the call-back.
        let callBacks: [QuestionOutput]
        /// Questions still waiting for an expert's answer.
        let waiting: [QuestionOutput]
        /// Hand-offs not yet acknowledged.
        let handoffs: [HandoffOutput]
    }

    func experts(_ req: Request) async throws -> [ExpertOutput] {
        try await ExpertMember.query(on: req.db).sort(\.$name).all().map(Self.output)
    }

    func createExpert(_ req: Request) async throws -> Response {
        let input = try req.content.decode(ExpertInput.self)
        var problems: [FieldProblem] = []
        let name = VietnameseText.nfc(input.name ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 120 { problems.append(.init(field: "name", message: req.t.pick(vi: "Thiếu họ tên.", en: "name is required."))) }
        let field = input.field.flatMap(ExpertField.init(rawValue:))
        if field == nil { problems.append(.init(field: "field", message: req.t.pick(vi: "Lĩnh vực không hợp lệ.", en: "Invalid field."))) }
        guard problems.isEmpty, let field else { throw ValidationError(problems, req) }
        let member = ExpertMember()
        member.name = name
        member.field = field
        member.contact = String((input.contact ?? "").prefix(200))
        member.active = true
        member.createdBy = try req.user.id
        try await member.create(on: req.db)
        return try Self.created(Self.output(member))
    }

    func ask(_ req: Request) async throws -> Response {
        let call = try await req.load(Call.self)
        let input = try req.content.decode(QuestionInput.self)
        var problems: [FieldProblem] = []
        let question = VietnameseText.nfc(input.question ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if question.isEmpty || question.count > 4000 { problems.append(.init(field: "question", message: req.t.pick(vi: "Thiếu nội dung câu hỏi.", en: "question is required."))) }
        let member = try await input.member.asyncFlatMap { try await ExpertMember.find($0, on: req.db) }
        if member?.active != true { problems.append(.init(field: "member", message: req.t.pick(vi: "Chuyên gia không hợp lệ.", en: "Unknown expert."))) }
        guard problems.isEmpty, let member else { throw ValidationError(problems, req) }
        let q = ExpertQuestion()
        q.callID = call.id!
        q.unitID = call.unitID
        q.memberID = member.id!
        q.question = question
        q.askedAt = req.application.clock.now()
        q.askedBy = try req.user.id!
        q.version = 1
        try await req.db.transaction { db in
            try await q.create(on: db)
            try await req.audit(.questionAsked, entity: .expertQuestion, entityID: q.id?.uuidString, summary: member.name, on: db)
        }
        return try Self.created(Self.output(q))
    }

    /// Records the expert's answer, or that the counsellor called the person back.
    func updateQuestion(_ req: Request) async throws -> QuestionOutput {
        let q = try await req.load(ExpertQuestion.self)
        let input = try req.content.decode(QuestionInput.self)
        guard let version = input.version else {
            throw ValidationError([.init(field: "version", message: req.t.pick(vi: "Thiếu version.", en: "version is required."))], req)
        }
        let now = req.application.clock.now()
        if let answer = input.answer.map(VietnameseText.nfc)?.trimmingCharacters(in: .whitespacesAndNewlines), !answer.isEmpty {
            q.answer = String(answer.prefix(4000))
            q.answeredAt = now
        }
        if input.calledBack == true { q.calledBackAt = now }
        try await saveVersioned(q, expected: version, req, action: .questionUpdated, type: .expertQuestion)
        return Self.output(q)
    }

    func handOff(_ req: Request) async throws -> Response {
        let call = try await req.load(Call.self)
        let input = try req.content.decode(HandoffInput.self)
        guard let target = input.target.flatMap(HandoffTarget.init(rawValue:)) else {
            throw ValidationError([.init(field: "target", message: req.t.pick(vi: "Nơi chuyển không hợp lệ.", en: "Invalid target."))], req)
        }
        let h = Handoff()
        h.callID = call.id!
        h.unitID = call.unitID
        h.target = target
        // The schema's enum has no empty value: "" is refused like any other unknown status.
        if let raw = input.status, HandoffStatus(rawValue: raw) == nil {
            throw ValidationError([.init(field: "status", message: req.t.pick(vi: "Trạng thái không hợp lệ.", en: "Invalid status."))], req)
        }
        h.status = input.status.flatMap(HandoffStatus.init(rawValue:)) ?? .sent
        h.note = String(VietnameseText.nfc(input.note ?? "").prefix(2000))
        h.createdAt = req.application.clock.now()
        h.createdBy = try req.user.id!
        h.version = 1
        try await req.db.transaction { db in
            try await h.create(on: db)
            try await req.audit(.handoffCreated, entity: .handoff, entityID: h.id?.uuidString, summary: target.rawValue, on: db)
        }
        return try Self.created(Self.output(h))
    }

    func updateHandoff(_ req: Request) async throws -> HandoffOutput {
        let h = try await req.load(Handoff.self)
        let input = try req.content.decode(HandoffInput.self)
        guard let version = input.version else {
            throw ValidationError([.init(field: "version", message: req.t.pick(vi: "Thiếu version.", en: "version is required."))], req)
        }
        if let raw = input.status {
            guard let status = HandoffStatus(rawValue: raw) else {
                throw ValidationError([.init(field: "status", message: req.t.pick(vi: "Trạng thái không hợp lệ.", en: "Invalid status."))], req)
            }
            h.status = status
        }
        if let note = input.note { h.note = String(VietnameseText.nfc(note).prefix(2000)) }
        h.updatedAt = req.application.clock.now()
        try await saveVersioned(h, expected: version, req, action: .handoffUpdated, type: .handoff)
        return Self.output(h)
    }

    func workList(_ req: Request) async throws -> WorkList {
        let user = try req.user
        let questions = try await ExpertQuestion.query(on: req.db).filter(\.$askedBy == user.id!)
            .filter(\.$calledBackAt == nil).sort(\.$askedAt).all()
        let handoffs = try await Handoff.query(on: req.db).filter(\.$createdBy == user.id!)
            .filter(\.$status != .acknowledged).sort(\.$createdAt).all()
        let now = req.application.clock.now()
        let promised = try await Call.query(on: req.db).filter(\.$counsellorID == user.id!)
            .filter(\.$callbackDueAt != nil).filter(\.$callbackDoneAt == nil).sort(\.$callbackDueAt).all()
        var incompleteQuery = Call.query(on: req.db).filter(\.$incomplete == true)
        if case .units(let ids) = try await req.unitScope() { incompleteQuery = incompleteQuery.filter(\.$unitID ~~ ids) }
        let incomplete = try await incompleteQuery.sort(\.$startedAt).limit(100).all()
        return WorkList(incompleteCalls: incomplete.map {
                            IncompleteCall(callID: $0.id!, startedAt: ISODateTime.format($0.startedAt), phone: $0.callerPhone)
                        },
                        promisedCallBacks: promised.map {
                            CallBackTask(callID: $0.id!, dueAt: ISODateTime.format($0.callbackDueAt!), overdue: $0.callbackDueAt! < now,
                                         phone: $0.callerPhone, version: $0.version)
                        },
                        callBacks: questions.filter { $0.answeredAt != nil }.map(Self.output),
                        waiting: questions.filter { $0.answeredAt == nil }.map(Self.output),
                        handoffs: handoffs.map(Self.output))
    }

    func workPage(_ req: Request) async throws -> Response {
        let work = try await workList(req)
        let experts = Dictionary(uniqueKeysWithValues: try await ExpertMember.query(on: req.db).all().map { ($0.id!, $0.name) })
        return await Layout.page(req, title: req.t.pick(vi: "Việc cần làm", en: "My work"),
                                 content: WorkListPage.view(work, experts: experts, req))
    }

    /// The work list's "called back" button.
    func markCalledBack(_ req: Request) async throws -> Response {
        let q = try await req.load(ExpertQuestion.self)
        guard let version = req.formValue("version").flatMap(Int.init) else { throw Abort(.badRequest) }
        q.calledBackAt = req.application.clock.now()
        try await saveVersioned(q, expected: version, req, action: .questionUpdated, type: .expertQuestion)
        req.flash(.success, .saved)
        return req.redirect(to: .hotlineWork)
    }

    /// The work list's button for a promised call-back.
    func markCallBackDone(_ req: Request) async throws -> Response {
        let call = try await req.load(Call.self)
        guard let version = req.formValue("version").flatMap(Int.init) else { throw Abort(.badRequest) }
        call.callbackDoneAt = req.application.clock.now()
        try await saveVersioned(call, expected: version, req, action: .callUpdated, type: .call)
        req.flash(.success, .saved)
        return req.redirect(to: .hotlineWork)
    }

    // MARK: - Helpers


    private func saveVersioned<M: Versioned>(_ model: M, expected: Int, _ req: Request, action: AuditAction, type: AuditEntity) async throws {
        try await req.saveVersioned(model, expected: expected, audit: action, type, conflict: CallWriter.staleMessage(req.t)) { "version \(model.version)" }
    }

    private static func created<T: Content>(_ value: T) throws -> Response {
        let response = Response(status: .created)
        try response.content.encode(value)
        return response
    }

    static func output(_ m: ExpertMember) -> ExpertOutput {
        ExpertOutput(id: m.id!, name: m.name, field: m.field, contact: m.contact, active: m.active)
    }

    static func output(_ q: ExpertQuestion) -> QuestionOutput {
        QuestionOutput(id: q.id!, callID: q.callID, member: q.memberID, question: q.question, askedAt: ISODateTime.format(q.askedAt),
                       answer: q.answer, answeredAt: q.answeredAt.map(ISODateTime.format),
                       calledBackAt: q.calledBackAt.map(ISODateTime.format), version: q.version)
    }

    static func output(_ h: Handoff) -> HandoffOutput {
        HandoffOutput(id: h.id!, callID: h.callID, target: h.target, status: h.status, note: h.note, version: h.version)
    }
}

/// Hand-offs to other hotlines, recorded by the intake (the page and the API).
enum Handoffs {
    /// The hand-offs chosen in the intake form, each recorded once per call (a second save of
    /// the form adds none), in one transaction after the call's.
    static func record(_ targets: [HandoffTarget], callID: UUID, _ req: Request) async throws {
        guard !targets.isEmpty, let call = try await Call.find(callID, on: req.db) else { return }
        let existing = Set(try await Handoff.query(on: req.db).filter(\.$callID == callID).all().map(\.target))
        let new = targets.filter { !existing.contains($0) }
        guard !new.isEmpty else { return }
        let user = try req.user.id!
        let now = req.application.clock.now()
        try await req.db.transaction { db in
            for target in new {
                let h = Handoff()
                h.callID = callID; h.unitID = call.unitID; h.target = target; h.status = .sent; h.note = ""
                h.createdAt = now; h.createdBy = user; h.version = 1
                try await h.create(on: db)
                try await req.audit(.handoffCreated, entity: .handoff, entityID: h.id?.uuidString, summary: target.rawValue, on: db)
            }
        }
    }
}
