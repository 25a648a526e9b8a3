/// A one-off change to the working calendar decided by the government for a given
/// year (the Prime Minister / Ministry of Home Affairs notice on holiday schedules).
///
/// Examples: Saturday 2025-04-26 made a working day so that Friday 2025-05-02 can be
/// a bridging day off; an extra Tết day beyond the statutory five.
public struct SwappedDay: Hashable, Codable, Sendable {
    /// What the decision does to `date`.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The date becomes a day off (bridging day, extra Tết day, chosen day around 2/9).
        case dayOff
        /// The date becomes a working day (typically a make-up Saturday).
        case workday
    }

    public var date: LocalDate
    public var kind: Kind
    /// Free text shown to users, e.g. the decision number.
    public var note: String

    public init(date: LocalDate, kind: Kind, note: String = "") {
        self.date = date
        self.kind = kind
        self.note = note
    }
}
