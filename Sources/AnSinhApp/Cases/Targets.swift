import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// An annual target of a unit for one indicator, entered by the director ("60 case files").
final class AnnualTarget: Model, @unchecked Sendable {
    static let schema = "annual_targets"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "indicator") var indicator: String
    @Field(key: "value") var value: Int
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// The indicators a target can be set for. Each matches a figure of a report.
enum TargetIndicator: String, CaseIterable, Codable {
    /// Case files received (all sources but the hotline): "63 case files, 105% of plan".
    case caseFilesReceived
    /// Cases received from hotline calls.
    case hotlineCasesReceived
    /// Every case received.
    case casesReceived
}

struct CreateAnnualTargets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AnnualTarget.schema)
            .id()
            .field("year", .int, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, "id"))
            .field("indicator", .string, .required).field("value", .int, .required)
            .field("updated_by", .uuid, .references(User.schema, "id")).field("updated_at", .datetime)
            .unique(on: "year", "unit_id", "indicator")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AnnualTarget.schema).delete()
    }
}

struct TargetsAPIController {
    struct TargetInput: Content {
        var year: Int?
        var unitId: UUID?
        var indicator: String?
        var value: Int?
    }

    struct TargetOutput: Content {
        let year: Int
        let unitId: UUID
        let indicator: String
        let value: Int
    }

    /// Sets (or replaces) one target; the unit defaults to the center.
    func put(_ req: Request) async throws -> TargetOutput {
        let input = try req.content.decode(TargetInput.self)
        let t = req.t
        var problems: [FieldProblem] = []
        if !(2000...2100).contains(input.year ?? 0) { problems.append(.init(field: "year", message: t.pick(vi: "Năm không hợp lệ.", en: "Invalid year."))) }
        let indicator = input.indicator.flatMap(TargetIndicator.init(rawValue:))
        if indicator == nil { problems.append(.init(field: "indicator", message: t.pick(vi: "Chỉ tiêu không có.", en: "Unknown indicator."))) }
        if !(0...1_000_000).contains(input.value ?? -1) { problems.append(.init(field: "value", message: t.pick(vi: "Giá trị không hợp lệ.", en: "Invalid value."))) }
        var unitID = input.unitId
        if unitID == nil { unitID = try await OrgUnit.center(on: req.db)?.id }
        let scope = try await req.unitScope()
        if let id = unitID, try await OrgUnit.find(id, on: req.db) == nil || !scope.contains(id) {
            problems.append(.init(field: "unitId", message: t.pick(vi: "Không có đơn vị này.", en: "No such unit.")))
        }
        guard problems.isEmpty, let year = input.year, let indicator, let value = input.value, let unitID else { throw ValidationError(problems, req) }
        try await req.db.transaction { db in
            let stored = try await AnnualTarget.query(on: db).filter(\.$year == year).filter(\.$unitID == unitID)
                .filter(\.$indicator == indicator.rawValue).first()
            try await AnnualTarget.set(year: year, unit: unitID, indicator: indicator, to: value, stored: stored, req, on: db)
        }
        return TargetOutput(year: year, unitId: unitID, indicator: indicator.rawValue, value: value)
    }
}

extension AnnualTarget {
    /// Sets one target (nil removes it) over the row `stored`, with its audit line, inside the
    /// caller's transaction: the API sets one, the targets page a whole year.
    static func set(year: Int, unit: UUID, indicator: TargetIndicator, to value: Int?, stored: AnnualTarget?,
                    _ req: Request, on db: any Database) async throws {
        guard stored?.value != value else { return }
        let before = stored.map { String($0.value) } ?? "none"
        if let value {
            let target = stored ?? AnnualTarget()
            target.year = year; target.unitID = unit; target.indicator = indicator.rawValue; target.value = value
            target.updatedBy = try req.user.id
            try await target.save(on: db)
            try await req.audit(.targetSet, entity: .target, entityID: target.id?.uuidString,
                                summary: "\(year) \(indicator.rawValue): \(before) → \(value)", on: db)
        } else if let stored {
            try await stored.delete(on: db)
            try await req.audit(.targetSet, entity: .target, entityID: stored.id?.uuidString,
                                summary: "\(year) \(indicator.rawValue): \(before) → none", on: db)
        }
    }
}
