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
    /// Counselling calls by the person helped: child or adult (`child`, `adult`), sex, age band.
    let byPersonGroup: [Count]
    let byPersonSex: [Count]
    let byPersonAgeGroup: [Count]
    /// Hand-offs of the period's calls by where they went (111 apart from 1800 8077).
    let byHandoffTarget: [Count]
    let byPersonProvince: [Count]
    /// Counselling calls by commune (2025 code) of the person concerned.
    let byPersonCommune: [Count]
    let byAction: [Count]
    /// Calls per calendar month of the period (`2021-03`), local time.
    let byMonth: [Count]
    let previous: Summary
    /// Cases opened from hotline calls in the period ("59 cases, 58 closed"), by client group,
    /// with the same period a year earlier.
    let cases: HotlineCases
}

struct HotlineCases: Content {
    let received: Int
    let closed: Int
    let byClientGroup: [CaseReport.GroupCount]
    let previous: CaseReport.Summary
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
        let t = try await tally(sql, q)
        let counselling = t.kinds[CallKind.counselling.rawValue] ?? 0
        let total = t.kinds.values.reduce(0, +)
        let lines = try await HotlineLine.query(on: db).all()
        let lineNumbers = Dictionary(uniqueKeysWithValues: lines.map { ($0.id!.uuidString, $0.number) })
        let units: [UUID]? = if case .units(let ids) = q.scope { Array(ids) } else { nil }
        let caseReport = try await CaseReport.compute(.init(from: q.from, to: q.to, track: .hotline, units: units, targetUnit: nil), on: db)
        let previousQuery = q.yearEarlier()
        let previousKinds = try await counts(sql, previousQuery, column: "kind")
        let previousCounselling = previousKinds[CallKind.counselling.rawValue] ?? 0
        let previousTotal = previousKinds.values.reduce(0, +)
        return HotlineReport(
            from: q.from.iso, to: q.to.iso, total: total, counselling: counselling, nonData: total - counselling,
            byTopic: tree(t.primaryTopics),
            topicMentions: tree(try await topicMentions(sql, q)),
            byNonDataKind: CallKind.nonCounselling.map { Count(code: $0.rawValue, count: t.kinds[$0.rawValue] ?? 0) },
            byChannel: sorted(t.channels),
            byLine: sorted(Dictionary(t.lines.map { (lineNumbers[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: +)),
            byCallerSex: sorted(t.callerSex),
            byCallerAgeGroup: sorted(t.callerAge),
            byPersonGroup: sorted(t.personGroup),
            byPersonSex: sorted(t.personSex),
            byPersonAgeGroup: sorted(t.personAge),
            byHandoffTarget: try await handoffTargets(sql, q),
            byPersonProvince: sorted(t.provinces),
            byPersonCommune: sorted(t.communes),
            byAction: CallAction.allCases.map { Count(code: $0.rawValue, count: t.actions[$0.rawValue] ?? 0) },
            byMonth: try await monthCounts(sql, q),
            previous: Summary(from: previousQuery.from.iso, to: previousQuery.to.iso, total: previousTotal,
                              counselling: previousCounselling, nonData: previousTotal - previousCounselling),
            cases: HotlineCases(received: caseReport.received, closed: caseReport.closed, byClientGroup: caseReport.byClientGroup,
                                previous: caseReport.previous))
    }

    /// Most breakdowns from one scan of the period: a GROUP BY over every column they need,
    /// summed up here (a few thousand groups at most, against one pass over the calls).
    private struct Tally {
        var kinds: [String: Int] = [:], primaryTopics: [String: Int] = [:], channels: [String: Int] = [:]
        var lines: [String: Int] = [:], callerSex: [String: Int] = [:], callerAge: [String: Int] = [:]
        var provinces: [String: Int] = [:], communes: [String: Int] = [:], actions: [String: Int] = [:]
        var personGroup: [String: Int] = [:], personSex: [String: Int] = [:], personAge: [String: Int] = [:]
    }

    private static func tally(_ sql: any SQLDatabase, _ q: HotlineReportQuery) async throws -> Tally {
        let columns = ["kind", "primary_topic", "channel", "line_id", "caller_sex", "caller_age_group", "person_province_code",
                       "person_commune_code", "actions", "person_is_child", "person_sex", "person_age_group"]
        var select = sql.select()
        for column in columns { select = select.column(SQLColumn(column, table: "c"), as: column) }
        select = q.filter(select.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Call.schema), as: SQLIdentifier("c"))))
        for column in columns { select = select.groupBy(SQLColumn(column, table: "c")) }
        var t = Tally()
        for row in try await select.all() {
            let n = try row.decode(column: "n", as: Int.self)
            func text(_ c: String) -> String? {
                if (try? row.decodeNil(column: c)) == true { return nil }
                if let s = try? row.decode(column: c, as: String.self) { return s }
                return (try? row.decode(column: c, as: UUID.self))?.uuidString
            }
            let kind = text("kind") ?? "unclassified"
            t.kinds[kind, default: 0] += n
            t.channels[text("channel") ?? "unclassified", default: 0] += n
            t.lines[text("line_id")?.uppercased() ?? "unclassified", default: 0] += n
            for action in (text("actions") ?? "").split(separator: ",") { t.actions[String(action), default: 0] += n }
            guard kind == CallKind.counselling.rawValue else { continue }
            t.primaryTopics[text("primary_topic") ?? "unclassified", default: 0] += n
            t.callerSex[text("caller_sex") ?? "unclassified", default: 0] += n
            t.callerAge[text("caller_age_group") ?? "unclassified", default: 0] += n
            t.provinces[text("person_province_code") ?? "unclassified", default: 0] += n
            t.communes[text("person_commune_code") ?? "unclassified", default: 0] += n
            // A Bool column: SQLite stores 0/1, PostgreSQL a boolean; both decode as Bool.
            let child: Bool? = (try? row.decodeNil(column: "person_is_child")) == true ? nil : try? row.decode(column: "person_is_child", as: Bool.self)
            t.personGroup[child.map { $0 ? "child" : "adult" } ?? "unclassified", default: 0] += n
            t.personSex[text("person_sex") ?? "unclassified", default: 0] += n
            t.personAge[text("person_age_group") ?? "unclassified", default: 0] += n
        }
        return t
    }

    /// Hand-offs recorded for the calls of the period, by target: every target listed.
    private static func handoffTargets(_ sql: any SQLDatabase, _ q: HotlineReportQuery) async throws -> [Count] {
        let select = q.filter(sql.select().column(SQLColumn("target", table: "h"), as: "k")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Handoff.schema), as: SQLIdentifier("h")))
            .join(SQLAlias(SQLIdentifier(Call.schema), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("call_id", table: "h")))
        var counts: [String: Int] = [:]
        for row in try await select.groupBy(SQLColumn("target", table: "h")).all() {
            counts[try row.decode(column: "k", as: String.self), default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return HandoffTarget.allCases.map { Count(code: $0.rawValue, count: counts[$0.rawValue] ?? 0) }
    }

    /// `SELECT column, COUNT(*) … GROUP BY column`; NULL becomes `unclassified`.
    private static func counts(_ sql: any SQLDatabase, _ q: HotlineReportQuery, column: String) async throws -> [String: Int] {
        let select = q.filter(sql.select()
            .column(SQLColumn(column, table: "c"), as: "k")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Call.schema), as: SQLIdentifier("c"))))
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

    /// Calls per local month, from one GROUP BY on the month of `started_at` (UTC+7: Vietnam has
    /// had no other offset since 1975, and no report starts before 1990). Months without calls
    /// are listed with 0, so that the rows are every month of the period.
    private static func monthCounts(_ sql: any SQLDatabase, _ q: HotlineReportQuery) async throws -> [Count] {
        let month: any SQLExpression = sql.dialect.name == "sqlite"
            ? SQLRaw("strftime('%Y-%m', \"c\".\"started_at\" + 25200, 'unixepoch')")
            : SQLRaw("to_char((\"c\".\"started_at\" AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM')")
        let rows = try await q.filter(sql.select()
            .column(month, as: "m")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Call.schema), as: SQLIdentifier("c"))))
            .groupBy(SQLColumn("m")).all()
        let counts = try Dictionary(rows.map { (try $0.decode(column: "m", as: String.self), try $0.decode(column: "n", as: Int.self)) },
                                    uniquingKeysWith: +)
        var out: [Count] = []
        var year = q.from.year, monthNumber = q.from.month
        while (year, monthNumber) <= (q.to.year, q.to.month) {
            let code = LocalDate(year: year, month: monthNumber, day: 1)!.iso.prefix(7)
            out.append(Count(code: String(code), count: counts[String(code)] ?? 0))
            (year, monthNumber) = monthNumber == 12 ? (year + 1, 1) : (year, monthNumber + 1)
        }
        return out
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
