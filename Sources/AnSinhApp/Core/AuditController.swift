import AnSinhCore
import Fluent
import Vapor

/// The admin's view of the audit log: newest first, filtered by user, action and period,
/// paged by fetching one row more than shown instead of counting.
struct AuditController {
    static let pageSize = 50

    func list(_ req: Request) async throws -> Response {
        let t = req.t
        let username = req.query[String.self, at: "user"]?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let action = req.query[String.self, at: "action"] ?? ""
        let fromText = req.query[String.self, at: "from"] ?? ""
        let toText = req.query[String.self, at: "to"] ?? ""
        // One record's whole history (the link beside each record).
        let record = req.query[String.self, at: "record"].flatMap(UUID.init(uuidString:))
        let page = try req.boundedInt("page", default: 1, in: QueryBounds.page)
        var errors = FieldErrors()

        var query = AuditEvent.query(on: req.db)
        if !username.isEmpty { query = query.filter(\.$username == username) }
        if AuditAction(rawValue: action) != nil { query = query.filter(\.$action == action) }
        if let record { query = query.filter(\.$entityID ~~ [record.uuidString, record.uuidString.lowercased()]) }
        if !fromText.isEmpty {
            do { let start = try req.boundedDate("from", fromText, acceptDisplayForm: true).startOfDay(); query = query.filter(\.$at >= start) } catch let e as ValidationError { errors["from"] = e.problems.first?.message ?? t(.calendarDateInvalid) }
        }
        if !toText.isEmpty {
            do { let end = try req.boundedDate("to", toText, acceptDisplayForm: true).adding(days: 1).startOfDay(); query = query.filter(\.$at < end) } catch let e as ValidationError { errors["to"] = e.problems.first?.message ?? t(.calendarDateInvalid) }
        }
        let events = try await query.sort(\.$at, .descending).sort(\.$id)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize + 1)).all()  // page ≤ 20,000: no overflow
        let hasNext = events.count > Self.pageSize

        let shown = Array(events.prefix(Self.pageSize))
        let names = try await AuditNames.load(for: shown, on: req.db)
        let summary = AuditSummaryText(names: names.records, t: t)
        let rows: [BodyNode] = shown.map { e in
            .el("tr", [], [
                .el("td", [], [.txt(VNFormat.dateTime(e.at))]),
                .el("td", [], [.txt(e.username.map { u in names.people[u].map { "\($0) (\(u))" } ?? u } ?? "—")]),
                .el("td", [], [.txt(AuditAction(rawValue: e.action).map(t.auditAction) ?? e.action)]),
                .el("td", [], [Self.record(e, names, t)]),
                .el("td", [], [.txt(summary.text(e.summary))]),
                .el("td", [], [.txt(e.ip ?? "")]),
                .el("td", [], [.el("code", [.cls("small")], [.txt(e.requestID ?? "")])]),
            ])
        }
        func pageLink(_ n: Int, _ label: String) -> BodyNode {
            var items = [URLQueryItem(name: "page", value: String(n))]
            for (k, v) in [("user", username), ("action", action), ("from", fromText), ("to", toText),
                           ("record", record?.uuidString.lowercased() ?? "")] where !v.isEmpty {
                items.append(URLQueryItem(name: k, value: v))
            }
            var c = URLComponents()
            c.queryItems = items
            return .el("a", [.hrefRaw(SiteURL.adminAudit.path + (c.string ?? ""))], [.txt(label)])
        }
        let content: BodyNode = .group(
            .el("h1", [], [.txt(t(.auditTitle))]),
            record.map { _ in .el("p", [.id("audit-record")], [
                .txt(t.pick(vi: "Mọi thao tác trên một bản ghi. ", en: "Everything done to one record. ")),
                .link(.adminAudit, t.pick(vi: "Xem toàn bộ nhật ký", en: "See the whole log")),
            ]) } ?? .empty,
            .el("form", [.id("audit-filter"), .action(.adminAudit), .getMethod, .cls("filters")], [
                FormField.text("user", label: t(.auditUser), value: username, errors: errors),
                FormField.select("action", label: t(.auditAction), options: AuditAction.allCases.map { ($0.rawValue, t.auditAction($0)) },
                             selected: action, errors: errors, placeholder: "—"),
                FormField.text("from", label: t(.auditFrom), value: fromText, errors: errors, extra: [Attr("placeholder", "dd/mm/yyyy")]),
                FormField.text("to", label: t(.auditTo), value: toText, errors: errors, extra: [Attr("placeholder", "dd/mm/yyyy")]),
                .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
            DataTable.view(headers: [t(.auditTime), t(.auditUser), t(.auditAction), t(.auditEntity), t(.auditSummary), t(.auditIP), t(.auditRequest)],
                           rows: rows, empty: t(.noRecords)),
            .el("nav", [.cls("pager"), .aria("label", t(.next))], [
                page > 1 ? pageLink(page - 1, t(.previous)) : .empty,
                hasNext ? pageLink(page + 1, t(.next)) : .empty,
            ])
        )
        return await Layout.page(req, title: t(.auditTitle), content: content)
    }

    /// The record an event is about, by name where the administrator may know it: units and
    /// accounts by name with a link, a case by its number; a person, a call and the rest by
    /// kind only (their contents are the clients', not the administrator's). Each links to
    /// its whole history.
    private static func record(_ e: AuditEvent, _ names: AuditNames, _ t: Localizer) -> BodyNode {
        guard let type = e.entityType else { return .empty }
        let label = t.auditEntity(type)
        guard let raw = e.entityID, let id = UUID(uuidString: raw) else { return .txt(label) }
        let key = id.uuidString.lowercased()
        var name: BodyNode = .empty
        switch type {
        case "unit": name = names.records[key].map { .link(.adminUnitEdit(id), $0) } ?? .empty
        case "user": name = names.records[key].map { .link(.adminUserEdit(id), $0) } ?? .empty
        case "case": name = names.cases[key].map { .txt($0) } ?? .empty
        default: break
        }
        return .group(.txt(label + " "), name, .txt(" "),
                      .el("a", [.hrefRaw(SiteURL.adminAudit.path + "?record=" + key), .cls("small")],
                          [.txt(t.pick(vi: "(lịch sử)", en: "(history)"))]))
    }
}

/// The names the audit page shows, loaded in one query per table for the events on the page.
struct AuditNames {
    /// Username → full name.
    var people: [String: String] = [:]
    /// Lowercased id → name, for units and accounts.
    var records: [String: String] = [:]
    /// Lowercased id → case number.
    var cases: [String: String] = [:]

    static func load(for events: [AuditEvent], on db: any Database) async throws -> AuditNames {
        var names = AuditNames()
        let usernames = Set(events.compactMap(\.username))
        if !usernames.isEmpty {
            for u in try await User.query(on: db).filter(\.$username ~~ Array(usernames)).all() { names.people[u.username] = u.fullName }
        }
        var ids = Set(events.flatMap { AuditSummaryText.ids(in: $0.summary) })
        var caseIDs: Set<UUID> = []
        for e in events {
            guard let id = e.entityID.flatMap(UUID.init(uuidString:)) else { continue }
            if e.entityType == "case" { caseIDs.insert(id) } else if e.entityType == "unit" || e.entityType == "user" { ids.insert(id) }
        }
        if !ids.isEmpty {
            for u in try await OrgUnit.query(on: db).filter(\.$id ~~ Array(ids)).all() { names.records[u.id!.uuidString.lowercased()] = u.name }
            for u in try await User.query(on: db).filter(\.$id ~~ Array(ids)).all() { names.records[u.id!.uuidString.lowercased()] = u.fullName }
        }
        if !caseIDs.isEmpty {
            for c in try await CaseFile.query(on: db).filter(\.$id ~~ Array(caseIDs)).all() { names.cases[c.id!.uuidString.lowercased()] = c.number }
        }
        return names
    }
}
