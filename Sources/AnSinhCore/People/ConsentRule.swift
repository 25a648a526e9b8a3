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
