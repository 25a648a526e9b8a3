import AsyncKit
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import SQLiteNIO
import Vapor

/// The answer while the database cannot be reached or a write ran past its deadline: 503 with
/// `Retry-After`, so that clients (and the browser's user) try again instead of giving up, and
/// never a 500, which says the server is broken.
struct ServiceUnavailable: AbortError {
    /// Seconds a client should wait: a PostgreSQL restart takes a few.
    static let retryAfterSeconds = 5
    var status: HTTPResponseStatus { .serviceUnavailable }
    var reason: String { "unavailable" }
    var headers: HTTPHeaders { ["Retry-After": String(Self.retryAfterSeconds)] }
    /// For the log: what happened underneath.
    let cause: String
}

enum DatabaseFailure {
    /// Whether `error` means the database is out of reach (stopped, restarting, refusing
    /// connections, out of connections, a write past its deadline), rather than a bad request or a bug.
    static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        // A pool is shut down (`ConnectionPoolError`) only when the app stops: the request
        // cannot be served either.
        case is ServiceUnavailable, is DeadlineExceeded, is ConnectionPoolTimeoutError, is ConnectionPoolError, is ChannelError,
             is IOError, is NIOConnectionError:
            return true
        case let psql as PSQLError:
            switch psql.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .poolClosed, .queryCancelled:
                return true
            case .server:
                // 08: connection exception; 57P01-03: shut down, crashed, starting up; 53: out of
                // resources (connections, disk, memory).
                let state = psql.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53")
            default:
                return false
            }
        case let sqlite as SQLiteError:
            switch sqlite.reason {
            case .busy, .locked, .ioError, .full, .cantOpen, .busyTimeout, .busyInRecovery, .busyInSnapshot:
                return true
            default:
                return false
            }
        default:
            return false
        }
    }
}

/// A database operation that ran past its deadline. Its outcome is unknown (it may still
/// commit), which is why the caller hears 503 and retries with the same `Idempotency-Key`.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let what: String
    let seconds: Double
    var description: String { "\(what) ran past its deadline of \(seconds) s" }
}

enum Deadline {
    /// Runs `operation` and returns its result, or throws `DeadlineExceeded` once `seconds` have
    /// passed, without waiting for it: a task group would wait for a child that ignores
    /// cancellation (a query on a connection whose server vanished), which is the hang this
    /// exists to end. The operation is cancelled and `onTimeout` runs, to close what it holds.
    static func run<T: Sendable>(_ what: String, seconds: Double, onTimeout: @escaping @Sendable () -> Void = {},
                                 _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race<T>()
        let work = Task { race.finish(await Result { try await operation() }) }
        let timer = Task {
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            if !Task.isCancelled, race.finish(.failure(DeadlineExceeded(what: what, seconds: seconds))) {
                work.cancel()
                onTimeout()
            }
        }
        let result = await race.value()
        timer.cancel()
        return try result.get()
    }

    /// The first of two outcomes wins; the waiter gets it once.
    private final class Race<T: Sendable>: Sendable {
        private let state = NIOLockedValueBox<(result: Result<T, any Error>?, waiter: CheckedContinuation<Result<T, any Error>, Never>?)>((nil, nil))

        /// True if this outcome won.
        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            let (won, waiter) = state.withLockedValue { s -> (Bool, CheckedContinuation<Result<T, any Error>, Never>?) in
                guard s.result == nil else { return (false, nil) }
                s.result = result
                let w = s.waiter
                s.waiter = nil
                return (true, w)
            }
            waiter?.resume(returning: result)
            return won
        }

        func value() async -> Result<T, any Error> {
            await withCheckedContinuation { continuation in
                let ready = state.withLockedValue { s -> Result<T, any Error>? in
                    if let r = s.result { return r }
                    s.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}

extension Result where Failure == any Error {
    init(_ body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
