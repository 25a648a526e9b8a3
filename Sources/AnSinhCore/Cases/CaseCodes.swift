/// Codes of case management. Raw values are stable: stored, used by reports and the API.

public enum CaseType: String, CaseIterable, Codable, Sendable {
    case childProtection, socialWorkClient, emergencyProtection, disabilityCaseManagement, other
}

public enum CaseSource: String, CaseIterable, Codable, Sendable {
    case hotline, walkIn, referralCommune, referralPolice, referralSchool, referralHospital, referralOther, outreach
}

/// Client groups of a case (several per case). A center may add more codes; these are built in.
public enum ClientGroup: String, CaseIterable, Codable, Sendable {
    // The 14 groups of children in special circumstances (Law on Children art. 10.1).
    case childOrphanBoth = "child.orphanBoth"
    case childAbandoned = "child.abandoned"
    case childNoCaregiver = "child.noCaregiver"
    case childDisability = "child.disability"
    case childHIV = "child.hiv"
    case childLawViolation = "child.lawViolation"
    case childDrugs = "child.drugs"
    case childDropoutWork = "child.dropoutWork"
    case childViolence = "child.violence"
    case childExploited = "child.exploited"
    case childSexualAbuse = "child.sexualAbuse"
    case childTrafficked = "child.trafficked"
    case childSeriousIllnessPoor = "child.seriousIllnessPoor"
    case childMigrantRefugee = "child.migrantRefugee"
    case childDevelopmental = "child.developmental"
    case childMentalHealth = "child.mentalHealth"
    case childSpecialCircumstances = "child.specialCircumstances"
    case childAtRisk = "child.atRisk"
    case adultDVVictim = "adult.dvVictim"
    case adultSexualAbuseVictim = "adult.sexualAbuseVictim"
    case adultTraffickingVictim = "adult.traffickingVictim"
    case adultForcedLabour = "adult.forcedLabour"
    case adultDisability = "adult.disability"
    case adultMentalHealth = "adult.mentalHealth"
    case adultHIV = "adult.hiv"
    case adultSinglePoorParent = "adult.singlePoorParent"
    case elderlyAlone = "elderly.alone"
    case elderlyOther = "elderly.other"
    case homeless
    case householdDifficult = "household.difficult"
    case disasterAffected = "disaster.affected"
    case advicePolicy = "advice.policy"
    case other
}

public enum ProtectionLevel: String, CaseIterable, Codable, Sendable {
    case prevention, support, intervention
}

public enum RiskLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case low, medium, high

    public static func < (a: RiskLevel, b: RiskLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The four dimensions of the risk assessment (Decree 56/2017, form 06).
public enum RiskDimension: String, CaseIterable, Codable, Sendable {
    case harm, abuserAccess, careObstacles, childCapacity
}

/// The eight domains of the needs assessment (Circular 01/2015 art. 5).
public enum NeedsDomain: String, CaseIterable, Codable, Sendable {
    case livelihood, health, educationWork, relations, lifeSkills, inclusion, psychological, other
}

public enum ClosureReason: String, CaseIterable, Codable, Sendable {
    case goalsAchieved, movedAway, transferred, clientDeclined, death, other
}

public enum ContactKind: String, CaseIterable, Codable, Sendable {
    case homeVisit, phone, officeMeeting, schoolVisit, other
}

/// A related person's role in a case. Alleged abusers are shown to the case team only.
public enum CaseRole: String, CaseIterable, Codable, Sendable {
    case caregiver, familyMember, allegedAbuser, other
}

extension RiskLevel {
    /// The overall level from the four dimensions: the highest of them, since one high
    /// dimension (e.g. the abuser still has access) is enough to put the child at high risk.
    public static func overall(_ levels: [RiskLevel]) -> RiskLevel? {
        levels.max()
    }
}
