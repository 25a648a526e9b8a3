import Fluent
import Vapor

/// The units a user may see records of: their own unit and every unit below it, or the whole
/// center for directors and administrators.
enum UnitScope: Equatable, Sendable {
    case wholeCenter
    case units(Set<UUID>)

    func contains(_ id: UUID) -> Bool {
        switch self {
        case .wholeCenter: true
        case .units(let ids): ids.contains(id)
        }
    }
}

/// The tree of units, loaded in one query (a center has tens of units, not thousands).
struct UnitTree {
    let units: [OrgUnit]
    private let children: [UUID: [OrgUnit]]

    init(_ units: [OrgUnit]) {
        self.units = units
        self.children = Dictionary(grouping: units.filter { $0.parentID != nil }, by: { $0.parentID! })
    }

    static func load(on db: any Database) async throws -> UnitTree {
        UnitTree(try await OrgUnit.query(on: db).sort(\.$name).all())
    }

    /// The unit and all units below it.
    func subtree(of id: UUID) -> Set<UUID> {
        var result: Set<UUID> = [id]
        var queue = [id]
        while let next = queue.popLast() {
            for child in children[next] ?? [] where result.insert(child.id!).inserted {
                queue.append(child.id!)
            }
        }
        return result
    }

    /// The units of `scope` for a picker, in tree order, indented by depth; `activeOnly` for a
    /// form (a list's filter keeps closed offices: their old records are still found).
    func options(in scope: UnitScope, activeOnly: Bool = true) -> [(value: String, label: String)] {
        ordered().filter { scope.contains($0.unit.id!) && (!activeOnly || $0.unit.active) }
            .map { ($0.unit.id!.uuidString, String(repeating: "— ", count: $0.depth) + $0.unit.name) }
    }

    /// Units in depth-first order with their depth, for lists and pickers.
    func ordered() -> [(unit: OrgUnit, depth: Int)] {
        var out: [(OrgUnit, Int)] = []
        func visit(_ unit: OrgUnit, _ depth: Int) {
            out.append((unit, depth))
            for child in children[unit.id!] ?? [] { visit(child, depth + 1) }
        }
        for root in units where root.parentID == nil { visit(root, 0) }
        return out
    }
}

extension Request {
    private struct ScopeKey: StorageKey { typealias Value = UnitScope }

    /// The signed-in user's scope, read once per request (a page asks for it for each list).
    func unitScope() async throws -> UnitScope {
        let user = try user
        if user.role.seesWholeCenter { return .wholeCenter }
        if let known = storage[ScopeKey.self] { return known }
        let scope = UnitScope.units(try await UnitTree.load(on: db).subtree(of: user.unitID))
        storage[ScopeKey.self] = scope
        return scope
    }
}
