import AnSinhCore
import Fluent
import Vapor

/// A capability of AnSinh (the hotline, people, cases…), declared in its own folder: its routes,
/// each under the policy that guards it; its migrations; its navigation entries. The route
/// table, the migration list and the layout's menu are assembled from `AppModules.all`, so a
/// new module is its folder plus one line there.
protocol AppModule: Sendable {
    /// Registers the module's routes, each inside `app.guarded(by:)` or `app.publicRoutes`.
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws
    /// The module's migrations, in the order they shipped. Never edit one that has shipped.
    func migrations(_ config: AppConfig) -> [any Migration]
    /// The module's entries in the main menu.
    var navigation: [NavEntry] { get }
    /// The module's part of the OpenAPI document, merged into it: its paths (`/api/v1/…`), its
    /// output schemas, and its request bodies generated from the types the handlers decode.
    var openAPIPaths: JSONValue { get }
    var openAPISchemas: JSONValue { get }
    var openAPIInputs: [InputSchema] { get }
}

extension AppModule {
    func migrations(_ config: AppConfig) -> [any Migration] { [] }
    var navigation: [NavEntry] { [] }
    var openAPIPaths: JSONValue { [:] }
    var openAPISchemas: JSONValue { [:] }
    var openAPIInputs: [InputSchema] { [] }
}

/// A module's typed URLs: each module declares its own enum (`SiteURL` for the older ones),
/// with the route template (`:id` where an id goes) and the path to link to.
protocol PageURL: Hashable, Sendable {
    var template: String { get }
    var path: String { get }
}

extension PageURL {
    /// The path components a route registers.
    var components: [PathComponent] {
        template.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}

/// What some modules' controllers are built with.
struct ModuleContext: Sendable {
    let metrics: RequestMetrics
    let throttle: LoginThrottle
}

/// Who may use a route: anyone, or the signed-in roles a policy allows. Every route records
/// it (`Route.access`); the authorization matrix test checks it against its expected rows, so a
/// route cannot exist without a declared policy.
enum RouteAccess: Sendable, Equatable {
    case publicRoute
    case policy(Policy)
}

extension Route {
    static let accessKey = "ansinh.access"
    var access: RouteAccess? { userInfo[AnySendableHashable(Self.accessKey)] as? RouteAccess }
}

/// A routes builder that tags each route it adds with its access before adding it.
private struct TaggingRoutes: RoutesBuilder {
    let inner: any RoutesBuilder
    let access: RouteAccess

    func add(_ route: Route) {
        route.userInfo[AnySendableHashable(Route.accessKey)] = access
        inner.add(route)
    }
}

extension RoutesBuilder {
    /// Routes for the signed-in roles `policy` allows: `RequireLogin` then the CSRF check
    /// (browsers without a session go to the login page, the API answers 401, a wrong role 403).
    func guarded(by policy: Policy, _ configure: (any RoutesBuilder) throws -> Void) rethrows {
        try configure(TaggingRoutes(inner: grouped(RequireLogin(policy: policy), CSRFMiddleware()), access: .policy(policy)))
    }

    /// Routes anyone may call: probes, assets, the API description, the login form.
    func publicRoutes(_ configure: (any RoutesBuilder) throws -> Void) rethrows {
        try configure(TaggingRoutes(inner: self, access: .publicRoute))
    }
}

/// An entry of the main menu. Entries are shown by section, then in the order of the modules.
struct NavEntry: Sendable {
    enum Section: Int, Sendable, Comparable {
        case start, organization, work, reports, oversight, account
        static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    let section: Section
    let shows: @Sendable (Role) -> Bool
    /// The entry's path for this user.
    let path: @Sendable (User) -> String
    let label: @Sendable (Localizer) -> String

    init(_ section: Section, _ policy: Policy, _ url: SiteURL, _ label: @escaping @Sendable (Localizer) -> String) {
        self.init(section, policy, page: url, label)
    }

    /// An entry to a page of a module's own URLs.
    init(_ section: Section, _ policy: Policy, page url: some PageURL, _ label: @escaping @Sendable (Localizer) -> String) {
        let path = url.path
        self.init(section, shows: { policy.allows($0) }, path: { _ in path }, label: label)
    }

    init(_ section: Section, shows: @escaping @Sendable (Role) -> Bool, path: @escaping @Sendable (User) -> String,
         label: @escaping @Sendable (Localizer) -> String) {
        self.section = section
        self.shows = shows
        self.path = path
        self.label = label
    }
}

extension AppModules {
    /// Every module's routes.
    static func routes(_ app: Application, _ context: ModuleContext) throws {
        for module in all { try module.routes(app, context) }
    }

    /// Every module's migrations, module after module.
    static func migrations(_ config: AppConfig) -> [any Migration] {
        all.flatMap { $0.migrations(config) }
    }

    /// The API paths the modules declare themselves.
    static var openAPIPaths: JSONValue { .object(all.flatMap { pairs($0.openAPIPaths) }) }
    static var openAPISchemas: JSONValue { .object(all.flatMap { pairs($0.openAPISchemas) }) }
    static var openAPIInputs: [InputSchema] { all.flatMap(\.openAPIInputs) }

    private static func pairs(_ value: JSONValue) -> [(String, JSONValue)] {
        if case .object(let pairs) = value { return pairs }
        return []
    }

    /// The menu: by section, then in module order (a stable sort).
    static let navigation: [NavEntry] = all.flatMap(\.navigation).enumerated()
        .sorted { ($0.element.section, $0.offset) < ($1.element.section, $1.offset) }
        .map(\.element)
}
