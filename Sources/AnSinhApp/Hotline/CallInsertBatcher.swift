import Fluent
import SQLKit
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
    private let writeLock: AsyncMutex?

    /// `writeLock`: on SQLite, the lock other writers take, so that a group commit queues behind
    /// them instead of meeting SQLITE_BUSY.
    init(database: @escaping @Sendable () -> any Database, writeLock: AsyncMutex?) {
        self.database = database
        self.writeLock = writeLock
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
        await writeLock?.lock()
        do {
            try await database().transaction { db in
                try await CallRows.insert(calls: calls, topics: topics, audits: audits, on: db as! any SQLDatabase)
            }
            await writeLock?.unlock()
        } catch {
            await writeLock?.unlock()
            throw error
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

/// The batcher's three multi-row INSERTs, written out column by column (`MultiRowInsert`).
/// Fluent's `create` finds a model's fields by reflection on every call: with SQLKit's builder,
/// a fifth of the server's CPU time when recording calls under load. These rows hold the same
/// values Fluent would write.
enum CallRows {
    static func insert(calls: [Call], topics: [CallTopic], audits: [AuditEvent], on sql: any SQLDatabase) async throws {
        let now = Date()
        for call in calls {
            call.createdAt = now
            call.updatedAt = now
        }
        try await sql.raw(MultiRowInsert.statement(Call.schema, callColumns, calls.map(values))).run()
        if !topics.isEmpty {
            try await sql.raw(MultiRowInsert.statement(CallTopic.schema, ["id", "call_id", "topic_code", "position"],
                                        topics.map { [$0.id!, $0.callID, $0.topicCode, $0.position] })).run()
        }
        try await sql.raw(MultiRowInsert.statement(AuditEvent.schema, auditColumns, audits.map {
            [$0.id!, $0.at, $0.userID, $0.username, $0.unitID, $0.action, $0.entityType, $0.entityID, $0.ip, $0.requestID, $0.summary]
        })).run()
        calls.forEach { $0.$id.exists = true }
    }

    static let auditColumns = ["id", "at", "user_id", "username", "unit_id", "action", "entity_type", "entity_id", "ip", "request_id", "summary"]

    static let callColumns = [
        "id", "created_at", "updated_at", "created_by", "version", "unit_id", "line_id", "channel", "direction", "started_at",
        "ended_at", "counsellor_id", "kind", "incomplete", "primary_topic", "urgency", "caller_name", "caller_phone",
        "caller_phone_hash", "caller_sex", "caller_age_group", "caller_relation", "person_is_child", "person_sex",
        "person_age_group", "person_province_code", "person_commune_code", "summary", "actions", "callback_consent",
        "callback_due_at", "callback_done_at", "person_id",
    ]

    /// In the order of `callColumns`.
    private static func values(_ c: Call) -> [any Encodable & Sendable] {
        [
            c.id!, c.createdAt, c.updatedAt, c.createdBy, c.version, c.unitID, c.lineID, c.channel.rawValue, c.direction.rawValue,
            c.startedAt, c.endedAt, c.counsellorID, c.kind.rawValue, c.incomplete, c.primaryTopic, c.urgency?.rawValue,
            c.callerName, c.callerPhone, c.callerPhoneHash, c.callerSex?.rawValue, c.callerAgeGroup?.rawValue,
            c.callerRelation?.rawValue, c.personIsChild, c.personSex?.rawValue, c.personAgeGroup?.rawValue,
            c.personProvinceCode, c.personCommuneCode, c.summary, c.actions, c.callbackConsent, c.callbackDueAt, c.callbackDoneAt,
            c.personID,
        ]
    }
}
