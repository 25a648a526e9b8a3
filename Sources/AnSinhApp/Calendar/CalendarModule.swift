import Fluent
import Vapor

/// The working calendar: days swapped by government decision, which the legal deadlines follow.
struct CalendarModule: AppModule {
    func routes(_ app: any RoutesBuilder, _ context: ModuleContext) throws {
        let calendar = CalendarController()
        app.guarded(by: .administer) { r in
            r.get(SiteURL.adminCalendar.components, use: calendar.show)
            r.post(SiteURL.adminCalendar.components, use: calendar.add)
            r.post(SiteURL.adminCalendarDelete(SiteURL.anyID).components, use: calendar.delete)
        }
    }

    func migrations(_ config: AppConfig) -> [any Migration] { [CreateSwappedDays()] }

    var navigation: [NavEntry] {
        [NavEntry(.organization, .administer, .adminCalendar) { $0(.navCalendar) }]
    }
}
