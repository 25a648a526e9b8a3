import AnSinhCore
import Fluent
import Vapor

/// A demo center to try AnSinh with: Quảng Ninh's center, three commune offices, one school
/// office and a user of every role. Running it twice changes nothing.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "calls", help: "Also generate this many hotline calls over the last two years (for benchmarks)")
        var calls: Int?
        @Option(name: "persons", help: "Also generate this many persons in the people registry (for benchmarks)")
        var persons: Int?
        @Option(name: "cases", help: "Also generate this many case files over the last two years, about existing persons (for benchmarks; with --persons N or after it)")
        var cases: Int?
    }
    var help: String {
        "Creates a demo center with offices and users of every role (prints their passwords); --calls N adds N calls, --persons N adds N persons, --cases N adds N case files about them."
    }

    struct DemoUser {
        let username: String
        let fullName: String
        let role: Role
        let unitCode: String
    }

    static let offices: [(name: String, kind: UnitKind, code: String, commune: String, phone: String)] = [
        ("Văn phòng CTXH phường Hạ Long", .commune, "HLONG", "06688", "0203 3825 111"),
        ("Văn phòng CTXH phường Cẩm Phả", .commune, "CPHA", "06793", "0203 3862 222"),
        ("Văn phòng CTXH phường Uông Bí", .commune, "UBI", "06811", "0203 3854 333"),
        ("Văn phòng CTXH Trường THCS Trọng Điểm", .school, "THCSTD", "06685", "0203 3835 444"),
    ]

    static let users: [DemoUser] = [
        DemoUser(username: "giamdoc", fullName: "Nguyễn Thị Thu Hà", role: .director, unitCode: "QN"),
        DemoUser(username: "giamsat", fullName: "Trần Văn Dũng", role: .supervisor, unitCode: "QN"),
        DemoUser(username: "canbo.halong", fullName: "Phạm Thị Lan", role: .caseWorker, unitCode: "HLONG"),
        DemoUser(username: "canbo.campha", fullName: "Vũ Đức Thắng", role: .caseWorker, unitCode: "CPHA"),
        DemoUser(username: "tuvan", fullName: "Lê Thị Minh Ngọc", role: .counsellor, unitCode: "QN"),
        DemoUser(username: "ctv.uongbi", fullName: "Hoàng Văn Bình", role: .collaborator, unitCode: "UBI"),
        DemoUser(username: "ctv.truonghoc", fullName: "Đặng Thị Hồng Nhung", role: .collaborator, unitCode: "THCSTD"),
        DemoUser(username: "baocao", fullName: "Bùi Quang Huy", role: .viewer, unitCode: "QN"),
    ]

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Bootstrap.prepare(app)
        let db = app.db
        guard let center = try await OrgUnit.center(on: db) else { throw CommandFailure("No center") }
        if center.code != "QN" {
            center.name = "Trung tâm Công tác xã hội tỉnh Quảng Ninh"
            center.code = "QN"
            center.provinceCode = "22"
            center.communeCode = "06652"
            center.addressDetail = "Tổ 1, khu 3"
            center.phone = "0203 3628 555"
            center.version += 1
            try await center.save(on: db)
        }
        for office in Self.offices where try await OrgUnit.query(on: db).filter(\.$code == office.code).first() == nil {
            try await OrgUnit(name: office.name, kind: office.kind, code: office.code, parentID: center.id,
                              provinceCode: "22", communeCode: office.commune, phone: office.phone).create(on: db)
        }
        context.console.print("Demo center: \(center.name)")
        context.console.print("Demo accounts (each must change the password at first login):")
        for demo in Self.users {
            guard try await User.find(username: demo.username, on: db) == nil,
                  let unit = try await OrgUnit.query(on: db).filter(\.$code == demo.unitCode).first() else { continue }
            let password = "Demo-\(demo.username)-2026"
            try await User(username: demo.username, fullName: demo.fullName,
                           passwordHash: try await app.password.async.hash(password), role: demo.role,
                           unitID: unit.id!).create(on: db)
            context.console.print("  \(demo.username.padding(toLength: 16, withPad: " ", startingAt: 0)) \(demo.role.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(password)")
        }
        for (number, name, hours) in [("18001769", "Tổng đài bảo vệ trẻ em", "24/7"), ("18006605", "Tổng đài tư vấn", "Giờ hành chính")]
            where try await HotlineLine.query(on: db).filter(\.$number == number).first() == nil {
            try await HotlineLine(number: number, name: name, hours: hours, createdBy: nil).create(on: db)
        }
        try await CommandAudit.record(app, .unitCreated, entity: .unit, entityID: center.id?.uuidString, summary: "seed-demo")
        if let n = signature.calls, n > 0 {
            let start = Date()
            try await DemoCalls.generate(n, app: app)
            context.console.print("Generated \(n) calls in \(String(format: "%.1f", Date().timeIntervalSince(start))) s.")
        }
        if let n = signature.persons, n > 0 {
            let start = Date()
            try await DemoPeople.generate(n, app: app)
            context.console.print("Generated \(n) persons in \(String(format: "%.1f", Date().timeIntervalSince(start))) s.")
        }
        if let n = signature.cases, n > 0 {
            let start = Date()
            try await DemoCases.generate(n, app: app)
            context.console.print("Generated \(n) cases in \(String(format: "%.1f", Date().timeIntervalSince(start))) s.")
        }
    }
}
