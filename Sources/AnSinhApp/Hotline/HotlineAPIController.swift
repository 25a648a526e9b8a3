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
            try await req.audit(.topicChanged, entity: .hotlineTopic, entityID: code, summary: "added \(vi)", on: db)
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
            try await req.audit(.topicChanged, entity: .hotlineTopic, entityID: code, summary: "retired=\(topic.retired)", on: db)
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
        try await CallQueries.page(req, paging: try req.paging(), masked: false)
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
        try await CallQueries.outputs([call], req)[0]
    }

    private static func output(_ l: HotlineLine) -> LineOutput {
        LineOutput(id: l.id!, number: l.number, name: l.name, hours: l.hours, active: l.active)
    }
}
