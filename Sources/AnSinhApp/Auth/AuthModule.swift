import Fluent
import Vapor

/// Accounts: login, sessions, passwords, API tokens, held forms and the administration of users.
struct AuthModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        let login = LoginController(throttle: context.throttle)
        let account = AccountController()
        let tokens = TokenController()
        let users = UserController()
        app.publicRoutes { r in
            r.get(SiteURL.login.components, use: login.showLogin)
            r.grouped(CSRFMiddleware()).post(SiteURL.login.components, use: login.login)
        }
        app.guarded(by: .useAPITokens) { r in
            r.get(SiteURL.tokens.components, use: tokens.list)
            r.post(SiteURL.tokens.components, use: tokens.create)
            r.post(SiteURL.tokenRevoke(SiteURL.anyID).components, use: tokens.revoke)
        }
        app.guarded(by: .signedIn) { r in
            r.post(SiteURL.logout.components, use: login.logout)
            r.get(SiteURL.account.components, use: account.show)
            r.post(SiteURL.accountLanguage.components, use: account.saveLanguage)
            r.get(SiteURL.accountPassword.components, use: login.showPassword)
            r.post(SiteURL.accountPassword.components, use: login.changePassword)
            r.get(SiteURL.heldForm.components, use: HeldFormController().show)
        }
        app.guarded(by: .administer) { r in
            r.get(SiteURL.adminUsers.components, use: users.list)
            r.post(SiteURL.adminUsers.components, use: users.create)
            r.get(SiteURL.adminUserNew.components, use: users.newForm)
            r.get(SiteURL.adminUserEdit(SiteURL.anyID).components, use: users.editForm)
            r.post(SiteURL.adminUserEdit(SiteURL.anyID).components, use: users.update)
            r.post(SiteURL.adminUserActive(SiteURL.anyID).components, use: users.toggleActive)
            r.post(SiteURL.adminUserResetPassword(SiteURL.anyID).components, use: users.resetPassword)
        }
    }

    func migrations(_ config: AppConfig) -> [any Migration] {
        [CreateUsers(), CreateUserSessions(), CreateAPITokens(), AddIdentityChangeNotifications(), CreateHeldForms()]
    }

    var navigation: [NavEntry] {
        [NavEntry(.organization, .administer, .adminUsers) { $0(.navUsers) },
         NavEntry(.account, .signedIn, .account) { $0(.navAccount) },
         NavEntry(.account, .useAPITokens, .tokens) { $0(.navTokens) }]
    }
}
