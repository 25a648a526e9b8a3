import AnSinhCore
import Fluent
import Plot
import SQLKit
import Vapor

/// The director's page of annual targets: for a year, each unit's target per indicator, with
/// last year's figure beside it (what the unit did, and what it was asked), so that a target
/// is set knowing the past. The API's `PUT /api/v1/targets` sets one at a time; this page sets
/// a whole year in one transaction.
enum TargetsPage {
    /// Years a target may be set for, as the API allows.
    static let years = 2000...2100
    static let maxValue = 1_000_000

    static func field(_ unit: UUID, _ indicator: TargetIndicator) -> String {
        "t-\(unit.uuidString.lowercased())-\(indicator.rawValue)"
    }

    @Sendable static func show(_ req: Request) async throws -> Response {
        let year = try year(req)
        return try await page(req, year: year, typed: nil, errors: FieldErrors())
    }

    /// Saves every field of the year: a number sets the target, an empty field removes it.
    /// One bad field refuses the whole form, which comes back as typed.
    @Sendable static func save(_ req: Request) async throws -> Response {
        let t = req.t
        guard let year = req.formValue("year").flatMap(Int.init), years.contains(year) else {
            var errors = FieldErrors()
            errors["year"] = t.pick(vi: "Năm từ \(years.lowerBound) đến \(years.upperBound).", en: "A year from \(years.lowerBound) to \(years.upperBound).")
            return try await page(req, year: LocalDate(req.application.clock.now()).year, typed: nil, errors: errors, status: .unprocessableEntity)
        }
        let units = try await units(req).map(\.unit)
        var errors = FieldErrors()
        var wanted: [(UUID, TargetIndicator, Int?)] = []
        var typed: [String: String] = [:]
        let body = (try? req.content.decode([String: String].self)) ?? [:]
        for unit in units {
            for indicator in TargetIndicator.allCases {
                let name = field(unit.id!, indicator)
                // A field the page did not send (a unit added since it was loaded) changes nothing;
                // a field sent empty removes the target.
                guard let sent = body[name] else { continue }
                let raw = sent.replacingOccurrences(of: ".", with: "").trimmingCharacters(in: .whitespaces)
                typed[name] = sent
                if raw.isEmpty { wanted.append((unit.id!, indicator, nil)); continue }
                guard let value = Int(raw), (0...maxValue).contains(value) else {
                    errors[name] = t.pick(vi: "Một số nguyên từ 0 đến \(VNFormat.number(maxValue)).", en: "A whole number from 0 to \(VNFormat.number(maxValue)).")
                    continue
                }
                wanted.append((unit.id!, indicator, value))
            }
        }
        guard errors.isEmpty else { return try await page(req, year: year, typed: typed, errors: errors, status: .unprocessableEntity) }
        let changes = wanted
        try await req.db.transaction { db in
            let stored = try await AnnualTarget.query(on: db).filter(\.$year == year).all()
            let byKey = Dictionary(stored.map { ("\($0.unitID)|\($0.indicator)", $0) }, uniquingKeysWith: { a, _ in a })
            for (unit, indicator, value) in changes {
                try await AnnualTarget.set(year: year, unit: unit, indicator: indicator, to: value,
                                           stored: byKey["\(unit)|\(indicator.rawValue)"], req, on: db)
            }
        }
        req.flash(.success, .saved)
        return req.redirect(to: SiteURL.caseTargets.path + "?year=\(year)", redirectType: .normal)
    }

    private static func year(_ req: Request) throws -> Int {
        guard let raw = req.query[String.self, at: "year"], !raw.isEmpty else { return LocalDate(req.application.clock.now()).year }
        guard let year = Int(raw), years.contains(year) else { throw req.invalidQuery("year") }
        return year
    }

    /// The active units the director may set targets for, the center first, each under its
    /// parent, with their depth.
    private static func units(_ req: Request) async throws -> [(unit: OrgUnit, depth: Int)] {
        let scope = try await req.unitScope()
        return try await UnitTree.load(on: req.db).ordered().filter { $0.unit.active && scope.contains($0.unit.id!) }
    }

    private static func page(_ req: Request, year: Int, typed: [String: String]?, errors: FieldErrors,
                             status: HTTPResponseStatus = .ok) async throws -> Response {
        let ordered = try await units(req)
        let units = ordered.map(\.unit)
        let tree = try await UnitTree.load(on: req.db)
        let targets = try await AnnualTarget.query(on: req.db).filter(\.$year ~~ [year, year - 1]).all()
        let target = Dictionary(targets.map { ("\($0.year)|\($0.unitID)|\($0.indicator)", $0.value) }, uniquingKeysWith: { a, _ in a })
        let done = try await receivedByUnit(year: year - 1, tree: tree, units: units, req.db)
        let model = Model(year: year, units: ordered.map { ($0.unit, $0.depth) }, typed: typed, errors: errors,
                          value: { unit, indicator in target["\(year)|\(unit)|\(indicator.rawValue)"] },
                          lastTarget: { unit, indicator in target["\(year - 1)|\(unit)|\(indicator.rawValue)"] },
                          lastDone: { unit, indicator in done[unit]?[indicator] ?? 0 })
        return await Layout.page(req, title: req.t.pick(vi: "Chỉ tiêu năm \(year)", en: "Annual targets \(year)"), status: status,
                                 content: view(model, req))
    }

    /// Cases received in `year` by each unit's subtree and indicator, from one GROUP BY.
    static func receivedByUnit(year: Int, tree: UnitTree, units: [OrgUnit], _ db: any Database) async throws -> [UUID: [TargetIndicator: Int]] {
        guard let start = LocalDate(year: year, month: 1, day: 1), let end = LocalDate(year: year + 1, month: 1, day: 1) else { return [:] }
        // By unit and source (a handful of sources): the same SQL on SQLite and PostgreSQL.
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT unit_id, source, COUNT(*) AS n FROM cases
            WHERE received_at >= \(bind: start.startOfDay()) AND received_at < \(bind: end.startOfDay())
            GROUP BY unit_id, source
            """).all()
        var own: [UUID: (hotline: Int, files: Int)] = [:]
        for row in rows {
            let unit = try row.decode(column: "unit_id", as: UUID.self)
            let n = try row.decode(column: "n", as: Int.self)
            if try row.decode(column: "source", as: String.self) == CaseSource.hotline.rawValue {
                own[unit, default: (0, 0)].hotline += n
            } else {
                own[unit, default: (0, 0)].files += n
            }
        }
        var result: [UUID: [TargetIndicator: Int]] = [:]
        for unit in units {
            let sub = tree.subtree(of: unit.id!)
            let hotline = sub.reduce(0) { $0 + (own[$1]?.hotline ?? 0) }, files = sub.reduce(0) { $0 + (own[$1]?.files ?? 0) }
            result[unit.id!] = [.hotlineCasesReceived: hotline, .caseFilesReceived: files, .casesReceived: hotline + files]
        }
        return result
    }

    struct Model {
        let year: Int
        let units: [(OrgUnit, Int)]
        let typed: [String: String]?
        let errors: FieldErrors
        let value: (UUID, TargetIndicator) -> Int?
        let lastTarget: (UUID, TargetIndicator) -> Int?
        let lastDone: (UUID, TargetIndicator) -> Int
    }

    static func label(_ indicator: TargetIndicator, _ t: Localizer) -> String {
        switch indicator {
        case .caseFilesReceived: t.pick(vi: "Hồ sơ tiếp nhận (không kể từ tổng đài)", en: "Case files received (not from the hotline)")
        case .hotlineCasesReceived: t.pick(vi: "Trường hợp từ tổng đài", en: "Cases from the hotline")
        case .casesReceived: t.pick(vi: "Tổng số trường hợp tiếp nhận", en: "All cases received")
        }
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let rows: [BodyNode] = m.units.map { unit, depth in
            .el("tr", [], [.el("th", [Attr("scope", "row"), .cls("depth-\(min(depth, 3))")], [.txt(unit.name)])] + TargetIndicator.allCases.map { indicator in
                let name = field(unit.id!, indicator)
                let value = m.typed?[name] ?? m.value(unit.id!, indicator).map(String.init) ?? ""
                let last = m.lastTarget(unit.id!, indicator)
                let hint = t.pick(vi: "Năm \(m.year - 1): thực hiện \(VNFormat.number(m.lastDone(unit.id!, indicator)))",
                                  en: "\(m.year - 1): \(VNFormat.number(m.lastDone(unit.id!, indicator))) received")
                    + (last.map { t.pick(vi: " / chỉ tiêu \(VNFormat.number($0))", en: " / target \(VNFormat.number($0))") } ?? "")
                return .el("td", [.cls("target-cell")], [
                    FormField.text(name, label: label(indicator, t), value: value, errors: m.errors, hint: hint,
                                   extra: [Attr("inputmode", "numeric"), Attr("pattern", "[0-9.]*"), Attr("maxlength", "9"), .cls("target-input")]),
                ])
            })
        }
        return .group(
            .el("h1", [], [.txt(t.pick(vi: "Chỉ tiêu năm \(m.year)", en: "Annual targets \(m.year)"))]),
            .el("form", [.id("targets-year"), .action(.caseTargets), .getMethod, .cls("filters")], [
                FormField.text("year", label: t.pick(vi: "Năm", en: "Year"), value: String(m.year), errors: m.errors,
                               extra: [Attr("inputmode", "numeric"), Attr("maxlength", "4")]),
                .el("button", [.type("submit")], [.txt(t.pick(vi: "Xem", en: "Show"))]),
            ]),
            .el("p", [.cls("hint")], [.txt(t.pick(
                vi: "Để trống ô nào thì đơn vị đó không có chỉ tiêu. Báo cáo trường hợp so số tiếp nhận với chỉ tiêu của đơn vị được chọn.",
                en: "Leave a box empty for no target. The case report compares what was received with the chosen unit's target."))]),
            FormField.summary(m.errors, t),
            .el("form", [.id("targets-form"), .action(.caseTargets), .postMethod], [
                Layout.csrfField(req),
                FormField.hidden("year", value: String(m.year)),
                DataTable.view(headers: [t.pick(vi: "Đơn vị", en: "Unit")] + TargetIndicator.allCases.map { label($0, t) }, rows: rows, empty: t(.noRecords)),
                FormField.submit(t.pick(vi: "Lưu chỉ tiêu năm \(m.year)", en: "Save the \(m.year) targets")),
            ])
        )
    }
}
