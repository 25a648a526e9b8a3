import AnSinhCore
import Fluent
import FluentSQL
import SQLKit
import Vapor

/// `/api/v1/hotline/*`, `/api/v1/calls` and the hotline report.
struct HotlineAPIController {
    struct LineInput: Content {
        var number: String?
        var name: String?
        var hours: String?
    }

    struct LineOutput: Content {
        let id: UUID
        let number: String
        let name: String
        let hours: String
        let active: Bool
    }

    struct TopicOutput: Content {
        let code: String
        let parent: String?
        let vi: String
        let en: String
        let retired: Bool
    }

    struct CallPage: Content {
        let items: [CallOutput]
        /// Present when there are more calls after these.
        let nextOffset: Int?
    }

    func lines(_ req: Request) async throws -> [LineOutput] {
        try await HotlineLine.query(on: req.db).sort(\.$number).all().map(Self.output)
    }

    func createLine(_ req: Request) async throws -> Response {
        let input = try req.content.decode(LineInput.self)
        let (valid, problems) = try await LineRules.validate(number: input.number ?? "", name: input.name ?? "",
                                                             hours: input.hours ?? "", db: req.db, req.t)
        guard let valid else { throw ValidationError(problems, req) }
        let line = try await LineRules.create(valid, req)
        let response = Response(status: .created)
        try response.content.encode(Self.output(line))
        return response
    }

    func topics(_ req: Request) async throws -> [TopicOutput] {
        try await HotlineTopic.query(on: req.db).sort(\.$sort).all().map {
            TopicOutput(code: $0.id!, parent: $0.parentCode, vi: $0.labelVI, en: $0.labelEN, retired: $0.retired)
        }
    }

    struct TopicInput: Content {
        var code: String?
        var parent: String?
        var vi: String?
        var en: String?
        var retired: Bool?
    }

    /// Adds a second-level topic under an existing top-level one (codes `parent.name`), or a new
    /// top-level topic. Codes are permanent: topics are retired, never deleted.
    func createTopic(_ req: Request) async throws -> Response {
        let input = try req.content.decode(TopicInput.self)
        let t = req.t
        var problems: [FieldProblem] = []
        let code = input.code ?? ""
        let validCode = code.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            (2...40).contains(part.count) && part.first!.isLetter && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        } && code.split(separator: ".").count <= 2
        if !validCode {
            problems.append(.init(field: "code", message: t.pick(vi: "Mã dạng nhom hoặc nhom.chuDe (chữ không dấu, số).", en: "A code is group or group.topic (ASCII letters, digits).")))
        } else if try await HotlineTopic.find(code, on: req.db) != nil {
            problems.append(.init(field: "code", message: t.pick(vi: "Mã này đã có.", en: "This code exists.")))
        }
        let parentCode = code.contains(".") ? String(code.split(separator: ".")[0]) : nil
        if let parentCode {
            // The parent must be an existing top-level group.
            let parent = try await HotlineTopic.find(parentCode, on: req.db)
            if parent == nil || parent?.parentCode != nil {
                problems.append(.init(field: "parent", message: t.pick(vi: "Nhóm cha không có.", en: "No such parent group.")))
            }
        }
        let vi = VietnameseText.nfc(input.vi ?? "").trimmingCharacters(in: .whitespaces)
        let en = (input.en ?? "").trimmingCharacters(in: .whitespaces)
        if vi.isEmpty || vi.count > 120 { problems.append(.init(field: "vi", message: t.pick(vi: "Thiếu tên tiếng Việt.", en: "vi is required."))) }
        if en.isEmpty || en.count > 120 { problems.append(.init(field: "en", message: t.pick(vi: "Thiếu tên tiếng Anh.", en: "en is required."))) }
        guard problems.isEmpty else { throw ValidationError(problems, req) }
        let sort = (try await HotlineTopic.query(on: req.db).max(\.$sort) ?? 0) + 1
        let topic = HotlineTopic(HotlineTopicDefinition(code: code, parent: parentCode, vietnamese: vi, english: en), sort: sort)
        try await req.db.transaction { db in
            try await topic.create(on: db)
            try await req.audit(.topicChanged, entityType: "hotline_topic", entityID: code, summary: "added \(vi)", on: db)
        }
        req.application.hotlineCatalog.invalidate()
        let response = Response(status: .created)
        try response.content.encode(TopicOutput(code: code, parent: parentCode, vi: vi, en: en, retired: false))
        return response
    }

    /// Retires (or restores) a topic: it stays on old calls and in reports, but new calls cannot use it.
    func updateTopic(_ req: Request) async throws -> TopicOutput {
        guard let code = req.parameters.get("code"), let topic = try await HotlineTopic.find(code, on: req.db) else { throw Abort(.notFound) }
        let input = try req.content.decode(TopicInput.self)
        if let retired = input.retired { topic.retired = retired }
        if let vi = input.vi.map(VietnameseText.nfc), !vi.isEmpty { topic.labelVI = String(vi.prefix(120)) }
        if let en = input.en, !en.isEmpty { topic.labelEN = String(en.prefix(120)) }
        try await req.db.transaction { db in
            try await topic.save(on: db)
            try await req.audit(.topicChanged, entityType: "hotline_topic", entityID: code, summary: "retired=\(topic.retired)", on: db)
        }
        req.application.hotlineCatalog.invalidate()
        return TopicOutput(code: code, parent: topic.parentCode, vi: topic.labelVI, en: topic.labelEN, retired: topic.retired)
    }

    /// Future-based, as the busiest write of the API: usually no task at all (`createWithoutTask`).
    func createCall(_ req: Request) -> EventLoopFuture<Response> {
        let writer = CallWriter(req: req)
        let input: CallInput
        do {
            input = try req.content.decode(CallInput.self)
        } catch {
            return req.eventLoop.makeFailedFuture(error)
        }
        let created = writer.createWithoutTask(input) ?? req.eventLoop.makeFutureWithTask { try await writer.createReturningContext(input) }
        return created.flatMapThrowing { call, line, topics in
            let response = Response(status: .created)
            // Built from what was just written: no second read of the call's line and topics.
            try response.content.encode(CallOutput(call, line: line, topics: topics,
                                                   showIdentity: Policy.viewCallerIdentity.allows(try req.user.role)))
            return response
        }
    }

    func getCall(_ req: Request) async throws -> CallOutput {
        try await output(try await req.load(Call.self), req)
    }

    func updateCall(_ req: Request) async throws -> CallOutput {
        let call = try await req.load(Call.self)
        try await CallWriter(req: req).update(call, with: try req.content.decode(CallInput.self))
        return try await output(call, req)
    }

    func listCalls(_ req: Request) async throws -> CallPage {
        try await listCalls(req, masked: false)
    }

    func listCalls(_ req: Request, masked: Bool) async throws -> CallPage {
        try await listCalls(req, paging: try req.paging(), masked: masked)
    }

    /// Calls in the reader's scope matching the query's filters, newest first.
    /// `masked` hides callers from everyone (the list page: numbers are revealed one at a time).
    func listCalls(_ req: Request, paging: Paging, masked: Bool) async throws -> CallPage {
        var query = Call.query(on: req.db)
        if case .units(let ids) = try await req.unitScope() { query = query.filter(\.$unitID ~~ ids) }
        if let from = try req.boundedDate("from") { query = query.filter(\.$startedAt >= from.startOfDay()) }
        if let to = try req.boundedDate("to") { query = query.filter(\.$startedAt < to.adding(days: 1).startOfDay()) }
        if let kind = req.query[String.self, at: "kind"], !kind.isEmpty {
            guard let k = CallKind(rawValue: kind) else { throw req.invalidQuery("kind") }
            query = query.filter(\.$kind == k)
        }
        if let number = req.query[String.self, at: "line"], !number.isEmpty {
            let line = try await HotlineLine.query(on: req.db).filter(\.$number == number.filter(\.isNumber)).first()
            query = query.filter(\.$lineID == (line?.id ?? UUID()))
        }
        if let channel = req.query[String.self, at: "channel"], !channel.isEmpty {
            guard let c = CallChannel(rawValue: channel) else { throw req.invalidQuery("channel") }
            query = query.filter(\.$channel == c)
        }
        if let urgency = req.query[String.self, at: "urgency"], !urgency.isEmpty {
            guard let u = CallUrgency(rawValue: urgency) else { throw req.invalidQuery("urgency") }
            query = query.filter(\.$urgency == u)
        }
        if let action = req.query[String.self, at: "action"], !action.isEmpty {
            // Action codes are stored comma-joined; no code is part of another, so a substring match is exact.
            guard CallAction(rawValue: action) != nil else { throw req.invalidQuery("action") }
            query = query.filter(\.$actions, .contains(inverse: false, .anywhere), action)
        }
        if let username = req.query[String.self, at: "counsellor"], !username.isEmpty {
            let counsellor = try await User.find(username: username, on: req.db)
            query = query.filter(\.$counsellorID == (counsellor?.id ?? UUID()))
        }
        if let topic = req.query[String.self, at: "topic"], !topic.isEmpty {
            // A correlated EXISTS, probed per call in the list's order through the
            // (call_id, topic_code) key: never the matching ids sent back as binds (45,000 took
            // 7 s on SQLite, and past 65,535 PostgreSQL cannot bind the statement).
            query = query.filter(.sql(embed: """
                EXISTS (SELECT 1 FROM \(ident: CallTopic.schema) ct WHERE ct.call_id = \(ident: Call.schema).id \
                AND ct.topic_code = \(bind: topic))
                """))
        }
        // Both descending, so that the (started_at, id) index serves the order without sorting.
        let calls = try await query.sort(\.$startedAt, .descending).sort(\.$id, .descending).range(paging.rangeToRead).all()
        let page = Array(calls.prefix(paging.limit))
        return CallPage(items: try await outputs(page, req, masked: masked), nextOffset: paging.nextOffset(read: calls.count))
    }

    func report(_ req: Request) async throws -> HotlineReport {
        let (from, to) = try req.reportPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"])
        var lineIDs: [UUID]?
        if let numbers = req.query[String.self, at: "line"] {
            let wanted = numbers.split(separator: ",").map { $0.filter(\.isNumber) }
            lineIDs = try await HotlineLine.query(on: req.db).filter(\.$number ~~ wanted).all().compactMap(\.id)
        }
        let query = HotlineReportQuery(from: from, to: to, lineIDs: lineIDs, scope: try await req.unitScope())
        return try await HotlineReport.compute(query, on: req.db)
    }

    // MARK: - Helpers


    private func output(_ call: Call, _ req: Request) async throws -> CallOutput {
        try await outputs([call], req)[0]
    }

    /// Outputs for several calls with two queries in all (lines, topics), not two per call.
    private func outputs(_ calls: [Call], _ req: Request, masked: Bool = false) async throws -> [CallOutput] {
        guard !calls.isEmpty else { return [] }
        let lines = Dictionary(uniqueKeysWithValues: try await HotlineLine.query(on: req.db).all().map { ($0.id!, $0.number) })
        let topics = try await CallTopic.query(on: req.db).filter(\.$callID ~~ calls.compactMap(\.id)).sort(\.$position).all()
        let byCall = Dictionary(grouping: topics, by: \.callID)
        let show = try !masked && Policy.viewCallerIdentity.allows(req.user.role)
        return calls.map { CallOutput(CallRecord($0), line: lines[$0.lineID] ?? "", topics: (byCall[$0.id!] ?? []).map(\.topicCode), showIdentity: show) }
    }

    private static func output(_ l: HotlineLine) -> LineOutput {
        LineOutput(id: l.id!, number: l.number, name: l.name, hours: l.hours, active: l.active)
    }
}
