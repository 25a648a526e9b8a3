/// Fields of the members of the expert council.
public enum ExpertField: String, CaseIterable, Codable, Sendable {
    case education, health, law, psychology, other
}

/// Where a call is handed on to.
public enum HandoffTarget: String, CaseIterable, Codable, Sendable {
    /// The national child protection hotline 111.
    case hotline111
    /// The anti-trafficking hotline 1800 8077.
    case hotline18008077
    case police
    case otherHotline
}

public enum HandoffStatus: String, CaseIterable, Codable, Sendable {
    case sent, acknowledged, noAnswer
}
