/// Who must consent to processing a person's data (Law 91/2025 on personal data protection and
/// Decree 356/2025): an adult consents alone; for a child the legal representative consents, and
/// a child aged 7 or more consents too.
public enum ConsentRule {
    public enum Problem: Equatable, Sendable {
        /// The person (an adult, or a child aged 7 or more) did not consent.
        case personMissing
        /// A child's legal representative did not consent.
        case representativeMissing
    }

    /// `age`: at the date of consent; nil when unknown (treated as an adult: the person consents).
    public static func problems(age: Int?, byPerson: Bool, byRepresentative: Bool) -> [Problem] {
        guard let age, age < 18 else { return byPerson ? [] : [.personMissing] }
        var out: [Problem] = []
        if !byRepresentative { out.append(.representativeMissing) }
        if age >= 7, !byPerson { out.append(.personMissing) }
        return out
    }
}

/// A ground in law for giving a person's data to a partner without their consent. Decree
/// 110/2024 forbids disclosing a client's data without consent except to competent authorities;
/// Law 91/2025 allows processing without consent in an emergency threatening life or health and
/// where a law requires it (e.g. reporting child abuse under the Law on Children). Raw values are stable.
public enum LegalGround: String, CaseIterable, Codable, Sendable {
    /// A request of a competent authority: police, procuracy, court, the commune's child protection authority.
    case authorityRequest
    /// An emergency threatening someone's life or health.
    case lifeOrHealthEmergency
    /// A duty a law lays down, such as reporting abuse of a child.
    case legalDuty
}

/// Whether a person's data may go to a partner: with a consent to sharing in force on that day,
/// or on a legal ground stated in words (which request, which emergency, which law).
public enum SharingRule {
    public enum Problem: Equatable, Sendable {
        /// Neither a consent to sharing in force nor a legal ground.
        case noBasis
        /// A legal ground was chosen but not stated.
        case groundNotStated
    }

    /// The shortest statement of a ground that can say which request or law it is.
    public static let minimumStatement = 10

    public static func problems(consentInForce: Bool, ground: LegalGround?, statement: String) -> [Problem] {
        if ground != nil {
            return statement.trimmingCharacters(in: .whitespacesAndNewlines).count >= minimumStatement ? [] : [.groundNotStated]
        }
        return consentInForce ? [] : [.noBasis]
    }
}
