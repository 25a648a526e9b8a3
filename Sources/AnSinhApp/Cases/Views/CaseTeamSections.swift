import AnSinhCore
import Plot
import Vapor

extension CasePage {
    /// Related persons with their role. An alleged abuser is named to the case team only.
    static func participantsSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let c = m.c
        let rows: [BodyNode] = m.participants.map { p in
            .el("tr", [], [
                .el("td", [], [p.personId.map { .link(.person($0), p.fullName ?? "") }
                    ?? .txt(t.pick(vi: "(chỉ nhóm phụ trách xem được)", en: "(visible to the case team only)"))]),
                .el("td", [], [.txt(CaseRole(rawValue: p.role).map(t.caseRole) ?? p.role)]),
                .el("td", [], [.txt(p.details ?? "")]),
                .el("td", [], [p.hidden ? .empty : .el("form", [.action(.casePersonRemove(c.id!, p.id)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req),
                    .el("button", [.type("submit"), .cls("button-secondary")], [.txt(t.pick(vi: "Bỏ khỏi hồ sơ", en: "Remove"))]),
                ])]),
            ])
        }
        return .group(
            .el("h2", [.id("participants")], [.txt(t.pick(vi: "Người liên quan", en: "Related persons"))]),
            m.errors["personId"].map { .el("p", [.cls("field-error")], [.txt($0)]) } ?? .empty,
            DataTable.view(headers: [t.pick(vi: "Họ tên", en: "Name"), t.pick(vi: "Vai trò", en: "Role"),
                                     t.pick(vi: "Ghi chú", en: "Details"), t(.actions)], rows: rows, empty: t(.noRecords)),
            .el("p", [], [.el("a", [.hrefRaw(SiteURL.people.path + "?linkCase=" + c.id!.uuidString.lowercased()), .id("add-participant")],
                              [.txt(t.pick(vi: "Thêm người liên quan", en: "Add a related person"))])])
        )
    }

    /// The case worker, the team, and a transfer to another unit (supervisors and the director).
    static func teamSection(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let c = m.c
        let members: [BodyNode] = m.team.map { u in
            .el("li", [], [
                .txt(u.fullName + " "),
                m.canApprove ? .el("form", [.action(.caseTeamRemove(c.id!, u.id!)), .postMethod, .cls("inline")], [
                    Layout.csrfField(req),
                    .el("button", [.type("submit"), .cls("button-secondary")], [.txt(t.pick(vi: "Bỏ", en: "Remove"))]),
                ]) : .empty,
            ])
        }
        let workerOptions = m.eligibleWorkers.map { ($0.id!.uuidString, $0.fullName) }
        var nodes: [BodyNode] = [
            .el("h2", [.id("team")], [.txt(t.pick(vi: "Nhóm phụ trách", en: "Case team"))]),
            members.isEmpty ? .el("p", [], [.txt(t.pick(vi: "Chưa có thành viên ngoài người phụ trách.", en: "No members besides the case worker."))])
                : .el("ul", [], members),
        ]
        if let transfer = m.pendingTransfer {
            nodes.append(.el("p", [.cls("flash info"), .id("pending-transfer")], [.txt(t.pick(
                vi: "Đang chờ đơn vị khác nhận hồ sơ (gửi \(VNFormat.dateTime(transfer.requestedAt))): \(transfer.reason)",
                en: "Waiting for another unit to accept the case (sent \(VNFormat.dateTime(transfer.requestedAt))): \(transfer.reason)"))]))
        }
        guard m.canApprove else { return .group(nodes) }
        nodes += [
            .el("form", [.id("case-assign"), .action(.caseAssignment(c.id!)), .postMethod], [
                Layout.csrfField(req), FormField.hidden("version", value: String(c.version)),
                FormField.select("assignedTo", label: t.pick(vi: "Người phụ trách", en: "Case worker"), options: workerOptions,
                                 selected: c.assignedTo?.uuidString, errors: m.errors, placeholder: "—"),
                FormField.submit(t.pick(vi: "Giao hồ sơ", en: "Assign")),
            ]),
            .el("form", [.id("case-team-add"), .action(.caseTeam(c.id!)), .postMethod], [
                Layout.csrfField(req),
                FormField.select("userId", label: t.pick(vi: "Thêm vào nhóm", en: "Add to the team"), options: workerOptions,
                                 selected: nil, errors: m.errors, placeholder: "—"),
                FormField.submit(t.pick(vi: "Thêm", en: "Add")),
            ]),
        ]
        if m.pendingTransfer == nil && c.state != .closed {
            nodes.append(.el("form", [.id("case-transfer"), .action(.caseTransfer(c.id!)), .postMethod], [
                Layout.csrfField(req), FormField.hidden("version", value: String(c.version)),
                .el("h3", [], [.txt(t.pick(vi: "Chuyển hồ sơ sang đơn vị khác", en: "Transfer to another unit"))]),
                FormField.select("toUnitId", label: t.pick(vi: "Đơn vị nhận", en: "Receiving unit"),
                                 options: m.transferUnits.map { ($0.id!.uuidString, $0.name) }, selected: nil, errors: m.errors, placeholder: "—"),
                FormField.text("transferReason", label: t.pick(vi: "Lý do chuyển", en: "Reason"), value: "", errors: m.errors),
                FormField.submit(t.pick(vi: "Gửi yêu cầu chuyển", en: "Request the transfer")),
            ]))
        }
        return .group(nodes)
    }
}

/// Transfers to and from the user's units; those waiting for the user's side can be accepted
/// (optionally naming the worker who takes the case) or declined with a reason.
enum TransfersPage {
    struct Model {
        let transfers: [CaseTransfer]
        let cases: [UUID: CaseFile]
        let unitNames: [UUID: String]
        let workers: [UUID: [User]]
        let scope: UnitScope
        let errors: [UUID: String]
        /// Whom each pending transfer waits for.
        var deciders: [UUID: [User]] = [:]
        var userID: UUID?
        var mayDecide = false
    }

    static func view(_ m: Model, _ req: Request) -> BodyNode {
        let t = req.t
        let rows: [BodyNode] = m.transfers.map { tr in
            let c = m.cases[tr.caseID]
            let waitsFor = m.deciders[tr.id!] ?? []
            let decidable = tr.status == .pending && m.mayDecide
                && (m.scope.contains(tr.toUnitID) || waitsFor.contains { $0.id == m.userID })
            var status = t.transferStatus(tr.status) + (tr.comment.map { ": " + $0 } ?? "")
            if tr.status == .pending, !waitsFor.isEmpty {
                status += " · " + t.pick(vi: "chờ ", en: "waiting for ") + waitsFor.map(\.fullName).joined(separator: ", ")
            } else if let at = tr.decidedAt {
                status += " · " + t.pick(vi: "ngày ", en: "on ") + LocalDate(at).description
            }
            let caseCell: BodyNode = c.map { c in m.scope.contains(c.unitID) ? .link(.caseShow(c.id!), c.number) : .txt(c.number) } ?? .empty
            return .el("tr", [.id("transfer-\(tr.id!.uuidString.lowercased())")], [
                .el("td", [], [caseCell, .txt(c.map { " · " + t.caseType($0.type) } ?? "")]),
                .el("td", [], [.txt(m.unitNames[tr.fromUnitID] ?? "")]),
                .el("td", [], [.txt(m.unitNames[tr.toUnitID] ?? "")]),
                .el("td", [], [.txt(tr.reason)]),
                .el("td", [], [.txt(status)]),
                .el("td", [], decidable ? [
                    m.errors[tr.id!].map { .el("p", [.cls("field-error")], [.txt($0)]) } ?? .empty,
                    .el("form", [.action(.caseTransferDecision(tr.id!)), .postMethod, .cls("transfer-decision")], [
                        Layout.csrfField(req),
                        FormField.select("assignedTo", label: t.pick(vi: "Giao cho", en: "Assign to"),
                                         options: (m.workers[tr.toUnitID] ?? []).map { ($0.id!.uuidString, $0.fullName) },
                                         selected: nil, errors: FieldErrors(), placeholder: "—"),
                        FormField.text("comment", label: t.pick(vi: "Ghi chú (bắt buộc khi từ chối)", en: "Comment (required to decline)"),
                                       value: "", errors: FieldErrors()),
                        .el("div", [.cls("button-row")], [
                            .el("button", [.type("submit"), .name("accept"), .value("1"), .cls("primary")], [.txt(t.pick(vi: "Nhận hồ sơ", en: "Accept"))]),
                            .el("button", [.type("submit"), .name("accept"), .value("0"), .cls("button-secondary")], [.txt(t.pick(vi: "Từ chối", en: "Decline"))]),
                        ]),
                    ]),
                ] : []),
            ])
        }
        return .group(
            .el("h1", [], [.txt(t.pick(vi: "Chuyển hồ sơ", en: "Case transfers"))]),
            DataTable.view(headers: [t.pick(vi: "Hồ sơ", en: "Case"), t.pick(vi: "Từ đơn vị", en: "From"), t.pick(vi: "Đến đơn vị", en: "To"),
                                     t.pick(vi: "Lý do", en: "Reason"), t(.status), t(.actions)], rows: rows, empty: t(.noRecords))
        )
    }
}
