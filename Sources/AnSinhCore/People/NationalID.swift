/// The 12-digit personal identification number (số định danh cá nhân, on the CCCD card):
/// 3 digits for the province of birth registration, 1 for century and sex, 2 for the year of
/// birth, 6 random digits.
public enum NationalID {
    public enum Problem: Equatable, Sendable {
        /// Not 12 digits.
        case format
        /// The first three digits are no province code.
        case province
        /// The century-and-sex digit disagrees with the sex given.
        case sex
        /// The year digits disagree with the year of birth given.
        case birthYear
    }

    /// The 63 province codes in use before the 2025 merger (the number keeps them), `0` + code.
    static let provinceCodes: Set<String> = [
        "01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22", "24", "25", "26", "27", "30",
        "31", "33", "34", "35", "36", "37", "38", "40", "42", "44", "45", "46", "48", "49", "51", "52", "54", "56", "58",
        "60", "62", "64", "66", "67", "68", "70", "72", "74", "75", "77", "79", "80", "82", "83", "84", "86", "87", "89",
        "91", "92", "93", "94", "95", "96",
    ]

    /// Digits only: spaces and dots people type are dropped.
    public static func normalize(_ raw: String) -> String {
        String(raw.filter { !$0.isWhitespace && $0 != "." && $0 != "-" })
    }

    /// What is wrong with a number, checked against the sex and year of birth when they are known.
    public static func problems(_ number: String, isFemale: Bool? = nil, birthYear: Int? = nil) -> [Problem] {
        let digits = Array(number.utf8)
        guard digits.count == 12, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return [.format] }
        let d = digits.map { Int($0 - 0x30) }
        var out: [Problem] = []
        guard d[0] == 0, provinceCodes.contains("\(d[1])\(d[2])") else { return [.province] }
        // 0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 1800s.
        let centuryStart = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800][d[3]]
        if let isFemale, (d[3] % 2 == 1) != isFemale { out.append(.sex) }
        if let birthYear, birthYear != centuryStart + d[4] * 10 + d[5] { out.append(.birthYear) }
        return out
    }

    /// `001******345`: the province and the last three digits.
    public static func mask(_ number: String) -> String {
        guard number.count == 12 else { return String(repeating: "*", count: number.count) }
        return String(number.prefix(3)) + String(repeating: "*", count: 6) + String(number.suffix(3))
    }
}
