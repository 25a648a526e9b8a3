import AnSinhCore
import Plot
import Vapor

/// The one layout every page fills: header with the center, the user and role, the language
/// switch and logout; navigation by role; the flash message; the page's content.
enum Layout {
    static func render(_ req: Request, title: String, content: BodyNode) async -> String {
        let t = req.t
        let centerName = await req.application.centerName.current(req)
        let identity = req.identity
        let flash = req.takeFlash()
        let assets = req.application.assets
        let html = HTML(
            .lang(req.language == .vi ? .vietnamese : .english),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice, initialScale: 1),
                .element(named: "title", text: "\(title) · \(t(.appName))"),
                // No favicon request: browsers would ask for /favicon.ico on every first visit.
                .element(named: "link", nodes: [.attribute(named: "rel", value: "icon"), .attribute(named: "href", value: "data:,")]),
                .stylesheet(SiteURL.staticAsset("app.css").path + "?v=" + assets.version),
                .element(named: "script", nodes: [
                    .attribute(named: "src", value: SiteURL.staticAsset("app.js").path + "?v=" + assets.version),
                    .attribute(named: "defer"),
                ])
            ),
            .body(
                // Browser drafts are kept under this session's scope only (app.js): another
                // session on the same computer, or a signed-out page, discards them unread.
                .attribute(named: "data-draft-scope", value: identity?.session.map { draftScope(csrfToken: $0.csrfToken) }),
                .el("a", [.cls("skip-link"), .hrefRaw("#main")], [.txt(t(.skipToContent))]),
                header(req, identity, centerName, t),
                identity.map { nav(req, $0.user, t) } ?? .empty,
                .el("main", [.id("main"), Attr("tabindex", "-1")], [
                    flash.map { flashNode($0, t) } ?? .empty,
                    content,
                ]),
                .el("footer", [.cls("site-footer")], [.el("p", [], [.txt(t(.footerNote))])])
            )
        )
        return html.render()
    }

    /// An opaque name for the session's browser drafts: a hash of its CSRF token, so that it
    /// reveals nothing of the token and changes with every sign-in.
    static func draftScope(csrfToken: String) -> String {
        String(Secrets.sha256Hex("draft-scope|" + csrfToken).prefix(20))
    }

    /// A full HTML response.
    static func page(_ req: Request, title: String, status: HTTPResponseStatus = .ok, content: BodyNode) async -> Response {
        let response = Response(status: status)
        response.headers.contentType = .html
        response.body = .init(string: await render(req, title: title, content: content))
        req.attachPreSessionCSRF(to: response)
        return response
    }

    private static func header(_ req: Request, _ identity: Identity?, _ centerName: String, _ t: Localizer) -> BodyNode {
        let other: Language = req.language == .vi ? .en : .vi
        var right: [BodyNode] = [
            .el("a", [.id("lang-\(other.rawValue)"), .hrefRaw("?lang=\(other.rawValue)"), Attr("lang", other.rawValue)],
                [.txt(t(.languageSwitchToOther))]),
        ]
        if let identity {
            right.insert(.el("span", [.cls("who")], [
                .el("span", [.cls("user-name")], [.txt(identity.user.fullName)]),
                .el("span", [.cls("user-role")], [.txt(t.role(identity.user.role))]),
            ]), at: 0)
            if identity.session != nil {
                right.append(.el("form", [.id("logout-form"), .action(.logout), .postMethod, .cls("inline")], [
                    csrfField(req),
                    .el("button", [.id("logout"), .type("submit"), .cls("link-button")], [.txt(t(.logout))]),
                ]))
            }
        }
        return .el("header", [.cls("site-header")], [
            .el("div", [.cls("brand")], [
                .el("a", [.href(.home), .cls("app-name")], [.txt(t(.appName))]),
                .el("span", [.cls("center-name")], [.txt(centerName)]),
            ]),
            .el("div", [.cls("header-tools")], right),
        ])
    }

    private static func nav(_ req: Request, _ user: User, _ t: Localizer) -> BodyNode {
        let path = req.url.path
        // Each module declares its entries (`AppModule.navigation`).
        let items: [(String, String)] = AppModules.navigation.filter { $0.shows(user.role) }.map { ($0.path(user), $0.label(t)) }
        // The current item is the one whose path is the longest prefix of this page's path.
        let home = SiteURL.home.path
        let current = items.map(\.0).filter { $0 == path || ($0 != home && path.hasPrefix($0 + "/")) }
            .max { $0.count < $1.count }
        return .el("nav", [.id("main-nav"), .aria("label", t(.navHome))], [
            .el("button", [.type("button"), .id("nav-toggle"), .cls("nav-toggle button-secondary"), .aria("expanded", "false"),
                           .aria("controls", "main-nav-list")], [.txt("☰ " + t.pick(vi: "Danh mục", en: "Menu"))]),
            .el("ul", [.id("main-nav-list")], items.map { url, label in
                .el("li", [], [.el("a", [.hrefRaw(url)] + (url == current ? [.aria("current", "page")] : []), [.txt(label)])])
            }),
        ])
    }

    private static func flashNode(_ flash: Flash, _ t: Localizer) -> BodyNode {
        .el("div", [.cls("flash \(flash.kind.rawValue)"), Attr("role", flash.kind == .error ? "alert" : "status")],
            [.txt(t(flash.text))])
    }

    /// The hidden CSRF field every state-changing form carries.
    static func csrfField(_ req: Request) -> BodyNode {
        .void("input", [.type("hidden"), .name(CSRFMiddleware.fieldName), .value(req.csrfToken)])
    }
}
