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

/// The batcher's three multi-row INSERTs, written out column by column. Fluent's `create`
/// finds a model's fields by reflection on every call, which was a sixth of the server's CPU
/// time when recording calls under load; these rows hold the same values Fluent would write.
enum CallRows {
    static func insert(calls: [Call], topics: [CallTopic], audits: [AuditEvent], on sql: any SQLDatabase) async throws {
        let now = Date()
        var insert = sql.insert(into: Call.schema).columns(callColumns)
        for call in calls {
            call.createdAt = now
            call.updatedAt = now
            insert = insert.values(values(call))
        }
        try await insert.run()
        if !topics.isEmpty {
            var insertTopics = sql.insert(into: CallTopic.schema).columns("id", "call_id", "topic_code", "position")
            for t in topics { insertTopics = insertTopics.values(SQLBind(t.id!), SQLBind(t.callID), SQLBind(t.topicCode), SQLBind(t.position)) }
            try await insertTopics.run()
        }
        var insertAudits = sql.insert(into: AuditEvent.schema)
            .columns("id", "at", "user_id", "username", "unit_id", "action", "entity_type", "entity_id", "ip", "request_id", "summary")
        for a in audits {
            insertAudits = insertAudits.values(SQLBind(a.id!), SQLBind(a.at), SQLBind(a.userID), SQLBind(a.username), SQLBind(a.unitID),
                                               SQLBind(a.action), SQLBind(a.entityType), SQLBind(a.entityID), SQLBind(a.ip),
                                               SQLBind(a.requestID), SQLBind(a.summary))
        }
        try await insertAudits.run()
        calls.forEach { $0.$id.exists = true }
    }

    static let callColumns = [
        "id", "created_at", "updated_at", "created_by", "version", "unit_id", "line_id", "channel", "direction", "started_at",
        "ended_at", "counsellor_id", "kind", "incomplete", "primary_topic", "urgency", "caller_name", "caller_phone",
        "caller_phone_hash", "caller_sex", "caller_age_group", "caller_relation", "person_is_child", "person_sex",
        "person_age_group", "person_province_code", "person_commune_code", "summary", "actions", "callback_consent",
        "callback_due_at", "callback_done_at",
    ]

    /// In the order of `callColumns`.
    private static func values(_ c: Call) -> [any SQLExpression] {
        [
            SQLBind(c.id!), SQLBind(c.createdAt), SQLBind(c.updatedAt), SQLBind(c.createdBy), SQLBind(c.version), SQLBind(c.unitID),
            SQLBind(c.lineID), SQLBind(c.channel.rawValue), SQLBind(c.direction.rawValue), SQLBind(c.startedAt),
            SQLBind(c.endedAt), SQLBind(c.counsellorID), SQLBind(c.kind.rawValue), SQLBind(c.incomplete), SQLBind(c.primaryTopic),
            SQLBind(c.urgency?.rawValue), SQLBind(c.callerName), SQLBind(c.callerPhone),
            SQLBind(c.callerPhoneHash), SQLBind(c.callerSex?.rawValue), SQLBind(c.callerAgeGroup?.rawValue), SQLBind(c.callerRelation?.rawValue),
            SQLBind(c.personIsChild), SQLBind(c.personSex?.rawValue),
            SQLBind(c.personAgeGroup?.rawValue), SQLBind(c.personProvinceCode), SQLBind(c.personCommuneCode), SQLBind(c.summary),
            SQLBind(c.actions), SQLBind(c.callbackConsent),
            SQLBind(c.callbackDueAt), SQLBind(c.callbackDoneAt),
        ]
    }
}
