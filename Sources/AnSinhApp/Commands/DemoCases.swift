import AnSinhCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Generates case files for demos and benchmarks: deterministic (a fixed seed), received over the
/// last two years in every unit that has persons, each about a person of its unit (a child for
/// the children's groups). Each case walks the workflow from its receipt until now, so the older
/// it is the likelier it is closed, and open ones stand at every step, most of them in progress.
/// Numbers follow the order of receipt per unit and year, and `case_counters` is raised in the
/// same transaction, so that cases opened later in the app take the next numbers. Written with
/// multi-row INSERTs, 500 cases (with their client groups and moves) per transaction.
enum DemoCases {
    static let types: [CaseType] = bag([(.childProtection, 40), (.socialWorkClient, 28), (.emergencyProtection, 7),
                                        (.disabilityCaseManagement, 15), (.other, 10)])
    static let sources: [CaseSource] = bag([(.hotline, 22), (.walkIn, 15), (.referralCommune, 22), (.referralPolice, 8),
                                            (.referralSchool, 10), (.referralHospital, 8), (.referralOther, 5), (.outreach, 10)])
    static let closures: [ClosureReason] = bag([(.goalsAchieved, 65), (.movedAway, 8), (.transferred, 10), (.clientDeclined, 8),
                                                (.death, 2), (.other, 7)])
    static let childGroups: [ClientGroup] = bag([
        (.childViolence, 20), (.childAtRisk, 15), (.childNoCaregiver, 8), (.childDropoutWork, 8), (.childSexualAbuse, 5),
        (.childAbandoned, 4), (.childOrphanBoth, 4), (.childExploited, 4), (.childMentalHealth, 6), (.childLawViolation, 5),
        (.childDrugs, 2), (.childTrafficked, 2), (.childSpecialCircumstances, 8), (.childSeriousIllnessPoor, 4), (.childHIV, 1),
        (.childMigrantRefugee, 1), (.childDevelopmental, 3),
    ])
    static let emergencyGroups: [ClientGroup] = bag([
        (.childViolence, 30), (.childSexualAbuse, 15), (.childTrafficked, 6), (.childAbandoned, 8), (.adultDVVictim, 25),
        (.adultSexualAbuseVictim, 8), (.adultTraffickingVictim, 5), (.adultForcedLabour, 3),
    ])
    static let adultGroups: [ClientGroup] = bag([
        (.adultDVVictim, 15), (.elderlyAlone, 15), (.elderlyOther, 8), (.householdDifficult, 15), (.adultSinglePoorParent, 10),
        (.adultMentalHealth, 8), (.homeless, 5), (.advicePolicy, 10), (.adultHIV, 3), (.adultForcedLabour, 2),
        (.disasterAffected, 4), (.adultDisability, 5),
    ])
    static let disabilityGroups: [ClientGroup] = bag([(.childDisability, 45), (.adultDisability, 40), (.childDevelopmental, 10),
                                                      (.adultMentalHealth, 5)])
    static let otherGroups: [ClientGroup] = bag([(.other, 40), (.advicePolicy, 30), (.disasterAffected, 10), (.homeless, 10),
                                                 (.householdDifficult, 10)])

    static let caseColumns = ["id", "created_at", "updated_at", "created_by", "version", "number", "unit_id", "type", "source",
                              "received_at", "person_id", "protection_level", "risk_level", "state", "assigned_to", "restricted",
                              "summary", "source_call_id", "initial_due_at", "plan_due_at", "closure_reason", "outcome", "closed_at"]
    static let moveColumns = ["id", "case_id", "from_state", "to_state", "at", "by", "reason"]
    static let planColumns = ["id", "case_id", "version_no", "status", "goals", "author", "submitted_at", "decided_by", "decided_at"]
    /// Persons read per unit to draw the cases' persons from.
    static let personSample = 50_000

    static func bag<T>(_ weights: [(T, Int)]) -> [T] {
        weights.flatMap { Array(repeating: $0.0, count: $0.1) }
    }

    static func generate(_ count: Int, app: Application) async throws {
        let db = app.db
        let sql = db as! any SQLDatabase
        let now = app.clock.now()
        let (pools, approver) = try await loadPools(on: db, thisYear: LocalDate(now).year)
        guard !pools.isEmpty else {
            throw CommandFailure("No persons to open cases for: each case is about a person of its unit. "
                + "Generate persons first or in the same run, e.g. seed-demo --persons 10000 --cases 1000.")
        }
        // The numbers already handed out, so that a second run goes on from them.
        var counters: [Counter: Int] = [:]
        for row in try await sql.raw("SELECT unit_id, year, last FROM case_counters").all() {
            let unit = try row.decode(column: "unit_id", as: UUID.self), year = try row.decode(column: "year", as: Int.self)
            counters[Counter(unit: unit, year: year)] = try row.decode(column: "last", as: Int.self)
        }
        var rng = SeededGenerator(seed: 3112)
        let span: TimeInterval = 2 * 365 * 24 * 3600
        var plans: [(receivedAt: Date, pool: Int)] = []
        plans.reserveCapacity(count)
        for _ in 0..<count {
            let receivedAt = now.addingTimeInterval(-Double.random(in: 0..<span, using: &rng))
            plans.append((receivedAt, Int.random(in: 0..<pools.count, using: &rng)))
        }
        // Numbered in the order of receipt, as the app numbers them.
        plans.sort { $0.receivedAt < $1.receivedAt }
        let calendar = try await SwappedDayRecord.calendar(on: db)
        var made = 0, tenths = 0
        while made < count {
            let size = min(500, count - made)
            var batch = Batch()
            var touched: [Counter: Int] = [:]
            for plan in plans[made..<(made + size)] {
                let pool = pools[plan.pool]
                let year = LocalDate(plan.receivedAt).year
                let key = Counter(unit: pool.unit, year: year)
                let sequence = (counters[key] ?? 0) + 1
                counters[key] = sequence
                touched[key] = sequence
                add(to: &batch, receivedAt: plan.receivedAt, pool: pool, number: String(format: "%@-%04d-%04d", pool.code, year, sequence),
                    approver: approver, calendar: calendar, now: now, rng: &rng)
            }
            let cases = batch.cases, groups = batch.groups, moves = batch.moves, plans = batch.plans
            let lasts = touched.map { entry -> [any Encodable & Sendable] in [entry.key.unit, entry.key.year, entry.value] }
            try await db.transaction { tx in
                let sql = tx as! any SQLDatabase
                try await Self.insert(CaseFile.schema, Self.caseColumns, cases, on: sql)
                try await Self.insert(CaseClientGroup.schema, ["id", "case_id", "code"], groups, on: sql)
                try await Self.insert(CaseTransition.schema, Self.moveColumns, moves, on: sql)
                try await Self.insert(CasePlan.schema, Self.planColumns, plans, on: sql)
                // Raised with the numbers it hands out, never lowered (the app may have gone further).
                try await sql.raw(MultiRowInsert.statement("case_counters", ["unit_id", "year", "last"], lasts)
                    + " ON CONFLICT (unit_id, year) DO UPDATE SET last = CASE WHEN excluded.last > case_counters.last THEN excluded.last ELSE case_counters.last END")
                    .run()
            }
            made += size
            if made * 10 / count > tenths {
                tenths = made * 10 / count
                app.logger.info("seed-demo: \(made) of \(count) cases")
            }
        }
        // Fresh statistics after a bulk load, as DemoPeople gathers them for the persons.
        if sql.dialect.name == "sqlite" {
            for table in [CaseFile.schema, CaseClientGroup.schema, CaseTransition.schema, CasePlan.schema] {
                try await sql.raw("ANALYZE \(ident: table)").run()
            }
        } else {
            try await sql.raw("VACUUM ANALYZE cases, case_client_groups, case_transitions, case_plans").run()
        }
    }

    private struct Counter: Hashable {
        let unit: UUID
        let year: Int
    }

    private typealias Candidate = (id: UUID, born: Int?)

    /// A unit with persons: a sample of them (children and adults apart) and who works its cases.
    private struct Pool {
        let unit: UUID
        let code: String
        let school: Bool
        let children: [Candidate]
        let adults: [Candidate]
        let workers: [UUID]
    }

    private struct Batch {
        var cases: [[any Encodable & Sendable]] = []
        var groups: [[any Encodable & Sendable]] = []
        var moves: [[any Encodable & Sendable]] = []
        var plans: [[any Encodable & Sendable]] = []
    }

    private typealias Step = (state: CaseState, offset: TimeInterval)

    /// Every unit with persons, in the order of their codes. Cases go to the demo case workers and
    /// collaborators of the unit, else to those of the center, else to no one; plans and closures
    /// are approved by the demo supervisor (else the director).
    private static func loadPools(on db: any Database, thisYear: Int) async throws -> ([Pool], UUID?) {
        let sql = db as! any SQLDatabase
        let units = try await OrgUnit.query(on: db).sort(\.$code).all()
        let centerID = try await OrgUnit.center(on: db)?.id
        let staff = try await User.query(on: db).filter(\.$username ~~ SeedDemoCommand.users.map(\.username))
            .filter(\.$active == true).sort(\.$username).all()
        func workers(_ unit: UUID?) -> [UUID] {
            staff.filter { $0.unitID == unit && ($0.role == .caseWorker || $0.role == .collaborator) }.compactMap(\.id)
        }
        let approver = staff.first(where: { $0.role == .supervisor })?.id ?? staff.first(where: { $0.role == .director })?.id
        var pools: [Pool] = []
        for unit in units {
            guard let id = unit.id else { continue }
            var children: [Candidate] = [], adults: [Candidate] = []
            for row in try await sql.raw("SELECT id, birth_year FROM persons WHERE unit_id = \(bind: id) LIMIT \(bind: personSample)").all() {
                let person = try row.decode(column: "id", as: UUID.self)
                let candidate: Candidate = (person, try? row.decode(column: "birth_year", as: Int.self))
                if let born = candidate.born, thisYear - born < 18 { children.append(candidate) } else { adults.append(candidate) }
            }
            guard !children.isEmpty || !adults.isEmpty else { continue }
            let own = workers(id)
            pools.append(Pool(unit: id, code: unit.code, school: unit.kind == .school, children: children, adults: adults,
                              workers: own.isEmpty ? workers(centerID) : own))
        }
        return (pools, approver)
    }

    /// One case, its client groups and its moves up to now.
    private static func add(to batch: inout Batch, receivedAt: Date, pool: Pool, number: String, approver: UUID?,
                            calendar: WorkingDayCalendar, now: Date, rng: inout SeededGenerator) {
        let type = types.randomElement(using: &rng)!
        let schoolDraw = Int.random(in: 0..<10, using: &rng)
        let source = pool.school && schoolDraw < 6 ? CaseSource.referralSchool : sources.randomElement(using: &rng)!
        let choices = clientGroups(for: type)
        var groups = [choices.randomElement(using: &rng)!]
        for _ in 0..<[0, 0, 0, 0, 0, 0, 1, 1, 1, 2].randomElement(using: &rng)! {
            let group = choices.randomElement(using: &rng)!
            if !groups.contains(group), isChild(group) == isChild(groups[0]) { groups.append(group) }
        }
        let person = pickPerson(in: pool, child: isChild(groups[0]), year: LocalDate(receivedAt).year, &rng)
        let policy = DeadlinePolicy.default(for: type)
        let deadlines = CaseDeadlines(receivedAt: receivedAt, policy: policy, calendar: calendar)
        let steps = Array(timeline(type, policy, &rng).prefix(while: { receivedAt.addingTimeInterval($0.offset) <= now }))
        let state = steps.last!.state
        let closing = steps.last(where: { $0.state == .closed })
        let closure: ClosureReason? = closing == nil ? nil : closures.randomElement(using: &rng)!
        // Reopened cases keep their closure reason and lose their closing date, as CaseWriter moves them.
        let closedAt: Date? = state == .closed ? closing.map { receivedAt.addingTimeInterval($0.offset) } : nil
        var risk: RiskLevel?
        var protection: ProtectionLevel?
        if type == .childProtection || type == .emergencyProtection {
            let level = type == .emergencyProtection ? RiskLevel.high : [RiskLevel.low, .low, .medium, .medium, .high].randomElement(using: &rng)!
            risk = level
            protection = level == .high ? .intervention : level == .medium ? .support : .prevention
        }
        let restrictedDraw = Int.random(in: 0..<50, using: &rng)
        let restricted = groups.contains(.childSexualAbuse) || groups.contains(.adultSexualAbuseVictim) || restrictedDraw == 0
        let worker = pool.workers.randomElement(using: &rng)
        let author = worker ?? approver
        let summary = summaries(for: type).randomElement(using: &rng)!
        let id = UUID()
        batch.cases.append([
            id, receivedAt, receivedAt.addingTimeInterval(steps.last!.offset), author, 1, number, pool.unit, type.rawValue, source.rawValue,
            receivedAt, person, protection?.rawValue, risk?.rawValue, state.rawValue, worker, restricted,
            summary, UUID?.none, deadlines.initialAssessment, deadlines.plan, closure?.rawValue, closure.map(outcome), closedAt,
        ])
        for group in groups { batch.groups.append([UUID(), id, group.rawValue]) }
        for (i, step) in steps.enumerated() {
            let from: String? = i == 0 ? nil : steps[i - 1].state.rawValue
            let by: UUID? = step.state == .planApproved || step.state == .closed ? approver : author
            let reason: String? = step.state == .reopened ? "Nguy cơ tái diễn, gia đình đề nghị hỗ trợ lại." : nil
            batch.moves.append([UUID(), id, from, step.state.rawValue, receivedAt.addingTimeInterval(step.offset), by, reason])
        }
        // "Plan approved" needs an approved plan version (CaseWorkflow): written at "planning",
        // approved at "plan approved", as the case page records them.
        if let planning = steps.first(where: { $0.state == .planning }), let approved = steps.first(where: { $0.state == .planApproved }) {
            batch.plans.append([UUID(), id, 1, CasePlan.Status.approved.rawValue, demoPlan(type, due: receivedAt.addingTimeInterval(approved.offset + 30 * 86_400)),
                                author, receivedAt.addingTimeInterval(planning.offset), approver, receivedAt.addingTimeInterval(approved.offset)])
        }
    }

    /// The steps a case would take from its receipt, as offsets: allowed moves only
    /// (`CaseWorkflow.moves`). One case in five stalls at the start and misses its deadlines;
    /// three in a hundred stay in progress for years; three in a hundred are reopened.
    private static func timeline(_ type: CaseType, _ policy: DeadlinePolicy, _ rng: inout SeededGenerator) -> [Step] {
        let hour: TimeInterval = 3600, day: TimeInterval = 86_400
        let slow = Int.random(in: 0..<5, using: &rng) == 0 ? Double.random(in: 2...6, using: &rng) : 1
        var at: TimeInterval = 0
        var steps: [Step] = [(.received, 0)]
        at += Double.random(in: 0.5...(Double(policy.initialAssessmentHours) * 1.1), using: &rng) * hour * slow
        steps.append((.initialAssessment, at))
        let emergencyDraw = Int.random(in: 0..<100, using: &rng)
        if type == .emergencyProtection || (type == .childProtection && emergencyDraw < 15) {
            at += Double.random(in: 0.5...Double(policy.emergencyHours), using: &rng) * hour
            steps.append((.emergencyIntervention, at))
        }
        at += Double.random(in: 1...4, using: &rng) * day * slow
        steps.append((.assessment, at))
        at += Double.random(in: 1...5, using: &rng) * day * slow
        steps.append((.planning, at))
        at += Double.random(in: 0.5...3, using: &rng) * day * slow
        steps.append((.planApproved, at))
        at += Double.random(in: 0.1...2, using: &rng) * day
        steps.append((.inProgress, at))
        let work: ClosedRange<Double>
        switch Int.random(in: 0..<100, using: &rng) {
        case ..<10: work = 5...20
        case ..<55: work = 20...60
        case ..<85: work = 60...180
        case ..<97: work = 180...400
        default: return steps
        }
        at += Double.random(in: work, using: &rng) * day
        steps.append((.review, at))
        at += Double.random(in: 1...10, using: &rng) * day
        steps.append((.closed, at))
        if Int.random(in: 0..<100, using: &rng) < 3 {
            at += Double.random(in: 10...120, using: &rng) * day
            steps.append((.reopened, at))
        }
        return steps
    }

    /// A person of the pool, a child for the children's groups, born by the year of receipt.
    private static func pickPerson(in pool: Pool, child: Bool, year: Int, _ rng: inout SeededGenerator) -> UUID {
        let wanted = child ? pool.children : pool.adults
        let people = wanted.isEmpty ? (child ? pool.adults : pool.children) : wanted
        var chosen = people.randomElement(using: &rng)!
        for _ in 0..<4 where (chosen.born ?? year) > year { chosen = people.randomElement(using: &rng)! }
        return chosen.id
    }

    private static func isChild(_ group: ClientGroup) -> Bool { group.rawValue.hasPrefix("child.") }

    private static func clientGroups(for type: CaseType) -> [ClientGroup] {
        switch type {
        case .childProtection: childGroups
        case .emergencyProtection: emergencyGroups
        case .socialWorkClient: adultGroups
        case .disabilityCaseManagement: disabilityGroups
        case .other: otherGroups
        }
    }

    private static func summaries(for type: CaseType) -> [String] {
        switch type {
        case .childProtection: ["Trẻ bị bạo lực tại gia đình, cần đánh giá nguy cơ.", "Trẻ bỏ học, đi làm thuê, cần hỗ trợ trở lại trường.",
                                "Trẻ thiếu người chăm sóc khi cha mẹ đi làm xa."]
        case .emergencyProtection: ["Nguy cơ bị xâm hại, cần can thiệp khẩn cấp.", "Bị bạo lực nghiêm trọng, cần nơi tạm lánh."]
        case .socialWorkClient: ["Người cao tuổi sống một mình, cần hỗ trợ chăm sóc.", "Hộ gia đình khó khăn, cần kết nối chính sách trợ giúp."]
        case .disabilityCaseManagement: ["Người khuyết tật cần phục hồi chức năng và trợ cấp.", "Trẻ khuyết tật cần can thiệp sớm và hỗ trợ học tập."]
        case .other: ["Tư vấn chính sách trợ giúp xã hội.", "Hỗ trợ sau thiên tai."]
        }
    }

    private static func outcome(_ reason: ClosureReason) -> String {
        switch reason {
        case .goalsAchieved: "Đạt các mục tiêu của kế hoạch can thiệp."
        case .movedAway: "Gia đình chuyển nơi ở."
        case .transferred: "Chuyển tuyến đến cơ sở trợ giúp xã hội."
        case .clientDeclined: "Đối tượng từ chối tiếp tục hỗ trợ."
        case .death: "Đối tượng qua đời."
        case .other: "Kết thúc vì lý do khác."
        }
    }

    /// A plan of one goal and two actions, as `[PlanGoal]` JSON.
    private static func demoPlan(_ type: CaseType, due: Date) -> String {
        let goal = type == .childProtection || type == .emergencyProtection ? "Trẻ được an toàn và chăm sóc tại gia đình"
            : "Đối tượng ổn định cuộc sống, tiếp cận được các dịch vụ"
        let plan = [PlanGoal(goal: goal, actions: [
            .init(what: "Thăm gia đình, tham vấn tâm lý", who: "Cán bộ quản lý trường hợp", due: LocalDate(due).iso, status: nil),
            .init(what: "Kết nối dịch vụ y tế, giáo dục", who: "UBND xã", due: LocalDate(due.addingTimeInterval(30 * 86_400)).iso, status: nil),
        ])]
        return (try? String(decoding: JSONEncoder().encode(plan), as: UTF8.self)) ?? "[]"
    }

    /// One INSERT per 30,000 values at most (PostgreSQL takes 65,535 binds a statement).
    private static func insert(_ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]], on sql: any SQLDatabase) async throws {
        let step = max(1, 30_000 / columns.count)
        for start in stride(from: 0, to: rows.count, by: step) {
            try await sql.raw(MultiRowInsert.statement(table, columns, Array(rows[start..<min(start + step, rows.count)]))).run()
        }
    }
}
