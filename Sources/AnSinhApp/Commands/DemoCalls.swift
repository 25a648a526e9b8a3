import AnSinhCore
import Fluent
import Foundation
import Vapor

/// Generates realistic hotline calls for demos and benchmarks: deterministic (a fixed seed),
/// spread over the last two years, about two thirds counselling, inserted in batches of 1,000
/// rows per transaction.
enum DemoCalls {
    static func generate(_ count: Int, app: Application) async throws {
        let db = app.db
        guard let line = try await HotlineLine.query(on: db).filter(\.$number == "18001769").first(),
              let counsellor = try await User.find(username: "tuvan", on: db) else { return }
        let topics = HotlineTaxonomy.defaultTopics.filter { $0.parent != nil }.map(\.code)
        var rng = SeededGenerator(seed: 2026)
        let now = app.clock.now()
        let span: TimeInterval = 2 * 365 * 24 * 3600
        var made = 0
        while made < count {
            let size = min(1000, count - made)
            var calls: [Call] = []
            var callTopics: [CallTopic] = []
            for _ in 0..<size {
                let call = Call()
                call.version = 1
                call.unitID = counsellor.unitID
                call.lineID = line.id!
                call.counsellorID = counsellor.id
                call.channel = Int.random(in: 0..<10, using: &rng) < 8 ? .phone : .zalo
                call.direction = .incoming
                call.startedAt = now.addingTimeInterval(-Double.random(in: 0..<span, using: &rng))
                // As if recorded when it happened: the app gives recorded calls time-ordered ids.
                call.id = .timeOrdered(at: call.startedAt)
                call.endedAt = call.startedAt.addingTimeInterval(Double.random(in: 20..<900, using: &rng))
                let counselling = Int.random(in: 0..<3, using: &rng) < 2
                call.kind = counselling ? .counselling : CallKind.nonCounselling.randomElement(using: &rng)!
                call.incomplete = false
                call.actions = counselling ? CallAction.counselling.rawValue : ""
                call.callbackConsent = false
                if counselling {
                    let chosen = Array(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in topics.randomElement(using: &rng)! }))
                    call.primaryTopic = chosen[0]
                    call.urgency = .normal
                    call.callerSex = Bool.random(using: &rng) ? .female : .male
                    let phone = String(format: "09%08d", Int.random(in: 0..<100_000_000, using: &rng))
                    call.callerPhone = phone
                    call.callerPhoneHash = Secrets.keyedHash(phone, secret: app.ansinh.secret)
                    for (i, code) in chosen.enumerated() { callTopics.append(CallTopic(callID: call.id!, topicCode: code, position: i + 1)) }
                }
                calls.append(call)
            }
            let batch = calls, batchTopics = callTopics
            try await db.transaction { tx in
                try await batch.create(on: tx)
                if !batchTopics.isEmpty { try await batchTopics.create(on: tx) }
            }
            made += size
        }
    }
}

/// SplitMix64: a small, fast, seedable generator so that generated data is the same each run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
