import Fluent
import Vapor

/// Groups calls recorded at the same moment into one transaction: one commit (one fsync) and
/// three multi-row INSERTs for the whole group instead of five statements per call. Each
/// caller still gets its answer only after the commit that holds its call, so an acknowledged
/// call is durable. If a group fails, its calls are retried one by one, so one bad row does
/// not fail its neighbours.
actor CallInsertBatcher {
    private struct Item {
        let call: Call
        let topics: [CallTopic]
        let audit: AuditEvent
        let done: CheckedContinuation<Void, any Error>
    }

    private var pending: [Item] = []
    private var flushing = false
    private let database: @Sendable () -> any Database

    init(database: @escaping @Sendable () -> any Database) {
        self.database = database
    }

    func insert(_ call: Call, topics: [CallTopic], audit: AuditEvent) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append(Item(call: call, topics: topics, audit: audit, done: done))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    /// Writes what is pending; calls that arrive meanwhile form the next group.
    private func flush() async {
        while !pending.isEmpty {
            let group = pending
            pending = []
            do {
                try await write(group)
                group.forEach { $0.done.resume() }
            } catch where group.count > 1 {
                for item in group {
                    do {
                        try await write([item])
                        item.done.resume()
                    } catch {
                        item.done.resume(throwing: error)
                    }
                }
            } catch {
                group.forEach { $0.done.resume(throwing: error) }
            }
        }
        flushing = false
    }

    private func write(_ group: [Item]) async throws {
        let calls = group.map(\.call), topics = group.flatMap(\.topics), audits = group.map(\.audit)
        try await database().transaction { db in
            try await calls.create(on: db)
            if !topics.isEmpty { try await topics.create(on: db) }
            try await audits.create(on: db)
        }
    }
}

extension Application {
    struct CallBatcherKey: StorageKey { typealias Value = CallInsertBatcher }

    var callBatcher: CallInsertBatcher {
        guard let b = storage[CallBatcherKey.self] else { fatalError("configure(_:) sets up the call batcher") }
        return b
    }
}
