import AnSinhCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The hotline report for a period of local dates (inclusive, Asia/Ho_Chi_Minh), computed
/// with grouped SQL counts, and the same figures one year earlier.
struct HotlineReport: Content {
    struct Count: Content, Equatable {
        let code: String
        let count: Int
        var children: [Count]?
    }

    struct Summary: Content {
        let from: String
        let to: String
        let total: Int
        let counselling: Int
        let nonData: Int
    }

    let from: String
    let to: String
    let total: Int
    let counselling: Int
    let nonData: Int
    /// Each counselling call once, by its primary topic; rows add up to `counselling`
    /// (calls not yet classified are under `unclassified`).
    let byTopic: [Count]
    /// Every topic a call mentions (up to 3 per call).
    let topicMentions: [Count]
    let byNonDataKind: [Count]
    let byChannel: [Count]
    let byLine: [Count]
    let byCallerSex: [Count]
    let byCallerAgeGroup: [Count]
    let byPersonProvince: [Count]
    let byAction: [Count]
    /// Calls per calendar month of the period (`2021-03`), local time.
    let byMonth: [Count]
    let previous: Summary
}

/// The period and the calls it covers.
struct HotlineReportQuery {
    let from: LocalDate
    let to: LocalDate
    let lineIDs: [UUID]?
    let scope: UnitScope

    var start: Date { from.startOfDay() }
    var end: Date { to.adding(days: 1).startOfDay() }

    func yearEarlier() -> HotlineReportQuery {
        // 29 February has no twin a year earlier: use 28 February.
        func back(_ d: LocalDate) -> LocalDate {
            LocalDate(year: d.year - 1, month: d.month, day: d.day) ?? LocalDate(year: d.year - 1, month: d.month, day: d.day - 1)!
        }
        return HotlineReportQuery(from: back(from), to: back(to), lineIDs: lineIDs, scope: scope)
    }

    /// `WHERE` for the calls of the period, lines and scope (table alias `c`).
    func filter(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
        var s = select.where(SQLColumn("started_at", table: "c"), .greaterThanOrEqual, SQLBind(start))
            .where(SQLColumn("started_at", table: "c"), .lessThan, SQLBind(end))
        if let lineIDs { s = s.where(SQLColumn("line_id", table: "c"), .in, SQLBind.group(lineIDs)) }
        if case .units(let ids) = scope { s = s.where(SQLColumn("unit_id", table: "c"), .in, SQLBind.group(Array(ids))) }
        return s
    }
}

extension HotlineReport {
    static func compute(_ q: HotlineReportQuery, on db: any Database) async throws -> HotlineReport {
        let sql = db as! any SQLDatabase
        let kinds = try await counts(sql, q, column: "kind")
        let counselling = kinds[CallKind.counselling.rawValue] ?? 0
        let total = kinds.values.reduce(0, +)
        let primary = try await counts(sql, q, column: "primary_topic", where: ("kind", CallKind.counselling.rawValue))
        let mentions = try await topicMentions(sql, q)
        let lines = try await HotlineLine.query(on: db).all()
        let lineNumbers = Dictionary(uniqueKeysWithValues: lines.map { ($0.id!.uuidString, $0.number) })
        let byLineRaw = try await counts(sql, q, column: "line_id")
        let previousQuery = q.yearEarlier()
        let previousKinds = try await counts(sql, previousQuery, column: "kind")
        let previousCounselling = previousKinds[CallKind.counselling.rawValue] ?? 0
        let previousTotal = previousKinds.values.reduce(0, +)
        return HotlineReport(
            from: q.from.iso, to: q.to.iso, total: total, counselling: counselling, nonData: total - counselling,
            byTopic: tree(primary),
            topicMentions: tree(mentions),
            byNonDataKind: CallKind.nonCounselling.map { Count(code: $0.rawValue, count: kinds[$0.rawValue] ?? 0) },
            byChannel: sorted(try await counts(sql, q, column: "channel")),
            byLine: sorted(Dictionary(byLineRaw.map { (lineNumbers[$0.key.uppercased()] ?? lineNumbers[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: +)),
            byCallerSex: sorted(try await counts(sql, q, column: "caller_sex", where: ("kind", CallKind.counselling.rawValue))),
            byCallerAgeGroup: sorted(try await counts(sql, q, column: "caller_age_group", where: ("kind", CallKind.counselling.rawValue))),
            byPersonProvince: sorted(try await counts(sql, q, column: "person_province_code", where: ("kind", CallKind.counselling.rawValue))),
            byAction: try await actionCounts(sql, q),
            byMonth: try await monthCounts(sql, q),
            previous: Summary(from: previousQuery.from.iso, to: previousQuery.to.iso, total: previousTotal,
                              counselling: previousCounselling, nonData: previousTotal - previousCounselling))
    }

    /// `SELECT column, COUNT(*) … GROUP BY column`; NULL becomes `unclassified`.
    private static func counts(_ sql: any SQLDatabase, _ q: HotlineReportQuery, column: String,
                               where extra: (String, String)? = nil) async throws -> [String: Int] {
        var select = q.filter(sql.select()
            .column(SQLColumn(column, table: "c"), as: "k")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Call.schema), as: SQLIdentifier("c"))))
        if let (col, value) = extra { select = select.where(SQLColumn(col, table: "c"), .equal, SQLBind(value)) }
        let rows = try await select.groupBy(SQLColumn(column, table: "c")).all()
        var out: [String: Int] = [:]
        for row in rows {
            let key = (try? row.decodeNil(column: "k")) == true ? "unclassified" : Self.key(row)
            out[key, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return out
    }

    /// Group keys are text in most columns but UUIDs in `line_id`; read either.
    private static func key(_ row: any SQLRow) -> String {
        if let s = try? row.decode(column: "k", as: String.self) { return s }
        if let u = try? row.decode(column: "k", as: UUID.self) { return u.uuidString }
        return "unclassified"
    }

    private static func topicMentions(_ sql: any SQLDatabase, _ q: HotlineReportQuery) async throws -> [String: Int] {
        let rows = try await q.filter(sql.select()
            .column(SQLColumn("topic_code", table: "t"), as: "k")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(CallTopic.schema), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier(Call.schema), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("call_id", table: "t")))
            .groupBy(SQLColumn("topic_code", table: "t")).all()
        return try Dictionary(rows.map { (try $0.decode(column: "k", as: String.self), try $0.decode(column: "n", as: Int.self)) }, uniquingKeysWith: +)
    }

    /// One range count per month: portable across SQLite and PostgreSQL (no date functions) and
    /// each an index range scan on `started_at`.
    private static func monthCounts(_ sql: any SQLDatabase, _ q: HotlineReportQuery) async throws -> [Count] {
        var out: [Count] = []
        var monthStart = LocalDate(year: q.from.year, month: q.from.month, day: 1)!
        while monthStart <= q.to {
            let next = monthStart.month == 12 ? LocalDate(year: monthStart.year + 1, month: 1, day: 1)! : LocalDate(year: monthStart.year, month: monthStart.month + 1, day: 1)!
            let part = HotlineReportQuery(from: max(monthStart, q.from), to: min(next.adding(days: -1), q.to), lineIDs: q.lineIDs, scope: q.scope)
            let row = try await part.filter(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier(Call.schema), as: SQLIdentifier("c")))).first()
            out.append(Count(code: String(format: "%04d-%02d", monthStart.year, monthStart.month), count: try row?.decode(column: "n", as: Int.self) ?? 0))
            monthStart = next
        }
        return out
    }

    /// Actions are stored as a comma list on the call; count each action once per call.
    private static func actionCounts(_ sql: any SQLDatabase, _ q: HotlineReportQuery) async throws -> [Count] {
        let raw = try await counts(sql, q, column: "actions")
        var out: [String: Int] = [:]
        for (list, n) in raw where list != "unclassified" {
            for action in list.split(separator: ",") { out[String(action), default: 0] += n }
        }
        return CallAction.allCases.map { Count(code: $0.rawValue, count: out[$0.rawValue] ?? 0) }
    }

    /// Second-level codes grouped under their top level (`gender.equality` under `gender`).
    static func tree(_ counts: [String: Int]) -> [Count] {
        var groups: [String: [Count]] = [:]
        for (code, n) in counts {
            let top = code.split(separator: ".").first.map(String.init) ?? code
            groups[top, default: []].append(Count(code: code, count: n))
        }
        return groups.map { top, children in
            let childRows = children.filter { $0.code != top }.sorted { $0.code < $1.code }
            return Count(code: top, count: children.reduce(0) { $0 + $1.count }, children: childRows)
        }.sorted { ($0.count, $1.code) > ($1.count, $0.code) }
    }

    static func sorted(_ counts: [String: Int]) -> [Count] {
        counts.map { Count(code: $0.key, count: $0.value) }.sorted { ($0.count, $1.code) > ($1.count, $0.code) }
    }
}
