/// Codes of the people registry. Raw values are stable: stored, used by reports and the API.

/// How much of a date of birth is known.
public enum BirthPrecision: String, CaseIterable, Codable, Sendable {
    /// Day, month and year.
    case exact
    case monthYear
    case year
    /// Only an age was given (stored as the year it implies at the time it was recorded).
    case estimatedAge
}

/// Vulnerability groups of a person (several per person). The children's groups are the 14 of the
/// Law on Children art. 10.1 (with the sub-groups of Decree 56/2017 where they are confirmed).
public enum VulnerabilityGroup: String, CaseIterable, Codable, Sendable {
    case childOrphanBoth = "child.orphanBoth"
    case childOrphanBothNoCaregiver = "child.orphanBoth.noCaregiver"
    case childOrphanBothInFacility = "child.orphanBoth.inFacility"
    case childOrphanBothWithRelatives = "child.orphanBoth.withRelatives"
    case childOrphanBothAlternativeCare = "child.orphanBoth.alternativeCare"
    case childAbandoned = "child.abandoned"
    case childAbandonedNotInCare = "child.abandoned.notInCare"
    case childAbandonedInCare = "child.abandoned.inCare"
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
    case disability
    case elderly
    case livingAlone
    case victimDomesticViolence = "victim.domesticViolence"
    case victimSexualAbuse = "victim.sexualAbuse"
    case victimTrafficking = "victim.trafficking"
    case victimForcedLabour = "victim.forcedLabour"
    case homeless
    case mentalIllness
    case developmentalDisorder
    case hiv
    case poorHousehold
    case nearPoorHousehold
    case singlePoorParent

    /// The group a sub-group belongs to (`child.orphanBoth` for `child.orphanBoth.inFacility`).
    public var parent: VulnerabilityGroup? {
        let parts = rawValue.split(separator: ".")
        guard rawValue.hasPrefix("child."), parts.count == 3 else { return nil }
        return VulnerabilityGroup(rawValue: parts[0...1].joined(separator: "."))
    }
}

/// Law on Persons with Disabilities 51/2010 art. 3.
public enum DisabilityType: String, CaseIterable, Codable, Sendable {
    case mobility, hearingSpeech, visual, neuroMental, intellectual, other
}

public enum DisabilitySeverity: String, CaseIterable, Codable, Sendable {
    case verySevere, severe, mild
}

public enum PovertyStatus: String, CaseIterable, Codable, Sendable {
    case poor, nearPoor, notPoor, unknown
}

/// How a household member is related to the person.
public enum RelationKind: String, CaseIterable, Codable, Sendable {
    case mother, father, grandparent, sibling, guardian, caregiver, other
}

/// What a consent covers (Law 91/2025 on personal data protection).
public enum ConsentPurpose: String, CaseIterable, Codable, Sendable {
    case dataProcessing, sharingWithPartners, photos
}

/// Monthly social allowance groups (Decree 20/2021/NĐ-CP art. 5): who receives the monthly
/// cash allowance at the commune. Raw values are stable.
public enum AllowanceGroup: String, CaseIterable, Codable, Sendable {
    /// Children without a source of support (orphans, abandoned), and those over 16 still studying.
    case childNoSupport
    /// Children of poor households, aged under 3, or with HIV.
    case childPoorUnder3OrHIV
    /// Single parents of poor or near-poor households raising children.
    case singlePoorParent
    /// Older persons of poor households, living alone, or aged 75/80 and over without pension.
    case elderly
    /// Persons with a severe or very severe disability.
    case disability
    /// Persons with HIV in poor households without a regular income.
    case hivPoor
    case other
}
