import Fluent
import Vapor

/// Every migration, in the order it first shipped. Never edit one that has shipped: add a new one.
enum AppMigrations {
    static func register(_ app: Application) {
        app.migrations.add(CreateUnits())
        app.migrations.add(CreateUsers())
        app.migrations.add(CreateUserSessions())
        app.migrations.add(CreateAPITokens())
        app.migrations.add(CreateAuditEvents())
        app.migrations.add(CreateSwappedDays())
        app.migrations.add(CreateAdministrativeUnits())
        app.migrations.add(LoadAdministrativeUnits(enabled: app.ansinh.loadAdministrativeUnits))
        app.migrations.add(CreateHotline())
        app.migrations.add(CreateHotlineFollowUps())
        app.migrations.add(AddCallbackDue())
        app.migrations.add(AddIncompleteCallIndex())
        app.migrations.add(CreatePeople())
        app.migrations.add(AddCallPersonLink())
        app.migrations.add(CreateCases())
        app.migrations.add(CreateAnnualTargets())
        app.migrations.add(CreateCaseWork())
        app.migrations.add(CreateCaseAttachments())
        app.migrations.add(CreatePersonRelationsAndConsents())
        app.migrations.add(CreateCaseParticipantsAndTransfers())
        app.migrations.add(CreateCaseSettings())
        app.migrations.add(AddPersonMergePhotoAllowances())
        app.migrations.add(CreateCaseDisclosures())
        app.migrations.add(AddIdentityChangeNotifications())
        app.migrations.add(AddAuditIdempotencyKey())
        app.migrations.add(CreateIdempotentResponses())
        app.migrations.add(CreateHeldForms())
        app.migrations.add(AddCaseNoteVersion())
        app.migrations.add(AddCallTopicIndex())
    }
}
