import Fluent
import NIOConcurrencyHelpers
import SQLiteKit
import Vapor

/// Groups calls recorded at the same moment into one transaction: one commit (one fsync) for
/// the whole group instead of one per call. Each caller still gets its answer only after the
/// commit that holds its call, so an acknowledged call is durable. If a group fails, its calls
/// are retried one by one, so one bad row does not fail its neighbours.
///
/// A call joins the queue under a lock and gets a promise on its request's event loop: no task
/// and no actor hop per call. One task writes groups while there are any.
final class CallInsertBatcher: Sendable {
    private struct Item {
        let call: Call
        let topics: [CallTopic]
        let audit: AuditEvent
        let done: EventLoopPromise<Void>
    }

    /// Where a group goes.
    enum Target: Sendable {
        /// SQLite: a connection of its own writing the whole group in one job (`SQLiteGroupWriter`),
        /// under the lock every other writer takes, so that it queues behind them instead of
        /// meeting SQLITE_BUSY.
        case sqlite(SQLiteGroupWriter, writeLock: AsyncMutex)
        /// PostgreSQL: one statement for the group, on the app's pool.
        case postgres(@Sendable () -> any SQLDatabase)
    }

    private let queue = NIOLockedValueBox((pending: [Item](), flushing: false))
    /// Calls per group at most: on PostgreSQL the group is one statement, and its ~45 bound
    /// values per call must stay under the protocol's 65,535.
    static let maxGroup = 500
    let target: Target

    init(_ target: Target) {
        self.target = target
    }

    /// Succeeds, on `eventLoop`, once the call is committed.
    func insert(_ call: Call, topics: [CallTopic], audit: AuditEvent, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        let done = eventLoop.makePromise(of: Void.self)
        let startFlushing = queue.withLockedValue { queue in
            queue.pending.append(Item(call: call, topics: topics, audit: audit, done: done))
            guard !queue.flushing else { return false }
            queue.flushing = true
            return true
        }
        if startFlushing { Task { await self.flush() } }
        return done.futureResult
    }

    /// Writes what is pending; calls that arrive meanwhile form the next group.
    private func flush() async {
        while true {
            let group = queue.withLockedValue { queue in
                if queue.pending.isEmpty { queue.flushing = false }
                let group = queue.pending.prefix(Self.maxGroup)
                queue.pending.removeFirst(group.count)
                return Array(group)
            }
            guard !group.isEmpty else { return }
            do {
                try await write(group)
                group.forEach { $0.done.succeed() }
            } catch where group.count > 1 {
                for item in group {
                    do {
                        try await write([item])
                        item.done.succeed()
                    } catch {
                        item.done.fail(error)
                    }
                }
            } catch {
                group.forEach { $0.done.fail(error) }
            }
        }
    }

    private func write(_ group: [Item]) async throws {
        let rows = CallRows(calls: group.map(\.call), topics: group.flatMap(\.topics), audits: group.map(\.audit), at: Date())
        switch target {
        case .sqlite(let writer, let writeLock):
            let batches = try rows.sqliteBatches()
            await writeLock.lock()
            do {
                try await writer.write(batches)
                await writeLock.unlock()
            } catch {
                await writeLock.unlock()
                throw error
            }
        case .postgres(let database):
            try await database().raw(rows.postgresStatement()).run()
        }
        group.forEach { $0.call.$id.exists = true }
    }
}

extension Application {
    struct CallBatcherKey: StorageKey { typealias Value = CallInsertBatcher }

    var callBatcher: CallInsertBatcher {
        guard let b = storage[CallBatcherKey.self] else { fatalError("configure(_:) sets up the call batcher") }
        return b
    }
}

/// The rows of a group of calls: the calls, their topics and their audit lines, column by column.
/// Fluent's `create` finds a model's fields by reflection on every call, and SQLKit's insert
/// builder makes an expression tree per row: on the hot path of recording calls, that cost more
/// than the insert itself. These rows hold the same values Fluent would write (the test
/// `batchedCallsReadBackAsFluentWritesThem` compares them).
struct CallRows {
    let calls: [[any Encodable & Sendable]]
    let topics: [[any Encodable & Sendable]]
    let audits: [[any Encodable & Sendable]]

    init(calls: [Call], topics: [CallTopic], audits: [AuditEvent], at now: Date) {
        for call in calls {
            call.createdAt = now
            call.updatedAt = now
        }
        self.calls = calls.map(Self.values)
        self.topics = topics.map { [$0.id!, $0.callID, $0.topicCode, $0.position] }
        self.audits = audits.map {
            [$0.id!, $0.at, $0.userID, $0.username, $0.unitID, $0.action, $0.entityType, $0.entityID, $0.ip, $0.requestID, $0.summary]
        }
    }

    /// SQLite: one prepared single-row INSERT per table, run once per row in one transaction.
    func sqliteBatches() throws -> [SQLiteGroupWriter.Batch] {
        let encoder = SQLiteDataEncoder()
        func encoded(_ rows: [[any Encodable & Sendable]]) throws -> [[SQLiteData]] {
            try rows.map { try $0.map { try encoder.encode($0) } }
        }
        return [
            .init(sql: Self.sqliteInserts.calls, rows: try encoded(calls)),
            .init(sql: Self.sqliteInserts.topics, rows: try encoded(topics)),
            .init(sql: Self.sqliteInserts.audits, rows: try encoded(audits)),
        ]
    }

    /// The single-row INSERTs the SQLite writer keeps prepared, written once.
    private static let sqliteInserts = (calls: singleRowInsert(Call.schema, callColumns),
                                        topics: singleRowInsert(CallTopic.schema, topicColumns),
                                        audits: singleRowInsert(AuditEvent.schema, auditColumns))

    private static func singleRowInsert(_ table: String, _ columns: [String]) -> String {
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        return "INSERT INTO \"\(table)\" (\(names)) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    /// PostgreSQL: the three multi-row INSERTs as one statement (data-modifying WITH), so the group
    /// is one round trip and, as one statement, one transaction. The topics' foreign key to their
    /// call is checked at the end of the statement, when the calls are in.
    func postgresStatement() -> SQLQueryString {
        var statement: SQLQueryString = "WITH c AS (" + MultiRowInsert.statement(Call.schema, Self.callColumns, calls) + ")"
        if !topics.isEmpty {
            statement = statement + ", t AS (" + MultiRowInsert.statement(CallTopic.schema, Self.topicColumns, topics) + ")"
        }
        return statement + " " + MultiRowInsert.statement(AuditEvent.schema, Self.auditColumns, audits)
    }

    static let topicColumns = ["id", "call_id", "topic_code", "position"]

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
