/// The modules of AnSinh, one line each. Order matters twice: migrations run module after
/// module (a table before the tables that refer to it), and menu entries of one section keep
/// this order.
enum AppModules {
    static let all: [any AppModule] = [
        OrganizationModule(),
        AuthModule(),
        CoreModule(),
        CalendarModule(),
        HomeModule(),
        HotlineModule(),
        PeopleModule(),
        CasesModule(),
        StaffModule(),
    ]
}
