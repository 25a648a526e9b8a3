import AnSinhCore
import Fluent
import Vapor

/// Validates a call and writes it with its topics in one transaction: nothing is half-saved.
struct CallWriter {
    let req: Request

    /// Creates a call. A body with only line, caller phone and times (telephony) makes an
    /// incomplete call for a counsellor to complete.
    func create(_ input: CallInput) async throws -> CallRecord {
        try await createReturningContext(input).call
    }

    /// Creates a call and returns it with its line number and topic codes as written.
    func createReturningContext(_ input: CallInput) async throws -> Created {
        let context = try await Context.load(for: input, req)
        return try await create(input, context).get()
    }

    /// The same, without a task when nothing needs reading first (the line and topic catalog is
    /// in memory and no person record is linked): validation runs at once on the event loop and
    /// the future completes with the group commit that holds the call. Nil otherwise.
    func createWithoutTask(_ input: CallInput) -> EventLoopFuture<Created>? {
        guard input.person?.personId == nil, let catalog = req.application.hotlineCatalog.cachedSnapshot() else { return nil }
        do {
            return try create(input, Context(catalog: catalog, personInScope: nil))
        } catch {
            return req.eventLoop.makeFailedFuture(error)
        }
    }

    typealias Created = (call: CallRecord, line: String, topics: [String])

    private func create(_ input: CallInput, _ context: Context) throws -> EventLoopFuture<Created> {
        let (call, topics) = try fill(nil, from: input, context)
        // New calls go through the batcher, which commits calls arriving together as one group.
        // Their rows get time-ordered ids, so that a group adds to the ends of the indexes.
        let callTopics = topics.enumerated().map { CallTopicRecord(id: .timeOrdered(), callID: call.id, topicCode: $1, position: $0 + 1) }
        let audit = req.auditEvent(.callCreated, entity: .call, entityID: call.id.uuidString, summary: call.kind.rawValue)
        audit.id = .timeOrdered()
        let line = (input.line ?? "").filter(\.isNumber)
        return req.application.callBatcher.insert(call, topics: callTopics, audit: audit, on: req.eventLoop)
            .map { (call, line, topics) }
    }

    /// What validating a call needs from the database, read before the checks themselves.
    private struct Context {
        let catalog: HotlineCatalog.Snapshot
        /// For a linked person record: whether it exists within the user's units.
        let personInScope: Bool?

        static func load(for input: CallInput, _ req: Request) async throws -> Context {
            let catalog = try await req.application.hotlineCatalog.snapshot(on: req.db)
            var inScope: Bool?
            if let personID = input.person?.personId {
                if let person = try await AnSinhApp.Person.find(personID, on: req.db) {
                    inScope = try await req.unitScope().contains(person.unitID)
                } else {
                    inScope = false
                }
            }
            return Context(catalog: catalog, personInScope: inScope)
        }
    }

    /// Updates a call from a PATCH: fields present replace stored ones; `version` must match.
    func update(_ call: Call, with input: CallInput) async throws {
        guard let version = input.version else {
            throw ValidationError([FieldProblem(field: "version", message: req.t.pick(vi: "Thiếu phiên bản bản ghi (version).", en: "The record's version is required."))], req)
        }
        var merged = CallInput(
            line: input.line, channel: input.channel ?? call.channel.rawValue, direction: input.direction ?? call.direction.rawValue,
            startedAt: input.startedAt ?? ISODateTime.format(call.startedAt), endedAt: input.endedAt ?? call.endedAt.map(ISODateTime.format),
            kind: input.kind ?? call.kind.rawValue, topics: input.topics, urgency: input.urgency ?? call.urgency?.rawValue,
            summary: input.summary ?? call.summary, actions: input.actions ?? (call.actions.isEmpty ? [] : call.actions.split(separator: ",").map(String.init)),
            callbackConsent: input.callbackConsent ?? call.callbackConsent,
            callbackDueAt: input.callbackDueAt ?? call.callbackDueAt.map(ISODateTime.format),
            caller: input.caller, person: input.person, version: version)
        if merged.topics == nil {
            merged.topics = try await CallTopic.query(on: req.db).filter(\.$callID == call.id!).sort(\.$position).all().map(\.topicCode)
        }
        guard version == call.version else { throw Abort(.conflict, reason: Self.staleMessage(req.t)) }
        var stored = CallRecord(call)
        if input.kind != nil { stored.incomplete = false }
        let (record, topics) = try fill(stored, from: merged, try await Context.load(for: merged, req))
        record.apply(to: call)
        // One transaction: one commit (one fsync) for the call, its topics and its audit line.
        let callID = call.id!
        try await req.saveVersioned(call, expected: version, audit: .callUpdated, .call, conflict: Self.staleMessage(req.t),
                                    summary: { "version \(call.version)" }) { db in
            try await CallTopic.query(on: db).filter(\.$callID == callID).delete()
            let callTopics = topics.enumerated().map { CallTopic(callID: callID, topicCode: $1, position: $0 + 1) }
            if !callTopics.isEmpty { try await callTopics.create(on: db) }
        }
    }

    static func staleMessage(_ t: Localizer) -> String {
        t.pick(vi: "Cuộc gọi đã được người khác sửa (version cũ). Hãy tải lại rồi sửa tiếp.",
               en: "Someone else changed this call (stale version). Reload it and edit again.")
    }

    /// Checks every field and, if all are valid, returns the call with them: `stored` changed,
    /// or a new call of the user when `stored` is nil; and its topics (none for a
    /// non-counselling call). Throws a `ValidationError` naming each bad field.
    private func fill(_ stored: CallRecord?, from input: CallInput, _ context: Context) throws -> (CallRecord, [String]) {
        let isNew = stored == nil
        let t = req.t
        var problems: [FieldProblem] = []
        func bad(_ field: String, vi: String, en: String) { problems.append(FieldProblem(field: field, message: t.pick(vi: vi, en: en))) }
        func code<T: RawRepresentable>(_ raw: String?, _ field: String, required: Bool, default value: T? = nil) -> T? where T.RawValue == String {
            guard let raw, !raw.isEmpty else {
                if required, value == nil { bad(field, vi: "Thiếu \(field).", en: "\(field) is required.") }
                return value
            }
            guard let v = T(rawValue: raw) else { bad(field, vi: "Giá trị \(field) không hợp lệ: \(raw).", en: "Invalid \(field): \(raw)."); return nil }
            return v
        }

        // Line
        let catalog = context.catalog
        var lineID = stored?.lineID
        if let number = input.line.map({ $0.filter(\.isNumber) }) {
            if let id = catalog.activeLines[number] {
                lineID = id
            } else {
                bad("line", vi: "Không có đường dây \(input.line ?? "").", en: "Unknown line \(input.line ?? "").")
            }
        } else if isNew {
            bad("line", vi: "Thiếu đường dây (line).", en: "line is required.")
        }
        let channel: CallChannel? = code(input.channel, "channel", required: false, default: .phone)
        let direction: CallDirection? = code(input.direction, "direction", required: false, default: .incoming)
        let kind: CallKind? = code(input.kind, "kind", required: false, default: .counselling)
        let urgency: CallUrgency? = code(input.urgency, "urgency", required: false)
        let actions: [CallAction] = (input.actions ?? []).compactMap { code($0, "actions", required: true) }

        // Times
        let now = req.application.clock.now()
        var startedAt: Date?
        if let s = input.startedAt {
            startedAt = ISODateTime.parse(s)
            if startedAt == nil { bad("startedAt", vi: "startedAt phải theo ISO 8601 có múi giờ.", en: "startedAt must be ISO 8601 with an offset.") }
        } else {
            startedAt = now
        }
        var endedAt: Date?
        if let s = input.endedAt {
            endedAt = ISODateTime.parse(s)
            if endedAt == nil { bad("endedAt", vi: "endedAt phải theo ISO 8601 có múi giờ.", en: "endedAt must be ISO 8601 with an offset.") }
        }

        var callbackDue: Date?
        if let s = input.callbackDueAt, !s.isEmpty {
            callbackDue = ISODateTime.parse(s)
            if callbackDue == nil { bad("callbackDueAt", vi: "callbackDueAt phải theo ISO 8601 có múi giờ.", en: "callbackDueAt must be ISO 8601 with an offset.") }
            if input.callbackConsent != true { bad("callbackDueAt", vi: "Chỉ hẹn gọi lại khi người gọi đồng ý.", en: "A call-back needs the caller's consent.") }
        }

        // Topics
        let topics = input.topics ?? []
        if !topics.isEmpty {
            for topic in topics where !catalog.usableTopics.contains(topic) {
                bad("topics", vi: "Chủ đề không có: \(topic).", en: "Unknown topic: \(topic).")
            }
        }
        if let kind, let startedAt {
            for problem in CallRules.problems(kind: kind, topics: topics, startedAt: startedAt, endedAt: endedAt, now: now,
                                              incomplete: stored?.incomplete ?? (input.kind == nil)) {
                problems.append(FieldProblem(field: problem.field, message: Self.message(problem, t)))
            }
        }

        // Caller
        var phone: String?
        if let raw = input.caller?.phone, !raw.isEmpty {
            phone = PhoneNumber.normalize(raw)
            if phone == nil { bad("caller.phone", vi: "Số điện thoại không hợp lệ.", en: "The phone number is not valid.") }
        }
        let callerSex: Sex? = code(input.caller?.sex, "caller.sex", required: false)
        let callerAge: AgeGroup? = code(input.caller?.ageGroup, "caller.ageGroup", required: false)
        let relation: CallerRelation? = code(input.caller?.relation, "caller.relation", required: false)
        let personSex: Sex? = code(input.person?.sex, "person.sex", required: false)
        let personAge: AgeGroup? = code(input.person?.ageGroup, "person.ageGroup", required: false)
        var linkedPerson: UUID?? = nil
        if let personID = input.person?.personId {
            if context.personInScope == true {
                linkedPerson = .some(personID)
            } else {
                bad("person.personId", vi: "Không có hồ sơ đối tượng này.", en: "No such person record.")
            }
        }
        if let s = input.summary, s.count > 4000 { bad("summary", vi: "Tóm tắt quá dài (tối đa 4000 ký tự).", en: "The summary is too long (4000 characters at most).") }

        guard problems.isEmpty, let lineID, let channel, let direction, let kind, let startedAt else {
            throw ValidationError(problems, req)
        }

        var call = try stored ?? CallRecord(id: .timeOrdered(), unitID: req.user.unitID, recordedBy: req.user.id, lineID: lineID, channel: channel,
                                            direction: direction, startedAt: startedAt, kind: kind, incomplete: input.kind == nil)
        call.lineID = lineID
        call.channel = channel
        call.direction = direction
        call.kind = kind
        call.startedAt = startedAt
        call.endedAt = endedAt
        call.urgency = urgency
        call.summary = input.summary.map(VietnameseText.nfc)
        call.actions = actions.map(\.rawValue).joined(separator: ",")
        call.callbackConsent = input.callbackConsent ?? false
        call.callbackDueAt = callbackDue
        call.primaryTopic = kind.isCounselling ? topics.first : nil
        if let caller = input.caller {
            call.callerName = caller.name.map(VietnameseText.nfc)
            call.callerPhone = phone
            call.callerPhoneHash = phone.map { Secrets.keyedHash($0, secret: req.ansinh.secret) }
            call.callerSex = callerSex
            call.callerAgeGroup = callerAge
            call.callerRelation = relation
        }
        if let person = input.person {
            call.personIsChild = person.isChild
            call.personSex = personSex
            call.personAgeGroup = personAge
            call.personProvinceCode = person.provinceCode
            call.personCommuneCode = person.communeCode
        }
        if let linkedPerson { call.personID = linkedPerson }
        return (call, kind.isCounselling ? topics : [])
    }

    static func message(_ p: CallRules.Problem, _ t: Localizer) -> String {
        switch p {
        case .topicsRequired: t.pick(vi: "Cuộc gọi tư vấn cần 1–3 chủ đề.", en: "A counselling call needs 1–3 topics.")
        case .tooManyTopics: t.pick(vi: "Tối đa 3 chủ đề.", en: "At most 3 topics.")
        case .topicsOnNonCounselling: t.pick(vi: "Cuộc gọi không tư vấn không có chủ đề.", en: "A non-counselling call has no topics.")
        case .duplicateTopic: t.pick(vi: "Một chủ đề bị lặp.", en: "A topic is repeated.")
        case .endBeforeStart: t.pick(vi: "Giờ kết thúc trước giờ bắt đầu.", en: "The end is before the start.")
        case .startInFuture: t.pick(vi: "Giờ bắt đầu ở tương lai (quá 5 phút).", en: "The start is more than 5 minutes in the future.")
        case .startTooEarly: t.pick(vi: "Giờ bắt đầu phải từ 01/01/1990 trở đi.", en: "The start must be on or after 01/01/1990.")
        case .tooLong: t.pick(vi: "Cuộc gọi không thể dài quá 24 giờ: kiểm tra giờ kết thúc.", en: "A call cannot last more than 24 hours: check the end time.")
        }
    }
}
