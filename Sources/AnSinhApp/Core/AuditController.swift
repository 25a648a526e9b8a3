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
        let page = try req.boundedInt("page", default: 1, in: QueryBounds.page)
        var errors = FieldErrors()

        var query = AuditEvent.query(on: req.db)
        if !username.isEmpty { query = query.filter(\.$username == username) }
        if AuditAction(rawValue: action) != nil { query = query.filter(\.$action == action) }
        if !fromText.isEmpty {
            do { let start = try req.boundedDate("from", fromText, acceptDisplayForm: true).startOfDay(); query = query.filter(\.$at >= start) } catch let e as ValidationError { errors["from"] = e.problems.first?.message ?? t(.calendarDateInvalid) }
        }
        if !toText.isEmpty {
            do { let end = try req.boundedDate("to", toText, acceptDisplayForm: true).adding(days: 1).startOfDay(); query = query.filter(\.$at < end) } catch let e as ValidationError { errors["to"] = e.problems.first?.message ?? t(.calendarDateInvalid) }
        }
        let events = try await query.sort(\.$at, .descending).sort(\.$id)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize + 1)).all()  // page ≤ 20,000: no overflow
        let hasNext = events.count > Self.pageSize

        let rows: [BodyNode] = events.prefix(Self.pageSize).map { e in
            .el("tr", [], [
                .el("td", [], [.txt(VNFormat.dateTime(e.at))]),
                .el("td", [], [.txt(e.username ?? "—")]),
                .el("td", [], [.el("code", [], [.txt(e.action)])]),
                .el("td", [], [.txt([e.entityType, e.entityID].compactMap { $0 }.joined(separator: " "))]),
                .el("td", [], [.txt(e.summary)]),
                .el("td", [], [.txt(e.ip ?? "")]),
                .el("td", [], [.el("code", [.cls("small")], [.txt(e.requestID ?? "")])]),
            ])
        }
        func pageLink(_ n: Int, _ label: String) -> BodyNode {
            var items = [URLQueryItem(name: "page", value: String(n))]
            for (k, v) in [("user", username), ("action", action), ("from", fromText), ("to", toText)] where !v.isEmpty {
                items.append(URLQueryItem(name: k, value: v))
            }
            var c = URLComponents()
            c.queryItems = items
            return .el("a", [.hrefRaw(SiteURL.adminAudit.path + (c.string ?? ""))], [.txt(label)])
        }
        let content: BodyNode = .group(
            .el("h1", [], [.txt(t(.auditTitle))]),
            .el("form", [.id("audit-filter"), .action(.adminAudit), .getMethod, .cls("filters")], [
                FormField.text("user", label: t(.auditUser), value: username, errors: errors),
                FormField.select("action", label: t(.auditAction), options: AuditAction.allCases.map { ($0.rawValue, $0.rawValue) },
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
}
