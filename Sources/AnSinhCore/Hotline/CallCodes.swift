/// The coded values of a hotline call. Raw values are stable: reports and the API use them.
public enum CallChannel: String, CaseIterable, Codable, Sendable {
    case phone, zalo, facebook, email, walkIn, app, other
}

public enum CallDirection: String, CaseIterable, Codable, Sendable {
    case incoming, outgoing, callBack
}

/// `counselling`, or one of the non-counselling ("non-data") kinds saved with one click.
public enum CallKind: String, CaseIterable, Codable, Sendable {
    case counselling, silent, hangUp, wrongNumber, prank, abusive, test, thanks

    public var isCounselling: Bool { self == .counselling }
    public static let nonCounselling: [CallKind] = allCases.filter { !$0.isCounselling }
}

public enum CallUrgency: String, CaseIterable, Codable, Sendable {
    case normal, urgent, emergency
}

public enum CallAction: String, CaseIterable, Codable, Sendable {
    case information, counselling, referredToPartner, transferredToHotline, reportedToPolice
    case sentToExpertCouncil, caseOpened
}

public enum Sex: String, CaseIterable, Codable, Sendable {
    case female, male, other, unknown
}

public enum AgeGroup: String, CaseIterable, Codable, Sendable {
    case under6 = "0-5", from6to11 = "6-11", from12to15 = "12-15", from16to17 = "16-17"
    case from18to35 = "18-35", from36to59 = "36-59", over60 = "60+", unknown
}

public enum CallerRelation: String, CaseIterable, Codable, Sendable {
    case `self`, parent, relative, neighbour, teacher, official, other
}
