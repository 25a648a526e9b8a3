import AnSinhCore
import Fluent
import Vapor

/// Who works on a case and who else is in it: related persons with their role, the assigned
/// worker, the team, and transfers to another unit. The operations are shared by the API
/// (`CaseTeamAPIController`) and the case page (`CaseTeamPages`).
enum CaseTeam {
    struct ParticipantInput: Content {
        var personId: UUID?
        var role: String?
        var details: String?
    }

    struct ParticipantOutput: Content {
        let id: UUID
        let role: String
        /// Nil, with `hidden` true, for an alleged abuser shown to someone outside the case team.
        let personId: UUID?
        let fullName: String?
        let details: String?
        let hidden: Bool
    }

    struct AssignmentInput: Content {
        var assignedTo: UUID?
        var version: Int?
    }

    struct TeamInput: Content {
        var userId: UUID?
    }

    struct TransferInput: Content {
        var toUnitId: UUID?
        var reason: String?
        var version: Int?
    }

    struct DecisionInput: Content {
        var accept: Bool?
        var comment: String?
        /// The worker of the receiving unit who takes the case, if known.
        var assignedTo: UUID?
    }

    struct TransferOutput: Content {
        let id: UUID
        let caseId: UUID
        let caseNumber: String?
        let fromUnitId: UUID
        let toUnitId: UUID
        let reason: String
        let status: String
        let requestedBy: UUID?
        let requestedAt: String
        let decidedBy: UUID?
        let decidedAt: String?
        let comment: String?

        init(_ t: CaseTransfer, number: String?) {
            id = t.id!; caseId = t.caseID; caseNumber = number; fromUnitId = t.fromUnitID; toUnitId = t.toUnitID
            reason = t.reason; status = t.status.rawValue; requestedBy = t.requestedBy; requestedAt = ISODateTime.format(t.requestedAt)
            decidedBy = t.decidedBy; decidedAt = t.decidedAt.map(ISODateTime.format); comment = t.comment
        }
    }

    // MARK: Related persons

    /// The case team in the narrow sense: the assigned worker, the author and the members.
    /// Only they see who the alleged abuser is (supervisors can join the team, audited).
    static func isTeam(_ c: CaseFile, _ req: Request) async throws -> Bool {
        let user = try req.user
        if c.assignedTo == user.id || c.createdBy == user.id { return true }
        return try await CaseTeamMember.query(on: req.db).filter(\.$caseID == c.id!).filter(\.$userID == user.id!).first() != nil
    }

    static func participants(of c: CaseFile, _ req: Request) async throws -> [ParticipantOutput] {
        let rows = try await CaseParticipant.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$createdAt).all()
        guard !rows.isEmpty else { return [] }
        let team = try await isTeam(c, req)
        let names = Dictionary(uniqueKeysWithValues: try await Person.query(on: req.db).filter(\.$id ~~ rows.map(\.personID)).all()
            .map { ($0.id!, $0.fullName) })
        return rows.map { p in
            let hidden = p.role == .allegedAbuser && !team
            return ParticipantOutput(id: p.id!, role: p.role.rawValue, personId: hidden ? nil : p.personID,
                                     fullName: hidden ? nil : names[p.personID], details: hidden ? nil : p.details, hidden: hidden)
        }
    }

    static func addParticipant(_ input: ParticipantInput, to c: CaseFile, _ req: Request) async throws -> CaseParticipant {
        let t = req.t
        var problems: [FieldProblem] = []
        let role = input.role.flatMap(CaseRole.init(rawValue:))
        if role == nil { problems.append(.init(field: "role", message: t.pick(vi: "Chọn vai trò trong vụ việc.", en: "Choose the role in the case."))) }
        var person: Person?
        if let id = input.personId, let p = try await Person.find(id, on: req.db), try await req.unitScope().contains(p.unitID) { person = p }
        if person == nil {
            problems.append(.init(field: "personId", message: t.pick(vi: "Không có hồ sơ đối tượng này.", en: "No such person record.")))
        } else if person?.id == c.personID {
            problems.append(.init(field: "personId", message: t.pick(vi: "Đây là người được hỗ trợ của hồ sơ.", en: "This is the person the case is about.")))
        } else if let existing = try await CaseParticipant.query(on: req.db).filter(\.$caseID == c.id!).filter(\.$personID == person!.id!).first() {
            // Outside the team, "already in the case" would tell who the hidden abuser is.
            let team = try await isTeam(c, req)
            let hidden = existing.role == .allegedAbuser && !team
            problems.append(.init(field: "personId", message: hidden ? t.pick(vi: "Không thêm được người này.", en: "This person cannot be added.")
                                                                     : t.pick(vi: "Người này đã có trong hồ sơ.", en: "This person is already in the case.")))
        }
        let details = input.details.map(VietnameseText.nfc).flatMap { $0.isEmpty ? nil : $0 }
        if let d = details, d.count > 2000 { problems.append(.init(field: "details", message: t.pick(vi: "Ghi chú quá dài.", en: "The details are too long."))) }
        guard problems.isEmpty, let role, let person else { throw ValidationError(problems, req) }
        let p = CaseParticipant()
        p.id = UUID()
        p.caseID = c.id!
        p.personID = person.id!
        p.role = role
        p.details = details
        p.createdBy = try req.user.id
        try await req.db.transaction { db in
            try await p.create(on: db)
            // Who an alleged abuser is stays out of the audit, which supervisors read.
            try await req.audit(.caseParticipantAdded, entity: .caseFile, entityID: c.id?.uuidString,
                                summary: role == .allegedAbuser ? role.rawValue : "\(role.rawValue) person \(person.id!.uuidString)", on: db)
        }
        return p
    }

    static func removeParticipant(_ id: UUID, from c: CaseFile, _ req: Request) async throws {
        guard let p = try await CaseParticipant.find(id, on: req.db), p.caseID == c.id else { throw Abort(.notFound) }
        // Someone who cannot see an abuser's record cannot remove it either.
        if p.role == .allegedAbuser, try await !isTeam(c, req) { throw Abort(.notFound) }
        try await req.db.transaction { db in
            try await p.delete(on: db)
            try await req.audit(.caseParticipantRemoved, entity: .caseFile, entityID: c.id?.uuidString,
                                summary: p.role == .allegedAbuser ? p.role.rawValue : "\(p.role.rawValue) person \(p.personID.uuidString)", on: db)
        }
    }

    // MARK: Assignment and team

    /// Whether an account may work on cases of a unit: active, a case role, the unit in its scope.
    static func mayWork(_ user: User, onUnit unitID: UUID, _ db: any Database) async throws -> Bool {
        guard user.active, Policy.manageCases.allows(user.role) else { return false }
        if user.role.seesWholeCenter { return true }
        return try await UnitTree.load(on: db).subtree(of: user.unitID).contains(unitID)
    }

    /// The accounts a case of a unit can be given to, by name.
    static func eligibleWorkers(forUnit unitID: UUID, _ db: any Database) async throws -> [User] {
        let tree = try await UnitTree.load(on: db)
        return try await User.query(on: db).filter(\.$active == true).sort(\.$fullName).all().filter { u in
            Policy.manageCases.allows(u.role) && (u.role.seesWholeCenter || tree.subtree(of: u.unitID).contains(unitID))
        }
    }

    static func assign(_ input: AssignmentInput, _ c: CaseFile, _ req: Request) async throws {
        let t = req.t
        guard let version = input.version else {
            throw ValidationError([.init(field: "version", message: t.pick(vi: "Thiếu phiên bản bản ghi (version).", en: "The record's version is required."))], req)
        }
        var worker: User?
        if let id = input.assignedTo {
            worker = try await User.find(id, on: req.db)
            if let w = worker, try await !mayWork(w, onUnit: c.unitID, req.db) { worker = nil }
            if worker == nil {
                throw ValidationError([.init(field: "assignedTo", message: t.pick(vi: "Người này không thể phụ trách hồ sơ của đơn vị.", en: "This account cannot work on the unit's cases."))], req)
            }
        }
        let before = c.assignedTo
        let name = worker?.username ?? "—"
        c.assignedTo = worker?.id
        try await req.saveVersioned(c, expected: version, audit: .caseAssigned, .caseFile, conflict: CaseWriter.staleMessage(req.t)) {
            "\(before?.uuidString ?? "—") → \(name)"
        }
    }

    static func addTeamMember(_ input: TeamInput, _ c: CaseFile, _ req: Request) async throws {
        guard let id = input.userId, let user = try await User.find(id, on: req.db), try await mayWork(user, onUnit: c.unitID, req.db) else {
            throw ValidationError([.init(field: "userId", message: req.t.pick(vi: "Người này không thể tham gia hồ sơ của đơn vị.", en: "This account cannot join the unit's cases."))], req)
        }
        guard try await CaseTeamMember.query(on: req.db).filter(\.$caseID == c.id!).filter(\.$userID == id).first() == nil else { return }
        try await req.db.transaction { db in
            try await CaseTeamMember(caseID: c.id!, userID: id).create(on: db)
            try await req.audit(.caseTeamChanged, entity: .caseFile, entityID: c.id?.uuidString, summary: "+ \(user.username)", on: db)
        }
    }

    static func removeTeamMember(_ userID: UUID, _ c: CaseFile, _ req: Request) async throws {
        guard let m = try await CaseTeamMember.query(on: req.db).filter(\.$caseID == c.id!).filter(\.$userID == userID).first() else {
            throw Abort(.notFound)
        }
        try await req.db.transaction { db in
            try await m.delete(on: db)
            try await req.audit(.caseTeamChanged, entity: .caseFile, entityID: c.id?.uuidString, summary: "− \(userID.uuidString)", on: db)
        }
    }

    static func members(of c: CaseFile, _ db: any Database) async throws -> [User] {
        let ids = try await CaseTeamMember.query(on: db).filter(\.$caseID == c.id!).all().map(\.userID)
        return ids.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ ids).sort(\.$fullName).all()
    }

    static func conflict(_ req: Request) -> Abort {
        Abort(.conflict, reason: CaseWriter.staleMessage(req.t))
    }
}
