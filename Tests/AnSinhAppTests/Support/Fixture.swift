@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Vapor

/// The people and units most tests need: a center, two offices (A with a sub-office A1, and B),
/// and an account of every role in the center and in office A, plus a case worker in B.
struct Fixture: Sendable {
    let center: OrgUnit
    let officeA: OrgUnit
    let officeA1: OrgUnit
    let officeB: OrgUnit
    /// One account per role, in office A (admin and director in the center).
    let users: [Role: User]
    let caseWorkerB: User

    static let password = "Mat-Khau-Thu-2026"

    static func make(_ app: Application) async throws -> Fixture {
        let db = app.db
        let center = OrgUnit(name: "Trung tâm Công tác xã hội tỉnh Thử", kind: .center, code: "TT", parentID: nil)
        try await center.create(on: db)
        let a = OrgUnit(name: "Văn phòng CTXH phường A", kind: .commune, code: "VPA", parentID: center.id)
        try await a.create(on: db)
        let a1 = OrgUnit(name: "Văn phòng CTXH trường A1", kind: .school, code: "VPA1", parentID: a.id)
        try await a1.create(on: db)
        let b = OrgUnit(name: "Văn phòng CTXH xã B", kind: .commune, code: "VPB", parentID: center.id)
        try await b.create(on: db)
        let hash = try await app.password.async.hash(password)
        var users: [Role: User] = [:]
        for role in Role.allCases {
            let unit = role.seesWholeCenter ? center : a
            let user = User(username: "u.\(role.rawValue.lowercased())", fullName: "Người dùng \(role.rawValue)",
                            passwordHash: hash, role: role, unitID: unit.id!, mustChangePassword: false)
            try await user.create(on: db)
            users[role] = user
        }
        let cwB = User(username: "u.caseworker.b", fullName: "Cán bộ xã B", passwordHash: hash, role: .caseWorker,
                       unitID: b.id!, mustChangePassword: false)
        try await cwB.create(on: db)
        return Fixture(center: center, officeA: a, officeA1: a1, officeB: b, users: users, caseWorkerB: cwB)
    }

    func user(_ role: Role) -> User { users[role]! }

    /// One more account, for tests that need a role in another unit (office B).
    func makeUser(_ app: Application, role: Role, unit: OrgUnit, username: String) async throws -> User {
        let user = User(username: username, fullName: "Người dùng \(username)", passwordHash: try await app.password.async.hash(Self.password),
                        role: role, unitID: unit.id!, mustChangePassword: false)
        try await user.create(on: app.db)
        return user
    }
}
