@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Every route × (no session, each role, record of another unit) → expected outcome.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Access {
        case publicRoute
        case policy(Policy)
    }

    /// The matrix. A route registered in the app but missing here fails `everyRouteIsInTheMatrix`.
    static let matrix: [String: Access] = [
        "GET /healthz": .publicRoute,
        "GET /readyz": .publicRoute,
        "GET /metrics": .publicRoute,
        "GET /static/:file": .publicRoute,
        "GET /api/v1/openapi.json": .publicRoute,
        "GET /login": .publicRoute,
        "POST /login": .publicRoute,
        "GET /": .policy(.signedIn),
        "POST /logout": .policy(.signedIn),
        "GET /account": .policy(.signedIn),
        "POST /account/language": .policy(.signedIn),
        "GET /account/password": .policy(.signedIn),
        "POST /account/password": .policy(.signedIn),
        "GET /account/held-form": .policy(.signedIn),
        "GET /staff": .policy(.viewUnits),
        "GET /staff/export": .policy(.viewUnits),
        "GET /api/v1/staff": .policy(.viewUnits),
        "GET /api/v1/reports/staff": .policy(.viewUnits),
        "GET /staff/new": .policy(.administer),
        "POST /staff": .policy(.administer),
        "GET /staff/:id/edit": .policy(.administer),
        "POST /staff/:id/edit": .policy(.administer),
        "POST /api/v1/staff": .policy(.administer),
        "PATCH /api/v1/staff/:id": .policy(.administer),
        "GET /account/tokens": .policy(.useAPITokens),
        "POST /account/tokens": .policy(.useAPITokens),
        "POST /account/tokens/:id/revoke": .policy(.useAPITokens),
        "GET /api/v1/me": .policy(.signedIn),
        "GET /api/v1/admin-units/provinces": .policy(.signedIn),
        "GET /api/v1/admin-units/communes": .policy(.signedIn),
        "GET /api/v1/admin-units/legacy-communes/:code": .policy(.signedIn),
        "GET /units/:id": .policy(.viewUnits),
        "GET /admin/units": .policy(.administer),
        "POST /admin/units": .policy(.administer),
        "GET /admin/units/new": .policy(.administer),
        "GET /admin/units/:id/edit": .policy(.administer),
        "POST /admin/units/:id/edit": .policy(.administer),
        "POST /admin/units/:id/active": .policy(.administer),
        "GET /admin/users": .policy(.administer),
        "POST /admin/users": .policy(.administer),
        "GET /admin/users/new": .policy(.administer),
        "GET /admin/users/:id/edit": .policy(.administer),
        "POST /admin/users/:id/edit": .policy(.administer),
        "POST /admin/users/:id/active": .policy(.administer),
        "POST /admin/users/:id/reset-password": .policy(.administer),
        "GET /admin/calendar": .policy(.administer),
        "POST /admin/calendar": .policy(.administer),
        "POST /admin/calendar/:id/delete": .policy(.administer),
        "GET /admin/audit": .policy(.viewAudit),
        "GET /api/v1/hotline/lines": .policy(.signedIn),
        "GET /api/v1/hotline/topics": .policy(.signedIn),
        "POST /api/v1/hotline/lines": .policy(.recordCalls),
        "POST /api/v1/calls": .policy(.recordCalls),
        "PATCH /api/v1/calls/:id": .policy(.recordCalls),
        "GET /api/v1/calls": .policy(.viewCalls),
        "GET /api/v1/calls/:id": .policy(.viewCalls),
        "GET /api/v1/reports/hotline": .policy(.viewReports),
        "GET /api/v1/hotline/repeat-caller": .policy(.recordCalls),
        "GET /hotline/calls/new": .policy(.recordCalls),
        "POST /hotline/calls": .policy(.recordCalls),
        "GET /hotline/calls/:id": .policy(.recordCalls),
        "POST /hotline/calls/:id": .policy(.recordCalls),
        "POST /hotline/calls/:id/person": .policy(.recordCalls),
        "POST /hotline/calls/:id/undo": .policy(.recordCalls),
        "GET /hotline/calls": .policy(.viewCalls),
        "GET /hotline/report": .policy(.viewReports),
        "GET /hotline/calls/export": .policy(.viewCalls),
        "GET /api/v1/hotline/experts": .policy(.recordCalls),
        "POST /api/v1/hotline/experts": .policy(.recordCalls),
        "POST /api/v1/calls/:id/questions": .policy(.recordCalls),
        "PATCH /api/v1/hotline/questions/:id": .policy(.recordCalls),
        "POST /api/v1/calls/:id/handoffs": .policy(.recordCalls),
        "PATCH /api/v1/hotline/handoffs/:id": .policy(.recordCalls),
        "GET /api/v1/hotline/work": .policy(.recordCalls),
        "GET /hotline/calls/:id/caller": .policy(.viewCallerIdentity),
        "GET /hotline/work": .policy(.recordCalls),
        "GET /hotline/lines": .policy(.recordCalls),
        "POST /hotline/calls/:id/called-back": .policy(.recordCalls),
        "POST /api/v1/hotline/topics": .policy(.configureHotline),
        "PATCH /api/v1/hotline/topics/:code": .policy(.configureHotline),
        "POST /hotline/lines": .policy(.recordCalls),
        "POST /hotline/lines/:id/active": .policy(.recordCalls),
        "POST /hotline/questions/:id/called-back": .policy(.recordCalls),
        "GET /hotline/report/export": .policy(.viewReports),
        "POST /api/v1/persons": .policy(.managePeople),
        "POST /api/v1/persons/:id/relations": .policy(.managePeople),
        "GET /api/v1/persons/:id/relations": .policy(.managePeople),
        "POST /api/v1/persons/:id/consents": .policy(.managePeople),
        "GET /api/v1/persons/:id/consents": .policy(.managePeople),
        "PATCH /api/v1/persons/:id/consents/:consent": .policy(.managePeople),
        "POST /api/v1/cases": .policy(.manageCases),
        "GET /api/v1/reports/cases": .policy(.viewReports),
        "GET /cases/report": .policy(.viewReports),
        "GET /cases/report/export": .policy(.viewReports),
        "POST /api/v1/cases/:id/attachments": .policy(.manageCases),
        "GET /api/v1/cases/:id/attachments": .policy(.manageCases),
        "GET /cases/:id/attachments/:file": .policy(.manageCases),
        "POST /cases/:id/notes": .policy(.manageCases),
        "POST /cases/:id/notes/:note/done": .policy(.manageCases),
        "POST /cases/:id/plans": .policy(.manageCases),
        "POST /cases/:id/plans/:plan/decision": .policy(.manageCases),
        "POST /cases/:id/attachments": .policy(.manageCases),
        "POST /api/v1/cases/:id/notes": .policy(.manageCases),
        "GET /api/v1/cases/:id/notes": .policy(.manageCases),
        "POST /api/v1/cases/:id/assessments": .policy(.manageCases),
        "GET /api/v1/cases/:id/assessments": .policy(.manageCases),
        "POST /api/v1/cases/:id/plans": .policy(.manageCases),
        "GET /api/v1/cases/:id/plans": .policy(.manageCases),
        "POST /api/v1/cases/:id/plans/:plan/decision": .policy(.manageCases),
        "PUT /api/v1/targets": .policy(.setTargets),
        "GET /cases/targets": .policy(.setTargets),
        "POST /cases/targets": .policy(.setTargets),
        "GET /cases": .policy(.manageCases),
        "POST /cases": .policy(.manageCases),
        "GET /cases/new": .policy(.manageCases),
        "GET /cases/:id": .policy(.manageCases),
        "POST /cases/:id/move": .policy(.manageCases),
        "GET /api/v1/cases/:id/persons": .policy(.manageCases),
        "PATCH /api/v1/cases/:id": .policy(.manageCases),
        "POST /people/:id/photo": .policy(.managePeople),
        "GET /people/:id/photo": .policy(.managePeople),
        "POST /people/:id/relations": .policy(.managePeople),
        "POST /people/:id/relations/:item/remove": .policy(.managePeople),
        "DELETE /api/v1/persons/:id/relations/:item": .policy(.managePeople),
        "POST /api/v1/cases/:id/disclosures": .policy(.manageCases),
        "GET /api/v1/cases/:id/disclosures": .policy(.manageCases),
        "POST /cases/:id/disclosures": .policy(.manageCases),
        "POST /cases/:id/assessments": .policy(.manageCases),
        "POST /people/:id/consents": .policy(.managePeople),
        "POST /people/:id/consents/:consent/withdraw": .policy(.managePeople),
        "POST /api/v1/persons/:id/merge": .policy(.mergePeople),
        "GET /people/:id/merge": .policy(.mergePeople),
        "POST /people/:id/merge": .policy(.mergePeople),
        "GET /cases/:id/edit": .policy(.manageCases),
        "POST /cases/:id/edit": .policy(.manageCases),
        "GET /api/v1/client-groups": .policy(.signedIn),
        "GET /api/v1/case-deadlines": .policy(.signedIn),
        "POST /api/v1/client-groups": .policy(.configureCases),
        "PATCH /api/v1/client-groups/:code": .policy(.configureCases),
        "PUT /api/v1/case-deadlines": .policy(.configureCases),
        "GET /admin/case-settings": .policy(.configureCases),
        "POST /admin/case-settings/groups": .policy(.configureCases),
        "POST /admin/case-settings/groups/:code/active": .policy(.configureCases),
        "POST /admin/case-settings/deadlines": .policy(.configureCases),
        "POST /api/v1/cases/:id/persons": .policy(.manageCases),
        "DELETE /api/v1/cases/:id/persons/:item": .policy(.manageCases),
        "POST /cases/:id/persons": .policy(.manageCases),
        "POST /cases/:id/persons/:item/remove": .policy(.manageCases),
        "PUT /api/v1/cases/:id/assignment": .policy(.approveCases),
        "POST /api/v1/cases/:id/team": .policy(.approveCases),
        "DELETE /api/v1/cases/:id/team/:item": .policy(.approveCases),
        "POST /api/v1/cases/:id/transfers": .policy(.approveCases),
        "GET /api/v1/transfers": .policy(.manageCases),
        "POST /api/v1/transfers/:id/decision": .policy(.approveCases),
        "POST /cases/:id/assignment": .policy(.approveCases),
        "POST /cases/:id/team": .policy(.approveCases),
        "POST /cases/:id/team/:item/remove": .policy(.approveCases),
        "POST /cases/:id/transfers": .policy(.approveCases),
        "GET /cases/transfers": .policy(.manageCases),
        "POST /cases/transfers/:id/decision": .policy(.approveCases),
        "GET /api/v1/cases": .policy(.manageCases),
        "GET /api/v1/cases/:id": .policy(.manageCases),
        "POST /api/v1/cases/:id/transitions": .policy(.manageCases),
        "GET /api/v1/persons": .policy(.managePeople),
        "GET /api/v1/persons/:id": .policy(.managePeople),
        "PATCH /api/v1/persons/:id": .policy(.managePeople),
        "GET /people": .policy(.managePeople),
        "POST /people": .policy(.managePeople),
        "GET /people/new": .policy(.managePeople),
        "GET /people/:id": .policy(.managePeople),
        "GET /people/:id/edit": .policy(.managePeople),
        "POST /people/:id/edit": .policy(.managePeople),
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    @Test func everyRouteIsInTheMatrix() async throws {
        try await TestApp.run { app, _ in
            let registered = Set(app.routes.all.map(Self.key))
            for route in registered.sorted() {
                #expect(Self.matrix[route] != nil, "route \(route) is missing from the authorization matrix")
            }
            for route in Self.matrix.keys.sorted() {
                #expect(registered.contains(route), "matrix lists \(route), which is not registered")
            }
        }
    }

    /// Issue 15: each module declares its routes with their policies (`guarded(by:)`); a route
    /// without a declared access cannot exist, and what it declares is what the matrix expects.
    @Test func everyRouteDeclaresTheAccessTheMatrixExpects() async throws {
        try await TestApp.run { app, _ in
            for route in app.routes.all {
                let key = Self.key(route)
                let declared = try #require(route.access, "\(key) declares no access")
                switch (Self.matrix[key], declared) {
                case (.publicRoute?, .publicRoute): break
                case (.policy(let expected)?, .policy(let actual)): #expect(expected == actual, "\(key): the matrix expects \(expected), the module declares \(actual)")
                default: Issue.record("\(key): the matrix expects \(String(describing: Self.matrix[key])), the module declares \(declared)")
                }
            }
        }
    }

    @Test func noSessionIsSentToLoginOrRefused() async throws {
        try await TestApp.run { app, fx in
            for (route, access) in Self.matrix.sorted(by: { $0.key < $1.key }) {
                guard case .policy = access else { continue }
                let (method, path) = Self.concrete(route, fx, tokenID: UUID(), swapID: UUID())
                let res = try await TestClient(app).send(method, path, headers: [:], body: nil)
                if path.hasPrefix("/api/") {
                    #expect(res.status == .unauthorized, "\(route) without session")
                } else if method == .GET {
                    #expect(res.status == .seeOther, "\(route) without session")
                    #expect(res.location?.hasPrefix("/login?next=") == true, "\(route) without session")
                } else {
                    #expect(res.status == .seeOther || res.status == .forbidden, "\(route) without session")
                }
            }
        }
    }

    @Test(arguments: Role.allCases)
    func eachRoleGetsWhatItsPolicyAllows(role: Role) async throws {
        try await TestApp.run { app, fx in
            let user = fx.user(role)
            let (token, _) = try await TokenController.issue(for: user, name: "t", on: app.db)
            let swap = SwappedDayRecord(date: LocalDate(year: 2030, month: 1, day: 2)!, kind: .dayOff, note: "", createdBy: nil)
            try await swap.create(on: app.db)
            for (route, access) in Self.matrix.sorted(by: { $0.key < $1.key }) {
                guard case .policy(let policy) = access else { continue }
                let (method, path) = Self.concrete(route, fx, tokenID: token.id!, swapID: swap.id!)
                let client = try await TestClient.signedIn(app, as: user)
                let res = method == .GET ? try await client.get(path)
                    : method == .POST ? try await client.post(path)
                    : try await client.send(method, path, headers: ["X-CSRF-Token": client.csrf ?? ""], body: nil)
                if policy.allows(role) {
                    #expect(![.unauthorized, .forbidden, .internalServerError].contains(res.status), "\(role) \(route) → \(res.status)")
                } else {
                    #expect(res.status == .forbidden, "\(role) \(route) → \(res.status)")
                }
            }
        }
    }

    /// The menu offers only what the role may open: a collaborator sees no "Mã truy cập API"
    /// and no reports (a link that answers 403 is a dead end).
    @Test(arguments: Role.allCases)
    func theMenuLinksOnlyToAllowedPages(role: Role) async throws {
        try await TestApp.run { app, fx in
            let client = try await TestClient.signedIn(app, as: fx.user(role))
            let home = try await client.get(SiteURL.home.path)
            let start = try #require(home.text.range(of: "id=\"main-nav\""))
            let end = try #require(home.text.range(of: "</nav>", range: start.upperBound..<home.text.endIndex))
            let nav = String(home.text[start.lowerBound..<end.lowerBound])
            let links: [(String, Policy)] = [(SiteURL.tokens.path, .useAPITokens), (SiteURL.hotlineReport.path, .viewReports),
                                             (SiteURL.caseReport.path, .viewReports), (SiteURL.adminAudit.path, .viewAudit)]
            for (path, policy) in links {
                #expect(nav.contains("href=\"\(path)\"") == policy.allows(role), "\(role): \(path) in the menu")
            }
            let account = try await client.get(SiteURL.account.path)
            #expect(account.text.contains("href=\"\(SiteURL.tokens.path)\"") == Policy.useAPITokens.allows(role), "\(role): tokens on /account")
        }
    }

    @Test func recordsOfAnotherUnitAnswer404() async throws {
        try await TestApp.run { app, fx in
            // A case worker of office A sees A and the units below it, not office B or the center.
            let a = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            #expect(try await a.get(SiteURL.unitShow(fx.officeA.id!).path).status == .ok)
            #expect(try await a.get(SiteURL.unitShow(fx.officeA1.id!).path).status == .ok)
            #expect(try await a.get(SiteURL.unitShow(fx.officeB.id!).path).status == .notFound)
            #expect(try await a.get(SiteURL.unitShow(fx.center.id!).path).status == .notFound)
            // The director sees the whole center.
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            #expect(try await director.get(SiteURL.unitShow(fx.officeB.id!).path).status == .ok)
            // Another user's API token is not found, even for an administrator.
            let (token, _) = try await TokenController.issue(for: fx.caseWorkerB, name: "b", on: app.db)
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            #expect(try await admin.post(SiteURL.tokenRevoke(token.id!).path).status == .notFound)
            #expect(try await a.post(SiteURL.tokenRevoke(token.id!).path).status == .notFound)
            // Ids that do not exist are 404 too, never 500.
            #expect(try await admin.get(SiteURL.adminUnitEdit(UUID()).path).status == .notFound)
            #expect(try await admin.get("/admin/units/not-a-uuid/edit").status == .notFound)
        }
    }

    /// A request for a route template, with ids of fixture records.
    static func concrete(_ route: String, _ fx: Fixture, tokenID: UUID, swapID: UUID) -> (HTTPMethod, String) {
        let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
        var path = parts[1]
        if path.hasPrefix("/account/tokens/") { path = path.replacingOccurrences(of: ":id", with: tokenID.uuidString) }
        if path.hasPrefix("/admin/users/") { path = path.replacingOccurrences(of: ":id", with: fx.caseWorkerB.id!.uuidString) }
        if path.hasPrefix("/hotline/lines/") { path = path.replacingOccurrences(of: ":id", with: UUID().uuidString) }
        if path.hasPrefix("/admin/calendar/") { path = path.replacingOccurrences(of: ":id", with: swapID.uuidString) }
        path = path.replacingOccurrences(of: ":id", with: fx.officeA.id!.uuidString)
        path = path.replacingOccurrences(of: ":plan", with: UUID().uuidString)
        path = path.replacingOccurrences(of: ":file", with: UUID().uuidString)
        path = path.replacingOccurrences(of: ":note", with: UUID().uuidString)
        path = path.replacingOccurrences(of: ":consent", with: UUID().uuidString)
        path = path.replacingOccurrences(of: ":item", with: UUID().uuidString)
        path = path.replacingOccurrences(of: ":code", with: path.hasPrefix("/api/v1/hotline/topics/") ? "no.such" : "00001")
        if path == "/api/v1/admin-units/communes" { path += "?province=22&q=ha" }
        if path == "/api/v1/reports/hotline" || path == "/api/v1/reports/cases" { path += "?from=2021-01-01&to=2021-12-31" }
        if path == "/api/v1/hotline/repeat-caller" { path += "?phone=0901234567" }
        return (HTTPMethod(rawValue: parts[0]), path)
    }
}
