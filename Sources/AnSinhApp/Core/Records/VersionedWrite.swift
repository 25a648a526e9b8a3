import Fluent
import Vapor

extension Request {
    /// Saves a record the user edited, in one transaction: the version they read must still be
    /// the stored one (`OptimisticSave`), then `alongside` writes what goes with the change
    /// (child rows, a history line), then the audit line. Returns false, having written
    /// nothing, when someone saved the record since. The answer that says "saved" comes after
    /// this commit. The audit line names the record, or `about` (a note's case).
    func saveIfCurrent<M: Versioned>(
        _ record: M, expected: Int, audit action: AuditAction, _ entity: AuditEntity, about: UUID? = nil,
        summary: @escaping @Sendable () -> String, alongside: (@Sendable (any Database) async throws -> Void)? = nil
    ) async throws -> Bool {
        try await db.transaction { db -> Bool in
            guard try await OptimisticSave.update(record, expectedVersion: expected, on: db) else { return false }
            try await alongside?(db)
            try await self.audit(action, entity: entity, entityID: (about ?? record.id)?.uuidString, summary: summary(), on: db)
            return true
        }
    }

    /// `saveIfCurrent`, answering 409 with `conflict` (a generic message by default) when stale.
    func saveVersioned<M: Versioned>(
        _ record: M, expected: Int, audit action: AuditAction, _ entity: AuditEntity, conflict: String? = nil,
        summary: @escaping @Sendable () -> String, alongside: (@Sendable (any Database) async throws -> Void)? = nil
    ) async throws {
        guard try await saveIfCurrent(record, expected: expected, audit: action, entity, summary: summary, alongside: alongside) else {
            throw Abort(.conflict, reason: conflict ?? staleRecordMessage)
        }
    }

    /// What a stale save answers when the record has no message of its own.
    var staleRecordMessage: String {
        t.pick(vi: "Bản ghi đã được người khác cập nhật. Hãy tải lại.", en: "Someone else changed this record. Reload it.")
    }
}
