@testable import AnSinhApp
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The identity cache of PostgreSQL (`IdentityCache`): a change to an account or a token, made
/// here or anywhere else, is felt by the next request. On SQLite there is no cache, and the
/// same changes are checked to be felt the same way.
@Suite struct IdentityCacheTests {
    /// A change made outside this process's models (raw SQL, as psql or another instance would
    /// make it) reaches the cache through PostgreSQL's notification.
    @Test func aChangeMadeElsewhereEndsTheCachedIdentity() async throws {
        try await TestApp.run { app, fx in
            let user = fx.user(.counsellor)
            let (_, secret) = try await TokenController.issue(for: user, name: "t", on: app.db)
            let key = Secrets.sha256Hex(secret)
            if let cache = try await Self.listening(app) {
                // The first use writes the token's last use, which empties the cache (here and, a
                // moment later, by notification); a later use keeps it.
                #expect(try await Self.cached(app, secret))
                #expect(try await Self.me(app, secret) == .ok)
                try await (app.db as! any SQLDatabase).raw("UPDATE users SET active = false WHERE id = \(bind: user.id!)").run()
                #expect(await Self.eventually { cache.row(for: key) == nil })
            } else {
                #expect(!app.ansinh.database.isPostgres)
                #expect(try await Self.me(app, secret) == .ok)
                try await (app.db as! any SQLDatabase).raw("UPDATE users SET active = false WHERE id = \(bind: user.id!)").run()
            }
            #expect(try await Self.me(app, secret) == .unauthorized)
        }
    }

    /// A token revoked, or an account changed, through the app works no more on the very next
    /// request: no wait for the notification.
    @Test func aChangeMadeHereIsFeltByTheNextRequest() async throws {
        try await TestApp.run { app, fx in
            let user = fx.user(.counsellor)
            let browser = try await TestClient.signedIn(app, as: user)
            let (token, secret) = try await TokenController.issue(for: user, name: "t", on: app.db)
            let cache = try await Self.listening(app)
            #expect(cache != nil || !app.ansinh.database.isPostgres)
            #expect(try await Self.me(app, secret) == .ok)
            #expect(try await Self.meBody(app, secret).contains("\"role\":\"counsellor\""))
            // A role changed through the model: the next request sees the new role.
            let stored = try #require(try await User.find(user.id, on: app.db))
            stored.role = .supervisor
            let before = cache?.generation()
            try await stored.save(on: app.db)
            // Emptied by the save itself, not (only) by the notification that follows the commit.
            if let before { #expect(try #require(cache?.generation()) > before) }
            #expect(try await Self.meBody(app, secret).contains("\"role\":\"supervisor\""))
            // Revoked from the tokens page.
            _ = try await browser.post(SiteURL.tokenRevoke(token.id!).path)
            #expect(try await Self.me(app, secret) == .unauthorized)
        }
    }

    /// A look-up that began before the cache was emptied does not keep its row (it may predate
    /// the change), and nothing is kept while the cache does not listen.
    @Test func aRowReadBeforeAChangeIsNotKept() async throws {
        try await TestApp.run { app, _ in
            guard let cache = try await Self.listening(app) else {
                #expect(!app.ansinh.database.isPostgres)
                return
            }
            let before = try #require(cache.generation())
            cache.invalidate()
            cache.store(FakeRow(), for: "k", readAt: before)
            #expect(cache.row(for: "k") == nil)
            cache.store(FakeRow(), for: "k", readAt: try #require(cache.generation()))
            #expect(cache.row(for: "k") != nil)
        }
    }

    /// The cache is off (and empty) while its connection is gone, and comes back with a new one.
    @Test func theCacheStopsWhenItsConnectionDropsAndResumes() async throws {
        try await TestApp.run { app, fx in
            guard let cache = try await Self.listening(app) else {
                #expect(!app.ansinh.database.isPostgres)
                return
            }
            let (_, secret) = try await TokenController.issue(for: fx.user(.counsellor), name: "t", on: app.db)
            #expect(try await Self.cached(app, secret))
            try await (app.db as! any SQLDatabase).raw("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE application_name = \(bind: IdentityCache.applicationName) AND datname = current_database()
                """).run()
            #expect(await Self.eventually { cache.generation() == nil })
            #expect(cache.row(for: Secrets.sha256Hex(secret)) == nil)
            #expect(try await Self.me(app, secret) == .ok)
            #expect(await Self.eventually { cache.generation() != nil })
        }
    }

    /// The connection is checked every 15 s: triggers disabled (as a restore with
    /// `--disable-triggers` leaves them) turn the cache off until they are enabled again.
    @Test func theCacheStopsWhileItsTriggersAreDisabled() async throws {
        try await TestApp.run { app, _ in
            guard let cache = try await Self.listening(app) else {
                #expect(!app.ansinh.database.isPostgres)
                return
            }
            let sql = app.db as! any SQLDatabase
            try await sql.raw("ALTER TABLE users DISABLE TRIGGER users_identity_changed").run()
            #expect(await Self.eventually(seconds: 40) { cache.generation() == nil })
            try await sql.raw("ALTER TABLE users ENABLE TRIGGER users_identity_changed").run()
            #expect(await Self.eventually(seconds: 40) { cache.generation() != nil })
        }
    }

    // MARK: Helpers

    /// Uses the token until the cache keeps it (its first use writes its last use, which empties
    /// the cache, and the notification of that write may come a moment later).
    static func cached(_ app: Application, _ secret: String) async throws -> Bool {
        let key = Secrets.sha256Hex(secret)
        for _ in 0..<100 {
            guard try await me(app, secret) == .ok else { return false }
            if app.identityCache?.row(for: key) != nil { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The app's cache once it listens (nil on SQLite). The first look-up starts it.
    static func listening(_ app: Application) async throws -> IdentityCache? {
        guard let cache = app.identityCache else { return nil }
        _ = cache.row(for: "")
        try #require(await eventually { cache.generation() != nil })
        return cache
    }

    static func me(_ app: Application, _ secret: String) async throws -> HTTPStatus {
        try await app.testing().sendRequest(.GET, SiteURL.apiMe.path, headers: ["Authorization": "Bearer \(secret)"]).status
    }

    static func meBody(_ app: Application, _ secret: String) async throws -> String {
        try await app.testing().sendRequest(.GET, SiteURL.apiMe.path, headers: ["Authorization": "Bearer \(secret)"]).body.string
    }

    /// Waits for something that happens asynchronously (a notification, a reconnection).
    static func eventually(seconds: Int = 10, _ condition: () -> Bool) async -> Bool {
        for _ in 0..<(seconds * 20) {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}

private struct FakeRow: SQLRow {
    var allColumns: [String] { [] }
    func contains(column: String) -> Bool { false }
    func decodeNil(column: String) throws -> Bool { true }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { throw Abort(.notFound) }
}
