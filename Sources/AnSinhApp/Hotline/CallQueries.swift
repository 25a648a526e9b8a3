import AnSinhCore
import Fluent
import Vapor

/// The calls list, as the API, the list page and the export read it (`RecordList`).
enum CallQueries {
    /// Newest first; both descending, so that the (started_at, id) index serves the order.
    static let list = RecordList<Call>(filters: ListFilter.dateRange(\.$startedAt) + [
        .code("kind", \.$kind),
        ListFilter(name: "line") { query, number, req in
            let line = try await HotlineLine.query(on: req.db).filter(\.$number == number.filter(\.isNumber)).first()
            return query.filter(\.$lineID == (line?.id ?? UUID()))
        },
        .code("channel", \.$channel),
        .code("urgency", \.$urgency),
        ListFilter(name: "action") { query, action, req in
            // Action codes are stored comma-joined; no code is part of another, so a substring match is exact.
            guard CallAction(rawValue: action) != nil else { throw req.invalidQuery("action") }
            return query.filter(\.$actions, .contains(inverse: false, .anywhere), action)
        },
        ListFilter(name: "counsellor") { query, username, req in
            let counsellor = try await User.find(username: username, on: req.db)
            return query.filter(\.$counsellorID == (counsellor?.id ?? UUID()))
        },
        // A correlated EXISTS, probed per call in the list's order through the (call_id,
        // topic_code) key: the matching ids sent back as binds took 7 s for 45,000 on SQLite,
        // and past 65,535 PostgreSQL could not bind the statement.
        .exists("topic", child: CallTopic.schema, parentColumn: "call_id", valueColumn: "topic_code"),
        // The caller's number in any format (0912 345 678, +84912345678): its keyed hash, as
        // stored, so the number itself is never compared in clear.
        ListFilter(name: "phone") { query, raw, req in
            guard let phone = PhoneNumber.normalize(raw) else { throw req.invalidQuery("phone") }
            return query.filter(\.$callerPhoneHash == Secrets.keyedHash(phone, secret: req.ansinh.secret))
        },
    ], order: { $0.sort(\.$startedAt, .descending).sort(\.$id, .descending) })

    /// A page of calls matching the request's filters. `masked` hides callers from everyone
    /// (the list page: numbers are revealed one at a time).
    static func page(_ req: Request, paging: Paging, masked: Bool) async throws -> HotlineAPIController.CallPage {
        let (calls, next) = try await list.page(req, paging)
        return HotlineAPIController.CallPage(items: try await outputs(calls, req, masked: masked), nextOffset: next)
    }

    /// Outputs for several calls with two queries in all (lines, topics), not two per call.
    static func outputs(_ calls: [Call], _ req: Request, masked: Bool = false) async throws -> [CallOutput] {
        guard !calls.isEmpty else { return [] }
        let lines = Dictionary(uniqueKeysWithValues: try await HotlineLine.query(on: req.db).all().map { ($0.id!, $0.number) })
        let topics = try await CallTopic.query(on: req.db).filter(\.$callID ~~ calls.compactMap(\.id)).sort(\.$position).all()
        let byCall = Dictionary(grouping: topics, by: \.callID)
        let show = try !masked && Policy.viewCallerIdentity.allows(req.user.role)
        return calls.map { CallOutput(CallRecord($0), line: lines[$0.lineID] ?? "", topics: (byCall[$0.id!] ?? []).map(\.topicCode), showIdentity: show) }
    }
}
