import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// Case figures for a period of local dates (inclusive) and a set of units, with the same
/// period a year earlier and the annual target.
///
/// `received`: cases received in the period. `closed`: of those, closed by the end of the
/// period ("58 of 59 closed"). `closedInPeriod`: any case closed during the period.
/// `openAtEnd`: cases received before the end and not closed by then.
struct CaseReport: Content {
    struct GroupCount: Content, Equatable {
        let code: String
        let received: Int
        let closed: Int
    }

    struct Summary: Content {
        let from: String
        let to: String
        let received: Int
        let closed: Int
        /// This period's received against these, in percent, rounded ("71% of the same period last year").
        let percent: Int?
        /// This period's received minus these ("24 fewer" is -24).
        let difference: Int
    }

    struct Target: Content {
        let indicator: String
        let value: Int
        /// received / value, in percent, rounded.
        let percent: Int
    }

    let from: String
    let to: String
    /// `all`, `hotline` (cases from hotline calls) or `files` (every other source).
    let track: String
    let received: Int
    let closed: Int
    let closedInPeriod: Int
    let openAtEnd: Int
    let byClientGroup: [GroupCount]
    let byType: [GroupCount]
    let bySource: [GroupCount]
    let byUnit: [GroupCount]
    let byCommune: [GroupCount]
    let previous: Summary
    let target: Target?

    enum Track: String {
        case all, hotline, files

        var indicator: TargetIndicator {
            switch self {
            case .all: .casesReceived
            case .hotline: .hotlineCasesReceived
            case .files: .caseFilesReceived
            }
        }
    }

    struct Query {
        let from: LocalDate
        let to: LocalDate
        let track: Track
        /// nil: every unit.
        let units: [UUID]?
        /// The unit whose target applies (the root of the subtree asked for).
        let targetUnit: UUID?

        var start: Date { from.startOfDay() }
        var end: Date { to.adding(days: 1).startOfDay() }

        func yearEarlier() -> Query {
            func back(_ d: LocalDate) -> LocalDate {
                LocalDate(year: d.year - 1, month: d.month, day: d.day) ?? LocalDate(year: d.year - 1, month: d.month, day: d.day - 1)!
            }
            return Query(from: back(from), to: back(to), track: track, units: units, targetUnit: targetUnit)
        }

        /// `WHERE` on cases (alias `c`) for the track and units.
        func scope(_ s: SQLSelectBuilder) -> SQLSelectBuilder {
            var s = s
            switch track {
            case .all: break
            case .hotline: s = s.where(SQLColumn("source", table: "c"), .equal, SQLBind(CaseSource.hotline.rawValue))
            case .files: s = s.where(SQLColumn("source", table: "c"), .notEqual, SQLBind(CaseSource.hotline.rawValue))
            }
            if let units { s = s.where(SQLColumn("unit_id", table: "c"), .in, SQLBind.group(units)) }
            return s
        }

        func receivedIn(_ s: SQLSelectBuilder) -> SQLSelectBuilder {
            scope(s).where(SQLColumn("received_at", table: "c"), .greaterThanOrEqual, SQLBind(start))
                .where(SQLColumn("received_at", table: "c"), .lessThan, SQLBind(end))
        }
    }

    /// `closed` as a column: 1 when the case was closed before the end of the period.
    private static func closedBy(_ end: Date) -> SQLQueryString {
        "SUM(CASE WHEN c.closed_at IS NOT NULL AND c.closed_at < \(bind: end) THEN 1 ELSE 0 END)"
    }

    static func compute(_ q: Query, on db: any Database) async throws -> CaseReport {
        let sql = db as! any SQLDatabase
        let cases = SQLAlias(SQLIdentifier(CaseFile.schema), as: SQLIdentifier("c"))
        // Totals: one scan of the period.
        func totals(_ q: Query) async throws -> (Int, Int) {
            let row = try await q.receivedIn(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(closedBy(q.end), as: "closed").from(cases)).first()
            return (try row?.decode(column: "n", as: Int.self) ?? 0, (try? row?.decode(column: "closed", as: Int?.self)) ?? 0)
        }
        // One breakdown: received and closed per value of a column (cases, or their groups).
        func breakdown(_ column: String, table: String = "c", joinGroups: Bool = false) async throws -> [GroupCount] {
            var s = sql.select().column(SQLColumn(column, table: table), as: "k")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").column(closedBy(q.end), as: "closed").from(cases)
            if joinGroups {
                s = s.join(SQLAlias(SQLIdentifier(CaseClientGroup.schema), as: SQLIdentifier("g")),
                           on: SQLColumn("case_id", table: "g"), .equal, SQLColumn("id", table: "c"))
            }
            let rows = try await q.receivedIn(s).groupBy(SQLColumn(column, table: table)).all()
            return try rows.map { row in
                let key = (try? row.decode(column: "k", as: String.self)) ?? (try? row.decode(column: "k", as: UUID.self))?.uuidString ?? "unclassified"
                return GroupCount(code: key, received: try row.decode(column: "n", as: Int.self),
                                  closed: (try? row.decode(column: "closed", as: Int?.self)) ?? 0)
            }.sorted { ($0.received, $1.code) > ($1.received, $0.code) }
        }
        let (received, closed) = try await totals(q)
        let closedInPeriod = try await q.scope(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(cases))
            .where(SQLColumn("closed_at", table: "c"), .greaterThanOrEqual, SQLBind(q.start))
            .where(SQLColumn("closed_at", table: "c"), .lessThan, SQLBind(q.end)).first()?.decode(column: "n", as: Int.self) ?? 0
        let openAtEnd = try await q.scope(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(cases))
            .where(SQLColumn("received_at", table: "c"), .lessThan, SQLBind(q.end))
            .where(SQLQueryString("(c.closed_at IS NULL OR c.closed_at >= \(bind: q.end))"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        // Communes: of the person each case is about.
        var communeSelect = sql.select().column(SQLColumn("commune_code", table: "p"), as: "k")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").column(closedBy(q.end), as: "closed").from(cases)
            .join(SQLAlias(SQLIdentifier(Person.schema), as: SQLIdentifier("p")), on: SQLColumn("id", table: "p"), .equal, SQLColumn("person_id", table: "c"))
        communeSelect = q.receivedIn(communeSelect).groupBy(SQLColumn("commune_code", table: "p"))
        let byCommune = try await communeSelect.all().map { row in
            GroupCount(code: (try? row.decode(column: "k", as: String.self)) ?? "unclassified", received: try row.decode(column: "n", as: Int.self),
                       closed: (try? row.decode(column: "closed", as: Int?.self)) ?? 0)
        }.sorted { ($0.received, $1.code) > ($1.received, $0.code) }
        let previousQuery = q.yearEarlier()
        let (previousReceived, previousClosed) = try await totals(previousQuery)
        var target: Target?
        if let unit = q.targetUnit, let row = try await AnnualTarget.query(on: db).filter(\.$year == q.from.year).filter(\.$unitID == unit)
            .filter(\.$indicator == q.track.indicator.rawValue).first(), row.value > 0 {
            target = Target(indicator: row.indicator, value: row.value, percent: Int((Double(received) * 100 / Double(row.value)).rounded()))
        }
        return CaseReport(
            from: q.from.iso, to: q.to.iso, track: q.track.rawValue, received: received, closed: closed, closedInPeriod: closedInPeriod,
            openAtEnd: openAtEnd, byClientGroup: try await breakdown("code", table: "g", joinGroups: true),
            byType: try await breakdown("type"), bySource: try await breakdown("source"), byUnit: try await breakdown("unit_id"),
            byCommune: byCommune,
            previous: Summary(from: previousQuery.from.iso, to: previousQuery.to.iso, received: previousReceived, closed: previousClosed,
                              percent: previousReceived == 0 ? nil : Int((Double(received) * 100 / Double(previousReceived)).rounded()),
                              difference: received - previousReceived),
            target: target)
    }
}

extension CasesAPIController {
    /// `GET /api/v1/reports/cases?from=&to=[&track=all|hotline|files][&unit=<id>]`: the unit's
    /// subtree (default: everything the reader may see).
    func report(_ req: Request) async throws -> CaseReport {
        try await Self.report(req, from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"],
                              track: req.query[String.self, at: "track"])
    }

    /// The case report page (defaults: this year to today, every case).
    func reportPage(_ req: Request) async throws -> Response {
        let (tables, from, to, track) = try await Self.reportTables(req)
        let heading = try await DocumentHeading.forReport(req)
        return await Layout.page(req, title: tables.title, content: CaseReportPage.view(tables, from: from, to: to, track: track, heading: heading, req))
    }

    func reportExport(_ req: Request) async throws -> Response {
        let (tables, from, to, track) = try await Self.reportTables(req)
        let xlsx = req.query[String.self, at: "format"] != "csv"
        try await req.audit(.exported, entity: .report, entityID: "cases", summary: "\(from)..\(to) \(track) \(xlsx ? "xlsx" : "csv")")
        return tables.spreadsheet(req.t).response(xlsx: xlsx, filename: "bao-cao-truong-hop-\(from)-\(to)")
    }

    private static func reportTables(_ req: Request) async throws -> (CaseReportTables, String, String, String) {
        let today = LocalDate(req.application.clock.now())
        func given(_ name: String) -> String? { req.query[String.self, at: name].flatMap { $0.isEmpty ? nil : $0 } }
        let report = try await report(req, from: given("from") ?? LocalDate(year: today.year, month: 1, day: 1)!.iso,
                                      to: given("to") ?? today.iso, track: given("track"))
        let units = try await OrgUnit.query(on: req.db).all()
        let communes = try await AddressDirectory(req.db).communes(codes: report.byCommune.map(\.code))
        let tables = CaseReportTables(report, unitNames: Dictionary(uniqueKeysWithValues: units.map { ($0.id!.uuidString, $0.name) }),
                                      communeNames: Dictionary(uniqueKeysWithValues: communes.map { ($0.code, $0.displayName) }),
                                      groupLabels: try await ClientGroupCatalog.labels(on: req.db, req.t), req.t)
        return (tables, report.from, report.to, report.track)
    }

    static func report(_ req: Request, from: String?, to: String?, track: String?) async throws -> CaseReport {
        let (from, to) = try req.reportPeriod(from: from, to: to)
        guard let track = CaseReport.Track(rawValue: track ?? "all") else {
            throw req.invalidQuery("track")
        }
        let scope = try await req.unitScope()
        let tree = try await UnitTree.load(on: req.db)
        var root = try await OrgUnit.center(on: req.db)?.id
        var units: [UUID]?
        if let raw = req.query[String.self, at: "unit"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw), scope.contains(id) else { throw Abort(.notFound) }
            root = id
            units = Array(tree.subtree(of: id))
        } else if case .units(let ids) = scope {
            units = Array(ids)
            root = try req.user.unitID
        }
        return try await CaseReport.compute(.init(from: from, to: to, track: track, units: units, targetUnit: root), on: req.db)
    }
}
