import Vapor

/// The guard of a route group: a signed-in user whose role the group's policy allows.
/// Browsers without a session go to the login page; API clients get 401.
struct RequireLogin: Middleware {
    let policy: Policy

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let identity = req.identity else {
            if req.isAPI { return req.eventLoop.makeFailedFuture(Abort(.unauthorized)) }
            if req.sessionExpired { req.flash(.info, .sessionExpired) }
            let target = req.method == .GET ? req.url.path : SiteURL.home.path
            let next = target.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "/"
            let toLogin = req.redirect(to: SiteURL.login.path + "?next=" + next, redirectType: .normal)
            // A form sent just after its session expired waits for its owner's next login.
            guard let fields = HeldForm.fields(of: req), let owner = req.expiredSession?.userID else {
                return req.eventLoop.makeSucceededFuture(toLogin)
            }
            let path = req.url.path
            return req.eventLoop.makeFutureWithTask {
                guard let key = try? await HeldForm.hold(fields, path: path, for: owner, req) else { return toLogin }
                req.flash(.info, .sessionExpiredFormHeld)
                toLogin.cookies[HeldForm.cookie] = HeldForm.cookieValue(key, req)
                return toLogin
            }
        }
        // A forced password change comes before anything else the user may do.
        if identity.user.mustChangePassword, identity.session != nil,
           !RequireLogin.allowedBeforePasswordChange.contains(req.url.path) {
            if req.isAPI { return req.eventLoop.makeFailedFuture(Abort(.forbidden, reason: "Password change required")) }
            return req.eventLoop.makeSucceededFuture(req.redirect(to: .accountPassword))
        }
        guard policy.allows(identity.user.role) else { return req.eventLoop.makeFailedFuture(Abort(.forbidden)) }
        return next.respond(to: req)
    }

    static let allowedBeforePasswordChange: Set<String> = [SiteURL.accountPassword.path, SiteURL.logout.path]
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()
}
