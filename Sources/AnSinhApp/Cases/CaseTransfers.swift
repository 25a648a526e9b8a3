import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// Transfers of a case to another unit: requested by a supervisor or the director of the sending
/// side, accepted or declined by one of the receiving side. The case moves only on acceptance.
extension CaseTeam {
    static func pendingTransfer(of c: CaseFile, _ db: any Database) async throws -> CaseTransfer? {
        try await CaseTransfer.query(on: db).filter(\.$caseID == c.id!).filter(\.$status == .pending).first()
    }

    static func requestTransfer(_ input: TransferInput, _ c: CaseFile, _ req: Request) async throws -> CaseTransfer {
        let t = req.t
        var problems: [FieldProblem] = []
        var unit: OrgUnit?
        if let id = input.toUnitId { unit = try await OrgUnit.find(id, on: req.db) }
        if unit == nil || unit?.active == false {
            problems.append(.init(field: "toUnitId", message: t.pick(vi: "Chọn đơn vị nhận.", en: "Choose the receiving unit.")))
        } else if unit?.id == c.unitID {
            problems.append(.init(field: "toUnitId", message: t.pick(vi: "Hồ sơ đã thuộc đơn vị này.", en: "The case already belongs to this unit.")))
        }
        let reason = (input.reason.map(VietnameseText.nfc) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { problems.append(.init(field: "transferReason", message: t.pick(vi: "Cần ghi lý do chuyển.", en: "A reason is required."))) }
        if c.state == .closed {
            problems.append(.init(field: "toUnitId", message: t.pick(vi: "Hồ sơ đã kết thúc.", en: "The case is closed.")))
        }
        if try await pendingTransfer(of: c, req.db) != nil {
            problems.append(.init(field: "toUnitId", message: t.pick(vi: "Hồ sơ đang chờ đơn vị khác nhận.", en: "A transfer of this case is already waiting.")))
        }
        guard let version = input.version else {
            throw ValidationError(problems + [.init(field: "version", message: t.pick(vi: "Thiếu phiên bản bản ghi (version).", en: "The record's version is required."))], req)
        }
        guard problems.isEmpty, let unit else { throw ValidationError(problems, req) }
        let transfer = CaseTransfer()
        transfer.id = UUID()
        transfer.caseID = c.id!
        transfer.fromUnitID = c.unitID
        transfer.toUnitID = unit.id!
        transfer.reason = reason
        transfer.status = .pending
        transfer.requestedBy = try req.user.id
        transfer.requestedAt = req.application.clock.now()
        // Claiming the case's version makes two requests from stale pages conflict instead of
        // leaving two pending transfers.
        let code = unit.code
        try await req.saveVersioned(c, expected: version, audit: .caseTransferRequested, .caseFile, conflict: CaseWriter.staleMessage(req.t),
                                    summary: { "→ \(code)" }) { db in try await transfer.create(on: db) }
        return transfer
    }

    /// The transfers to or from the user's units, newest first. Case workers see those of
    /// restricted cases only when the case is theirs (sending side): a restricted case is not
    /// the receiving staff's until it is accepted and assigned.
    static func transfers(_ req: Request, status: TransferStatus?) async throws -> [CaseTransfer] {
        var query = CaseTransfer.query(on: req.db)
        if case .units(let ids) = try await req.unitScope() {
            query = query.group(.or) { $0.filter(\.$toUnitID ~~ ids).filter(\.$fromUnitID ~~ ids) }
        }
        if let status { query = query.filter(\.$status == status) }
        let rows = try await query.sort(\.$requestedAt, .descending).limit(200).all()
        let user = try req.user
        guard !Policy.approveCases.allows(user.role), !rows.isEmpty else { return rows }
        let visible = Set(try await CaseAccess.visible(req).filter(\.$id ~~ rows.map(\.caseID).uniqued()).all().map { $0.id! })
        let restricted = Set(try await CaseFile.query(on: req.db).filter(\.$id ~~ rows.map(\.caseID).uniqued())
            .filter(\.$restricted == true).all().map { $0.id! })
        return rows.filter { !restricted.contains($0.caseID) || visible.contains($0.caseID) }
    }

    /// Loads a transfer the user may decide: 404 unless the receiving unit is in the user's
    /// scope or the transfer was routed to the user (`CaseTransfers.deciders`).
    static func loadTransfer(_ req: Request) async throws -> CaseTransfer {
        guard let t = try await CaseTransfer.find(try req.idParameter(), on: req.db) else { throw Abort(.notFound) }
        let user = try req.user
        if try await req.unitScope().contains(t.toUnitID) { return t }
        if try await CaseTransfers.deciders(of: t, req.db).contains(where: { $0.id == user.id }) { return t }
        throw Abort(.notFound)
    }

    static func decide(_ transfer: CaseTransfer, _ input: DecisionInput, _ req: Request) async throws {
        let t = req.t
        guard transfer.status == .pending else {
            throw ValidationError([.init(field: "accept", message: t.pick(vi: "Yêu cầu chuyển này đã được xử lý.", en: "This transfer has already been decided."))], req)
        }
        guard let accept = input.accept else {
            throw ValidationError([.init(field: "accept", message: t.pick(vi: "Chọn nhận hoặc từ chối.", en: "Accept or decline."))], req)
        }
        let comment = input.comment.map(VietnameseText.nfc).flatMap { $0.isEmpty ? nil : $0 }
        if !accept, comment == nil {
            throw ValidationError([.init(field: "comment", message: t.pick(vi: "Cần ghi lý do từ chối.", en: "Say why the transfer is declined."))], req)
        }
        // Like a plan, a transfer is not approved by the one who asked for it: the receiving side decides.
        // The requester may still decline, which withdraws the request.
        // Unless the requester is the only one who may decide (a director's request to an office
        // without a supervisor).
        if accept, transfer.requestedBy == (try req.user.id),
           try await CaseTransfers.deciders(of: transfer, req.db).map(\.id) != [transfer.requestedBy] {
            throw ValidationError([.init(field: "accept", message: t.pick(vi: "Người đề nghị chuyển không tự nhận hồ sơ; người của đơn vị nhận quyết định.",
                                                                          en: "The one who asked for the transfer does not accept it; someone of the receiving unit decides."))], req)
        }
        guard let c = try await CaseFile.find(transfer.caseID, on: req.db) else { throw Abort(.notFound) }
        var worker: User?
        if accept, let id = input.assignedTo {
            worker = try await User.find(id, on: req.db)
            if let w = worker, try await !mayWork(w, onUnit: transfer.toUnitID, req.db) { worker = nil }
            if worker == nil {
                throw ValidationError([.init(field: "assignedTo", message: t.pick(vi: "Người này không thể phụ trách hồ sơ của đơn vị nhận.", en: "This account cannot work on the receiving unit's cases."))], req)
            }
        }
        let user = try req.user
        transfer.status = accept ? .accepted : .declined
        transfer.decidedBy = user.id
        transfer.decidedAt = req.application.clock.now()
        transfer.comment = comment
        let expected = c.version
        let workerID = worker?.id
        let saved = try await req.db.transaction { db -> Bool in
            // Only a pending row may be decided: of two decisions racing, the second claims nothing.
            let claimed = try await (db as! any SQLDatabase).update(CaseTransfer.schema)
                .set("status", to: SQLBind(transfer.status.rawValue))
                .where("id", .equal, SQLBind(transfer.id!))
                .where("status", .equal, SQLBind(TransferStatus.pending.rawValue))
                .returning("id").all()
            guard !claimed.isEmpty else { return false }
            try await transfer.save(on: db)
            if accept {
                c.unitID = transfer.toUnitID
                c.assignedTo = workerID
                guard try await OptimisticSave.update(c, expectedVersion: expected, on: db) else { return false }
                try await movePerson(c.personID, from: transfer.fromUnitID, to: transfer.toUnitID, keepingFor: c.id!, db)
            }
            try await req.audit(accept ? .caseTransferAccepted : .caseTransferDeclined, entity: .caseFile, entityID: c.id?.uuidString,
                                summary: comment ?? "", on: db)
            return true
        }
        guard saved else { throw conflict(req) }
    }

    /// The person record follows the case when no other case of the sending unit refers to it;
    /// otherwise it stays, and the receiving unit reaches the person through the case.
    static func movePerson(_ personID: UUID, from: UUID, to: UUID, keepingFor caseID: UUID, _ db: any Database) async throws {
        let others = try await CaseFile.query(on: db).filter(\.$personID == personID).filter(\.$unitID == from).filter(\.$id != caseID).count()
        guard others == 0 else { return }
        guard try await Person.query(on: db).filter(\.$id == personID).filter(\.$unitID == from).count() == 1 else { return }
        try await Person.query(on: db).filter(\.$id == personID).set(\.$unitID, to: to).update()
        // The name index carries the unit too (searches are limited to the user's units).
        try await (db as! any SQLDatabase).update("person_name_tokens").set("unit_id", to: SQLBind(to))
            .where("person_id", .equal, SQLBind(personID)).run()
    }
}

/// Who a transfer waits for. The supervisors of the receiving unit decide; a unit without an
/// active supervisor hands the decision to the nearest unit above it that has one, and a
/// chain without any to the directors (a transfer to an office without a supervisor stayed
/// stuck, seen by no one). The one who asked is skipped: the receiving side decides.
enum CaseTransfers {
    /// The accounts a transfer to `unitID` asked by `requester` goes to, from `staff` (the
    /// active supervisors and directors).
    static func deciders(ofUnit unitID: UUID, requester: UUID?, tree: UnitTree, staff: [User]) -> [User] {
        let parents = Dictionary(uniqueKeysWithValues: tree.units.map { ($0.id!, $0.parentID) })
        let others = staff.filter { $0.id != requester }
        var unit: UUID? = unitID
        var seen: Set<UUID> = []
        while let u = unit, seen.insert(u).inserted {
            let here = others.filter { $0.role == .supervisor && $0.unitID == u }
            if !here.isEmpty { return here }
            unit = parents[u] ?? nil
        }
        let directors = others.filter { $0.role == .director }
        // A director who asked, with no one else to decide, decides.
        return directors.isEmpty ? staff.filter { $0.role == .director } : directors
    }

    /// The active supervisors and directors, the only accounts a transfer can go to.
    static func deciderStaff(_ db: any Database) async throws -> [User] {
        try await User.query(on: db).filter(\.$active == true).filter(\.$role ~~ [.supervisor, .director]).sort(\.$fullName).all()
    }

    static func deciders(of transfer: CaseTransfer, _ db: any Database) async throws -> [User] {
        deciders(ofUnit: transfer.toUnitID, requester: transfer.requestedBy, tree: try await UnitTree.load(on: db), staff: try await deciderStaff(db))
    }

    /// Each pending transfer with the accounts it waits for.
    static func deciders(of transfers: [CaseTransfer], _ db: any Database) async throws -> [UUID: [User]] {
        let pending = transfers.filter { $0.status == .pending }
        guard !pending.isEmpty else { return [:] }
        let tree = try await UnitTree.load(on: db)
        let staff = try await deciderStaff(db)
        return Dictionary(uniqueKeysWithValues: pending.map { t in
            (t.id!, deciders(ofUnit: t.toUnitID, requester: t.requestedBy, tree: tree, staff: staff))
        })
    }

    /// Pending transfers waiting for `user`: those routed to them to decide, and, for the other
    /// staff of the receiving unit, those coming to it (not restricted cases: those are not
    /// theirs until accepted).
    static func waiting(for user: User, on db: any Database) async throws -> [CaseTransfer] {
        guard Policy.manageCases.allows(user.role) else { return [] }
        // Only transfers that can wait for the user: to their unit, or for a supervisor to a unit
        // below theirs (one without a supervisor hands it up); the director, any.
        var query = CaseTransfer.query(on: db).filter(\.$status == .pending)
        if user.role != .director {
            let units = user.role == .supervisor ? Array(try await UnitTree.load(on: db).subtree(of: user.unitID)) : [user.unitID]
            query = query.filter(\.$toUnitID ~~ units)
        }
        let pending = try await query.sort(\.$requestedAt).limit(1000).all()
        guard !pending.isEmpty else { return [] }
        let deciders = try await deciders(of: pending, db)
        let restricted = Set(try await CaseFile.query(on: db).filter(\.$id ~~ pending.map(\.caseID).uniqued())
            .filter(\.$restricted == true).all().map { $0.id! })
        return pending.filter { t in
            if deciders[t.id!]?.contains(where: { $0.id == user.id }) == true { return true }
            return t.toUnitID == user.unitID && t.requestedBy != user.id && !restricted.contains(t.caseID)
        }
    }

    /// The accepted transfer that took a case out of the user's units, if the user's units sent
    /// it: the sender's link to the case then says where it went instead of "not found".
    static func sentAway(_ caseID: UUID, _ req: Request) async throws -> CaseTransfer? {
        let accepted = try await CaseTransfer.query(on: req.db).filter(\.$caseID == caseID).filter(\.$status == .accepted)
            .sort(\.$decidedAt, .descending).first()
        guard let accepted, try await req.unitScope().contains(accepted.fromUnitID) else { return nil }
        return accepted
    }
}
