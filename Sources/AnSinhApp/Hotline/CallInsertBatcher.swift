import Fluent
import FluentPostgresDriver
import NIOConcurrencyHelpers
import SQLiteKit
import Vapor

/// Groups calls recorded at the same moment into one transaction: one commit (one fsync) for
/// the whole group instead of one per call. Each caller still gets its answer only after the
/// commit that holds its call, so an acknowledged call is durable. If a group fails, its calls
/// are retried one by one, so one bad row does not fail its neighbours.
///
/// A call joins the queue under a lock and gets a promise on its request's event loop: no task
/// and no actor hop per call. A task writes groups while there are any (up to `maxWriters` such
/// tasks at once).
final class CallInsertBatcher: Sendable {
    private struct Item {
        let call: CallRecord
        let topics: [CallTopicRecord]
        let audit: AuditEvent
        let done: EventLoopPromise<Void>
    }

    /// Where a group goes.
    enum Target: Sendable {
        /// SQLite: a connection of its own writing the whole group in one job (`SQLiteGroupWriter`),
        /// under the lock every other writer takes, so that it queues behind them instead of
        /// meeting SQLITE_BUSY.
        case sqlite(SQLiteGroupWriter, writeLock: AsyncMutex)
        /// PostgreSQL: one prepared statement for the group, on the app's pool.
        case postgres(@Sendable () -> any PostgresDatabase)
    }

    private let queue = NIOLockedValueBox((pending: [Item](), writers: 0))
    /// Calls per group at most: a bound on the time one group holds the write lock (SQLite) or
    /// a connection (PostgreSQL), and on what fails together before the one-by-one retry.
    static let maxGroup = 500
    let target: Target

    /// Groups written at the same time at most. SQLite has one writer. On PostgreSQL a second
    /// group is sent while the first waits for its commit, so that calls arriving meanwhile do
    /// not wait for that commit and then for their own (measured: 2 did better than 1 and 4).
    let maxWriters: Int

    init(_ target: Target) {
        self.target = target
        switch target {
        case .sqlite: maxWriters = 1
        case .postgres: maxWriters = 2
        }
    }

    /// Succeeds, on `eventLoop`, once the call is committed.
    func insert(_ call: CallRecord, topics: [CallTopicRecord], audit: AuditEvent, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        let done = eventLoop.makePromise(of: Void.self)
        let startFlushing = queue.withLockedValue { queue in
            queue.pending.append(Item(call: call, topics: topics, audit: audit, done: done))
            guard queue.writers < self.maxWriters else { return false }
            queue.writers += 1
            return true
        }
        if startFlushing { Task { await self.flush() } }
        return done.futureResult
    }

    /// Writes what is pending; calls that arrive meanwhile form the next group. Ends, and frees
    /// its writer's place, when nothing is pending. A group that fails for a reason of its own
    /// (a bad row) is retried one call at a time; one that fails because the database is out of
    /// reach or past the deadline is refused whole, with 503: retrying it would only wait again.
    private func flush() async {
        while true {
            let group = queue.withLockedValue { queue in
                if queue.pending.isEmpty { queue.writers -= 1 }
                let group = queue.pending.prefix(Self.maxGroup)
                queue.pending.removeFirst(group.count)
                return Array(group)
            }
            guard !group.isEmpty else { return }
            do {
                try await write(group)
                group.forEach { $0.done.succeed() }
            } catch where group.count > 1 && !DatabaseFailure.isUnavailable(error) {
                for item in group {
                    do {
                        try await write([item])
                        item.done.succeed()
                    } catch {
                        item.done.fail(Self.callerError(error))
                    }
                }
            } catch {
                group.forEach { $0.done.fail(Self.callerError(error)) }
            }
        }
    }

    /// What the callers of a failed group hear: 503 when the database is out of reach or the
    /// write ran past its deadline (its outcome unknown: the client retries with its
    /// `Idempotency-Key`), the error itself otherwise.
    private static func callerError(_ error: any Error) -> any Error {
        DatabaseFailure.isUnavailable(error) ? ServiceUnavailable(cause: String(describing: error)) : error
    }

    /// A group write that takes longer than this is given up: its callers hear 503 and its
    /// writer's place goes to the next group. A commit of 500 calls takes milliseconds; seconds
    /// mean a database that is gone or a connection that will never answer.
    static let deadlineSeconds = 10.0

    /// Writes that started and have not ended, even those given up at their deadline: one that
    /// outlives its deadline by far is stuck, and `/readyz` says so.
    private let openWrites = NIOLockedValueBox((next: 0, started: [Int: Date]()))

    /// The start of the oldest write still running after twice its deadline, if any.
    func stuckSince(now: Date = Date()) -> Date? {
        openWrites.withLockedValue { $0.started.values.min() }.flatMap { now.timeIntervalSince($0) > 2 * Self.deadlineSeconds ? $0 : nil }
    }

    private func write(_ group: [Item]) async throws {
        let rows = CallRows(calls: group.map(\.call), topics: group.flatMap(\.topics), audits: group.map(\.audit), at: Date())
        let token = openWrites.withLockedValue { w in
            w.next += 1
            w.started[w.next] = Date()
            return w.next
        }
        let done: @Sendable () -> Void = { [openWrites] in _ = openWrites.withLockedValue { $0.started.removeValue(forKey: token) } }
        switch target {
        case .sqlite(let writer, let writeLock):
            let batches = try rows.sqliteBatches()
            try await Deadline.run("call group write", seconds: Self.deadlineSeconds) {
                defer { done() }
                await writeLock.lock()
                // Given up while waiting for the lock: its callers already heard 503.
                guard !Task.isCancelled else {
                    await writeLock.unlock()
                    throw CancellationError()
                }
                do {
                    try await writer.write(batches)
                    await writeLock.unlock()
                } catch {
                    await writeLock.unlock()
                    throw error
                }
            }
        case .postgres(let database):
            let postgres = database()
            let statement = CallRows.PostgresGroupInsert(rows: rows)
            let held = NIOLockedValueBox<PostgresConnection?>(nil)
            try await Deadline.run("call group write", seconds: Self.deadlineSeconds, onTimeout: {
                // A connection that does not answer is closed: that fails its query and frees
                // the pool's place, instead of leaving both to wait for ever.
                let connection = held.withLockedValue { $0 }
                connection?.close().whenComplete { _ in }
            }) {
                defer { done() }
                try await postgres.withConnection { connection in
                    connection.eventLoop.makeFutureWithTask {
                        held.withLockedValue { $0 = connection }
                        try await Self.groupInsert(statement, on: connection, logger: postgres.logger)
                    }
                }.get()
            }
        }
    }

    /// The group in an explicit transaction. Alone, the statement would run in an implicit one
    /// that PostgreSQL commits at the protocol's Sync, and PostgresNIO reports the statement
    /// done at its CommandComplete, which comes before that: a crash in between lost calls that
    /// had been answered 201. The explicit COMMIT's CommandComplete comes after the commit
    /// (PostgreSQL finishes a transaction statement before it reports it), so the callers are
    /// answered only once their calls are on disk.
    static func groupInsert(_ statement: CallRows.PostgresGroupInsert, on connection: PostgresConnection, logger: Logger) async throws {
        _ = try await connection.query("BEGIN", logger: logger)
        do {
            // Read to the end (there are no rows): PostgresNIO's overload that answers the
            // command tag instead fails a precondition when the statement returns no rows.
            for try await _ in try await connection.execute(statement, logger: logger) {}
            _ = try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
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

/// The rows of a group of calls: the calls, their topics and their audit lines. Fluent's
/// `create` finds a model's fields by reflection on every call, and SQL builders make an
/// expression tree per row: on the hot path of recording calls, that cost more than the insert
/// itself. The columns below hold the same values Fluent would write (the test
/// `batchedCallsReadBackAsFluentWritesThem` compares them).
struct CallRows: Sendable {
    let calls: [CallRecord]
    let topics: [CallTopicRecord]
    let audits: [AuditEvent]

    init(calls: [CallRecord], topics: [CallTopicRecord], audits: [AuditEvent], at now: Date) {
        self.calls = calls.map { call in
            var call = call
            call.createdAt = now
            call.updatedAt = now
            return call
        }
        self.topics = topics
        self.audits = audits
    }

    /// SQLite: one prepared single-row INSERT per table, run once per row in one transaction.
    func sqliteBatches() throws -> [SQLiteGroupWriter.Batch] {
        let encoder = SQLiteDataEncoder()
        func batch<Row>(_ sql: String, _ columns: [GroupColumn<Row>], _ rows: [Row]) throws -> SQLiteGroupWriter.Batch {
            .init(sql: sql, rows: try rows.map { row in try columns.map { try $0.sqliteValue(row, encoder) } })
        }
        return [
            try batch(Self.sqliteInserts.calls, Self.callColumns, calls),
            try batch(Self.sqliteInserts.topics, Self.topicColumns, topics),
            try batch(Self.sqliteInserts.audits, Self.auditColumns, audits),
        ]
    }

    /// The single-row INSERTs the SQLite writer keeps prepared, written once.
    private static let sqliteInserts = (calls: singleRowInsert(Call.schema, callColumns),
                                        topics: singleRowInsert(CallTopic.schema, topicColumns),
                                        audits: singleRowInsert(AuditEvent.schema, auditColumns))

    private static func singleRowInsert<Row>(_ table: String, _ columns: [GroupColumn<Row>]) -> String {
        let names = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        return "INSERT INTO \"\(table)\" (\(names)) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    /// PostgreSQL: the whole group as one prepared statement. The three INSERTs are one statement
    /// (data-modifying WITH), so that the group is one round trip and, as one statement, one
    /// transaction; the topics' foreign key to their call is checked at the end of the statement,
    /// when the calls are in. Each column comes as one array (`unnest` makes rows of them
    /// again), so the text is the same whatever the group's size: PostgreSQL parses and plans it
    /// once per connection, not once per group.
    struct PostgresGroupInsert: PostgresPreparedStatement {
        typealias Row = ()
        static let name = "ansinh_call_group_insert"
        static let sql: String = {
            var next = 0
            func insert<R>(_ table: String, _ columns: [GroupColumn<R>]) -> String {
                let names = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
                let arrays = columns.map { _ in next += 1; return "$\(next)" }.joined(separator: ", ")
                return "INSERT INTO \"\(table)\" (\(names)) SELECT * FROM unnest(\(arrays))"
            }
            return "WITH c AS (\(insert(Call.schema, callColumns))), t AS (\(insert(CallTopic.schema, topicColumns))) "
                + insert(AuditEvent.schema, auditColumns)
        }()
        static let bindingDataTypes = callColumns.map(\.postgresArrayType) + topicColumns.map(\.postgresArrayType)
            + auditColumns.map(\.postgresArrayType)

        let rows: CallRows

        func makeBindings() -> PostgresBindings {
            var bindings = PostgresBindings(capacity: Self.bindingDataTypes.count)
            for column in CallRows.callColumns { column.appendPostgresArray(rows.calls, &bindings) }
            for column in CallRows.topicColumns { column.appendPostgresArray(rows.topics, &bindings) }
            for column in CallRows.auditColumns { column.appendPostgresArray(rows.audits, &bindings) }
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws {}
    }

    static let topicColumns: [GroupColumn<CallTopicRecord>] = [
        .init("id") { $0.id }, .init("call_id") { $0.callID }, .init("topic_code") { $0.topicCode }, .init("position") { $0.position },
    ]

    static let auditColumns: [GroupColumn<AuditEvent>] = [
        .init("id") { $0.id }, .init("at") { $0.at }, .init("user_id") { $0.userID }, .init("username") { $0.username },
        .init("unit_id") { $0.unitID }, .init("action") { $0.action }, .init("entity_type") { $0.entityType },
        .init("entity_id") { $0.entityID }, .init("ip") { $0.ip }, .init("request_id") { $0.requestID },
        .init("summary") { $0.summary }, .init("idempotency_key") { $0.idempotencyKey },
    ]

    static let callColumns: [GroupColumn<CallRecord>] = [
        .init("id") { $0.id }, .init("created_at") { $0.createdAt }, .init("updated_at") { $0.updatedAt },
        .init("created_by") { $0.createdBy }, .init("version") { $0.version }, .init("unit_id") { $0.unitID },
        .init("line_id") { $0.lineID }, .init("channel") { $0.channel.rawValue }, .init("direction") { $0.direction.rawValue },
        .init("started_at") { $0.startedAt }, .init("ended_at") { $0.endedAt }, .init("counsellor_id") { $0.counsellorID },
        .init("kind") { $0.kind.rawValue }, .init("incomplete") { $0.incomplete }, .init("primary_topic") { $0.primaryTopic },
        .init("urgency") { $0.urgency?.rawValue }, .init("caller_name") { $0.callerName },
        .init("caller_phone") { $0.callerPhone }, .init("caller_phone_hash") { $0.callerPhoneHash },
        .init("caller_sex") { $0.callerSex?.rawValue }, .init("caller_age_group") { $0.callerAgeGroup?.rawValue },
        .init("caller_relation") { $0.callerRelation?.rawValue }, .init("person_is_child") { $0.personIsChild },
        .init("person_sex") { $0.personSex?.rawValue }, .init("person_age_group") { $0.personAgeGroup?.rawValue },
        .init("person_province_code") { $0.personProvinceCode }, .init("person_commune_code") { $0.personCommuneCode },
        .init("summary") { $0.summary }, .init("actions") { $0.actions }, .init("callback_consent") { $0.callbackConsent },
        .init("callback_due_at") { $0.callbackDueAt }, .init("callback_done_at") { $0.callbackDoneAt },
        .init("person_id") { $0.personID },
    ]
}
