import Foundation
import Fluent
import SQLKit

/// A record edited by people, with a `version` column for optimistic locking.
protocol Versioned: Model where IDValue == UUID {
    var version: Int { get set }
}

extension OrgUnit: Versioned {}
extension User: Versioned {}

/// Saves a record only if nobody saved it since it was read.
enum OptimisticSave {
    /// Claims the next version with a conditional UPDATE (so two concurrent saves cannot both
    /// win, on SQLite or PostgreSQL), then writes the changed fields. Call it inside a
    /// transaction. Returns false when the stored version is no longer `expectedVersion`.
    static func update<M: Versioned>(_ model: M, expectedVersion: Int, on db: any Database) async throws -> Bool {
        // A version no save can have reached (a client sent Int.max): stale, and `+ 1` would trap.
        guard let id = model.id, expectedVersion >= 0, expectedVersion < Int.max else { return false }
        let claimed = try await (db as! any SQLDatabase).update(M.schema)
            .set("version", to: SQLBind(expectedVersion + 1))
            .where("id", .equal, SQLBind(id))
            .where("version", .equal, SQLBind(expectedVersion))
            .returning("id")
            .all()
        guard !claimed.isEmpty else { return false }
        model.version = expectedVersion + 1
        try await model.save(on: db)
        return true
    }
}
