import AnSinhCore
import Fluent
import FluentSQL
import SQLKit
import Vapor

/// A list of records, declared once and used by the API, the list page and the export: which
/// query parameters filter it and how, and its order. The list reads the records in the user's
/// units (`UnitOwned`), a page by fetching one row more than it shows, and the export by the
/// same filters in pages, so that the three always mean the same rows.
struct RecordList<M: UnitOwned>: Sendable {
    /// The records the user may see before any filter: those of their units, unless a module
    /// narrows it further (restricted cases).
    var base: @Sendable (Request) async throws -> QueryBuilder<M> = { try await $0.visible(M.self) }
    var filters: [ListFilter<M>]
    /// The list's order; it should end on a unique column so that pages never overlap.
    var order: @Sendable (QueryBuilder<M>) -> QueryBuilder<M>

    /// The visible records matching the request's query parameters, not yet paged.
    func query(_ req: Request) async throws -> QueryBuilder<M> {
        var query = try await base(req)
        for filter in filters {
            guard let raw = req.query[String.self, at: filter.name] else { continue }
            if raw.isEmpty {
                // An empty code means no filter (documented so); an empty date is refused by
                // the API and ignored on a page (`nonEmptyQuery`).
                if !filter.emptyMeansAll { _ = try req.nonEmptyQuery(filter.name) }
                continue
            }
            query = try await filter.apply(query, raw, req)
        }
        return query
    }

    /// One page, and the offset of the next one when there is more. `narrowed` adds what the
    /// page itself decides (a worker's own open cases).
    func page(_ req: Request, _ paging: Paging,
              narrowed: (QueryBuilder<M>) throws -> QueryBuilder<M> = { $0 }) async throws -> (rows: [M], nextOffset: Int?) {
        let rows = try await order(try narrowed(try await query(req))).range(paging.rangeToRead).all()
        return (Array(rows.prefix(paging.limit)), paging.nextOffset(read: rows.count))
    }

    /// Every matching record up to `limit`, read in pages of 1,000 (an export). Paged by
    /// offset like the list, so an export is the list's rows in the list's order.
    func all(_ req: Request, limit: Int = 100_000) async throws -> [M] {
        var rows: [M] = []
        var offset = 0
        while rows.count < limit {
            let (page, next) = try await page(req, Paging(limit: min(1000, limit - rows.count), offset: offset))
            rows += page
            guard let next else { break }
            offset = next
        }
        return rows
    }
}

/// One query parameter of a list and what it does to the query. A value it cannot read
/// answers 422 naming the parameter.
struct ListFilter<M: Model>: Sendable {
    let name: String
    var emptyMeansAll = true
    let apply: @Sendable (QueryBuilder<M>, String, Request) async throws -> QueryBuilder<M>

    init(name: String, emptyMeansAll: Bool = true, apply: @escaping @Sendable (QueryBuilder<M>, String, Request) async throws -> QueryBuilder<M>) {
        self.name = name
        self.emptyMeansAll = emptyMeansAll
        self.apply = apply
    }

    /// `?name=code`: records whose column holds that code.
    static func code<Value: RawRepresentable & Codable & Sendable>(_ name: String, _ key: KeyPath<M, FieldProperty<M, Value>>) -> Self
        where Value.RawValue == String {
        ListFilter(name: name) { query, raw, req in
            guard let value = Value(rawValue: raw) else { throw req.invalidQuery(name) }
            return query.filter(key == value)
        }
    }

    /// `?name=code` on an optional column.
    static func code<Value: RawRepresentable & Codable & Sendable>(_ name: String, _ key: KeyPath<M, OptionalFieldProperty<M, Value>>) -> Self
        where Value.RawValue == String {
        ListFilter(name: name) { query, raw, req in
            guard let value = Value(rawValue: raw) else { throw req.invalidQuery(name) }
            return query.filter(key == value)
        }
    }

    /// `?from=` and `?to=` (local dates, both ends included) on a moment column, bounded in one
    /// place (`boundedDate`; a page's dd/mm/yyyy is translated before, by `PageDateQueryMiddleware`).
    static func dateRange(from: String = "from", to: String = "to", _ key: KeyPath<M, FieldProperty<M, Date>>) -> [Self] {
        [ListFilter(name: from, emptyMeansAll: false) { query, raw, req in
            query.filter(key >= (try req.boundedDate(from, raw)).startOfDay())
        },
         ListFilter(name: to, emptyMeansAll: false) { query, raw, req in
            query.filter(key < (try req.boundedDate(to, raw)).adding(days: 1).startOfDay())
        }]
    }

    /// `?name=value`: records with a row in a child table holding the value, as a correlated
    /// `EXISTS` on the child's (parent, value) key: never the matching ids sent back as binds.
    static func exists(_ name: String, child: String, parentColumn: String, valueColumn: String) -> Self {
        ListFilter(name: name) { query, raw, _ in
            query.filter(.sql(embed: """
                EXISTS (SELECT 1 FROM \(ident: child) child WHERE child.\(ident: parentColumn) = \(ident: M.schema).id \
                AND child.\(ident: valueColumn) = \(bind: raw))
                """))
        }
    }

    /// `?name=<unit id>`: records of that unit and the units below it (within the user's scope,
    /// which the list applies anyway).
    static func unitSubtree(_ name: String = "unit", _ key: KeyPath<M, FieldProperty<M, UUID>>) -> Self {
        ListFilter(name: name, emptyMeansAll: false) { query, raw, req in
            guard let id = UUID(uuidString: raw) else { throw req.invalidQuery(name) }
            return query.filter(key ~~ (try await UnitTree.load(on: req.db).subtree(of: id)))
        }
    }
}
