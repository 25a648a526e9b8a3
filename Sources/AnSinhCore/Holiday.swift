/// A statutory public holiday (Labour Code 2019, art. 112) or a compensatory day
/// off for one that fell on a weekend.
public struct Holiday: Hashable, Sendable {
    /// Which holiday a day belongs to.
    public enum Name: String, Sendable, CaseIterable {
        case newYear
        case tet
        case hungKings
        case reunification
        case labour
        case national
        case compensatory

        /// Vietnamese label for the UI.
        public var vietnamese: String {
            switch self {
            case .newYear: "Tết Dương lịch"
            case .tet: "Tết Nguyên đán"
            case .hungKings: "Giỗ Tổ Hùng Vương"
            case .reunification: "Ngày Giải phóng miền Nam, thống nhất đất nước"
            case .labour: "Ngày Quốc tế Lao động"
            case .national: "Quốc khánh"
            case .compensatory: "Nghỉ bù"
            }
        }

        /// English label.
        public var english: String {
            switch self {
            case .newYear: "New Year's Day"
            case .tet: "Lunar New Year (Tết)"
            case .hungKings: "Hùng Kings' Commemoration"
            case .reunification: "Reunification Day"
            case .labour: "International Labour Day"
            case .national: "National Day"
            case .compensatory: "Compensatory day off"
            }
        }
    }

    public var date: LocalDate
    public var name: Name

    public init(date: LocalDate, name: Name) {
        self.date = date
        self.name = name
    }
}
