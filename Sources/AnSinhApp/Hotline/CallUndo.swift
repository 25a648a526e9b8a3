import AnSinhCore
import Fluent
import Vapor

/// A call just saved on the intake screen, shown for a moment with "Hoàn tác": one key
/// (Alt+1) saves a call, so a key pressed twice must be as easy to take back.
struct SavedCallNotice {
    let id: UUID
    let kind: CallKind
    let startedAt: Date
    /// How long "Hoàn tác" still works, in whole seconds of the server's clock (the browser's
    /// may differ); nil when it no longer does.
    let undoSecondsLeft: Int?

    static let undoWindow: TimeInterval = 10

    /// The call named by `?saved=`, if this user saved it in one of their units.
    static func load(_ req: Request) async throws -> SavedCallNotice? {
        guard let raw = req.query[String.self, at: "saved"], let id = UUID(uuidString: raw),
              let call = try await Call.find(id, on: req.db), call.createdBy == (try req.user.id),
              try await req.unitScope().contains(call.unitID) else { return nil }
        let now = req.application.clock.now()
        let left = call.createdAt.map { Int((undoWindow - now.timeIntervalSince($0)).rounded(.down)) }
        return SavedCallNotice(id: id, kind: call.kind, startedAt: call.startedAt, undoSecondsLeft: left.flatMap { $0 > 0 ? $0 : nil })
    }
}

extension HotlineController {
    /// Takes back a call this user saved less than 10 seconds ago: the call, its topics and
    /// anything the intake wrote with it are deleted in one transaction; the audit log keeps
    /// both the creation and the undo. Later, or for anyone else's call, it is an edit instead.
    func undoCall(_ req: Request) async throws -> Response {
        let user = try req.user
        let call = try await req.load(Call.self)
        let now = req.application.clock.now()
        guard call.createdBy == user.id, let created = call.createdAt,
              now.timeIntervalSince(created) <= SavedCallNotice.undoWindow else {
            req.flash(.error, .callUndoTooLate)
            return req.redirect(to: .hotlineCall(call.id!))
        }
        let id = call.id!
        let undone = try await req.db.transaction { db -> Bool in
            // A case opened from the call already points at it: that is no longer a slip.
            guard try await CaseFile.query(on: db).filter(\.$sourceCallID == id).count() == 0 else { return false }
            try await CallTopic.query(on: db).filter(\.$callID == id).delete()
            try await Handoff.query(on: db).filter(\.$callID == id).delete()
            try await ExpertQuestion.query(on: db).filter(\.$callID == id).delete()
            try await call.delete(on: db)
            try await req.audit(.callUndone, entity: .call, entityID: id.uuidString, summary: call.kind.rawValue, on: db)
            return true
        }
        guard undone else {
            req.flash(.error, .callUndoTooLate)
            return req.redirect(to: .hotlineCall(id))
        }
        req.flash(.success, .callUndone)
        return req.redirect(to: .hotlineCallNew)
    }
}
