import Fluent
import Vapor

/// A record that belongs to a unit: a user sees it only inside their unit scope (their unit
/// and the units below it; the center's roles see all). Calls, persons, cases, follow-ups
/// and hand-offs are such records; a new module's records adopt this with one line.
protocol UnitOwned: Model where IDValue == UUID {
    /// The record's unit column, for queries (`\.$unitID`).
    static var unitKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension UnitOwned {
    var ownerUnitID: UUID { self[keyPath: Self.unitKey].wrappedValue }
}

extension Request {
    /// The record with this id, or 404 when it does not exist or lies outside the user's
    /// units. Never 403: a record of another office is not confirmed to exist.
    func load<R: UnitOwned>(_ type: R.Type, _ id: UUID?) async throws -> R {
        guard let record = try await visibleRecord(type, id) else { throw Abort(.notFound) }
        return record
    }

    /// The record named by the route's `:id` (404 as `load(_:_:)`).
    func load<R: UnitOwned>(_ type: R.Type) async throws -> R {
        try await load(type, try idParameter())
    }

    /// The record, or nil when it does not exist or lies outside the user's units: for a
    /// link that may be followed or not (`?call=` on a new case).
    func visibleRecord<R: UnitOwned>(_ type: R.Type, _ id: UUID?) async throws -> R? {
        guard let id, let record = try await R.find(id, on: db), try await unitScope().contains(record.ownerUnitID) else { return nil }
        return record
    }

    /// A query of `R` already limited to the user's units.
    func visible<R: UnitOwned>(_ type: R.Type) async throws -> QueryBuilder<R> {
        try await scoped(R.query(on: db), by: R.self)
    }

    /// Limits a query of `R` (or of a model joined to it) to the user's units.
    func scoped<R: UnitOwned, M: Model>(_ query: QueryBuilder<M>, by owner: R.Type) async throws -> QueryBuilder<M> {
        guard case .units(let ids) = try await unitScope() else { return query }
        return query.filter(R.self, R.unitKey ~~ ids)
    }
}
