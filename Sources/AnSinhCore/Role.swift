/// The fixed set of roles. What each may do is decided by the policy table in the app
/// (`Policy`), never by comparing roles at the point of use.
public enum Role: String, CaseIterable, Codable, Sendable {
    case admin
    case director
    case supervisor
    case caseWorker
    case counsellor
    case collaborator
    case viewer

    /// Directors and administrators see the whole center; everyone else sees their own unit
    /// and the units below it.
    public var seesWholeCenter: Bool { self == .admin || self == .director }
}

/// The kinds of unit in a center's tree.
public enum UnitKind: String, CaseIterable, Codable, Sendable {
    case center
    case commune
    case school
    case hospital
    case district

    /// Kinds an office (a unit under the center) may have.
    public static let officeKinds: [UnitKind] = [.commune, .school, .hospital, .district]
}
