import AnSinhCore
import Fluent
import Vapor

/// JSON endpoints of the foundation: who am I, and the address look-ups.
struct APIController {
    struct Me: Content {
        let id: UUID
        let username: String
        let fullName: String
        let role: Role
        let unit: UnitRef
        /// True when the whole center is in scope; otherwise `scopeUnitIDs` lists the units.
        let wholeCenter: Bool
        let scopeUnitIDs: [UUID]
        let language: String
    }

    struct UnitRef: Content {
        let id: UUID
        let code: String
        let name: String
    }

    func me(_ req: Request) async throws -> Me {
        let user = try req.user
        guard let unit = try await OrgUnit.find(user.unitID, on: req.db) else { throw Abort(.notFound) }
        let scope = try await req.unitScope()
        let ids: [UUID]
        switch scope {
        case .wholeCenter: ids = []
        case .units(let set): ids = set.sorted { $0.uuidString < $1.uuidString }
        }
        return Me(id: user.id!, username: user.username, fullName: user.fullName, role: user.role,
                  unit: UnitRef(id: unit.id!, code: unit.code, name: unit.name),
                  wholeCenter: scope == .wholeCenter, scopeUnitIDs: ids, language: user.language ?? "vi")
    }

    func provinces(_ req: Request) async throws -> [AddressDirectory.Place] {
        try await AddressDirectory(req.db).provinces()
    }

    func communes(_ req: Request) async throws -> [AddressDirectory.Place] {
        guard let province = req.query[String.self, at: "province"], province.count == 2, province.allSatisfy(\.isNumber) else {
            throw ValidationError([FieldProblem(field: "province", message: req.t.pick(vi: "Thiếu hoặc sai mã tỉnh (hai chữ số).", en: "Missing or invalid province code (two digits)."))], req)
        }
        let typed = req.query[String.self, at: "q"] ?? ""
        // Refused, not cut: what the document promises (60, counted as JSON Schema counts).
        guard typed.unicodeScalars.count <= 60 else {
            throw ValidationError([FieldProblem(field: "q", message: req.t.pick(vi: "Tối đa 60 ký tự.", en: "At most 60 characters."))], req)
        }
        let q = typed.precomposedStringWithCanonicalMapping
        let limit = try req.boundedInt("limit", default: 20, in: 1...100)
        return try await AddressDirectory(req.db).searchCommunes(provinceCode: province, query: q, limit: limit)
    }

    struct Conversion: Content {
        let legacyCode: String
        /// `converted`: one 2025 commune takes the address; `split`: a person must choose.
        let status: String
        let commune: AddressDirectory.Place?
        let candidates: [AddressDirectory.Place]
    }

    func legacyCommune(_ req: Request) async throws -> Conversion {
        guard let code = req.parameters.get("code"), code.count == 5, code.allSatisfy(\.isNumber) else { throw Abort(.notFound) }
        switch try await AddressDirectory(req.db).convertLegacyCommune(code: code) {
        case .converted(let place): return Conversion(legacyCode: code, status: "converted", commune: place, candidates: [place])
        case .split(let places): return Conversion(legacyCode: code, status: "split", commune: nil, candidates: places)
        case .unknown: throw Abort(.notFound)
        }
    }
}
