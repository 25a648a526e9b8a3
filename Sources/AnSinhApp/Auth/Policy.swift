import AnSinhCore

/// What each role may do: the one table of named policies. Each route group declares the
/// policy it needs; handlers never compare roles themselves.
enum Policy: String, CaseIterable, Sendable {
    /// Any active account: home, own account, own API tokens, address look-ups.
    case signedIn
    /// See units in one's scope and their staff (no personal data of clients).
    case viewUnits
    /// Create and edit units and user accounts, reset passwords, edit the working calendar.
    case administer
    /// Browse the audit log.
    case viewAudit
    /// Record and edit hotline calls, configure lines.
    case recordCalls
    /// Read hotline calls in one's scope (case workers link them to cases).
    case viewCalls
    /// See callers' names and numbers unmasked.
    case viewCallerIdentity
    /// Aggregate reports, without personal data. Not collaborators: a commune's volunteer
    /// works the cases given to them, not the center's figures.
    case viewReports
    /// Personal API tokens, for staff who connect tools (a spreadsheet, the province's system).
    case useAPITokens
    /// Add and retire hotline topics.
    case configureHotline
    /// Find, register and edit persons in one's scope (every view is audited).
    case managePeople
    /// Open and work on case files in one's scope (restricted cases: the team only).
    case manageCases
    /// Approve plans and closures; see restricted cases of one's units.
    case approveCases
    /// Enter the annual targets reports compare with.
    case setTargets
    /// Merge two records of the same person (every linked record follows).
    case mergePeople
    /// Add client groups and set the deadlines of case types the law leaves to the center.
    case configureCases

    /// The table itself.
    static let table: [Policy: Set<Role>] = [
        .signedIn: Set(Role.allCases),
        .viewUnits: [.admin, .director, .supervisor, .caseWorker, .counsellor, .collaborator],
        .administer: [.admin],
        .viewAudit: [.admin],
        // Not the administrator, here and below: it manages accounts, not calls or clients' files.
        .recordCalls: [.director, .supervisor, .counsellor],
        .viewCalls: [.director, .supervisor, .counsellor, .caseWorker],
        .viewCallerIdentity: [.director, .supervisor, .counsellor],
        .viewReports: Set(Role.allCases).subtracting([.collaborator]),
        .useAPITokens: Set(Role.allCases).subtracting([.collaborator]),
        .configureHotline: [.admin, .director, .supervisor],
        .managePeople: [.director, .supervisor, .caseWorker, .counsellor, .collaborator],
        .manageCases: [.director, .supervisor, .caseWorker, .counsellor, .collaborator],
        .approveCases: [.director, .supervisor],
        .setTargets: [.director],
        .configureCases: [.admin, .director],
        .mergePeople: [.director, .supervisor],
    ]

    func allows(_ role: Role) -> Bool {
        Policy.table[self]?.contains(role) ?? false
    }
}
