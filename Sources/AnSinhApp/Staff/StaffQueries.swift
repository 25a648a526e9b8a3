import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// The staff register's list and its figure.
enum StaffQueries {
    /// By name (`q`: words of the name, tone marks optional); the unit filter narrows it to an office.
    static let list = RecordList<StaffMember>(filters: [
        .unitSubtree("unit", \.$unitID),
        .code("employment", \.$employment),
        ListFilter(name: "q") { query, raw, _ in
            query.filter(\.$searchKey, .contains(inverse: false, .anywhere), VietnameseText.fold(String(raw.prefix(60))))
        },
        ListFilter(name: "active") { query, flag, req in
            guard ["0", "1"].contains(flag) else { throw req.invalidQuery("active") }
            return query.filter(\.$active == (flag == "1"))
        },
    ], order: { $0.sort(\.$searchKey).sort(\.$id) })

    /// One row of the figure "staff by unit and type".
    struct Count: Content, Equatable {
        let unitId: UUID
        let unit: String
        let employment: String
        let count: Int
    }

    /// Active staff by unit and type, within the user's units: one GROUP BY.
    static func counts(_ req: Request) async throws -> [Count] {
        let sql = req.db as! any SQLDatabase
        var query = sql.select().column("unit_id").column("employment").column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(StaffMember.schema).where("active", .equal, SQLBind(true))
        if case .units(let ids) = try await req.unitScope() {
            query = query.where("unit_id", .in, SQLBind.group(Array(ids)))
        }
        struct Row: Decodable { let unit_id: UUID; let employment: String; let n: Int }
        let rows = try await query.groupBy("unit_id").groupBy("employment").all(decoding: Row.self)
        let tree = try await UnitTree.load(on: req.db)
        let order = Dictionary(uniqueKeysWithValues: tree.ordered().enumerated().map { ($1.unit.id!, $0) })
        let names = Dictionary(uniqueKeysWithValues: tree.units.map { ($0.id!, $0.name) })
        return rows.map { Count(unitId: $0.unit_id, unit: names[$0.unit_id] ?? "", employment: $0.employment, count: $0.n) }
            .sorted { (order[$0.unitId] ?? 0, $0.employment) < (order[$1.unitId] ?? 0, $1.employment) }
    }
}
