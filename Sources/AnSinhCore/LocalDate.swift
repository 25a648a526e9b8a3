import Foundation

/// A calendar date (proleptic Gregorian) with no time of day and no time zone.
///
/// Dates of birth, decision dates and deadlines are legal *days*, not instants:
/// storing them as `Date` invites off-by-one bugs around midnight and time-zone
/// conversions. All arithmetic goes through the Julian Day Number, which makes
/// adding days, weekday and differences plain integer maths (no `Calendar`).
///
/// Codable as the ISO string `"yyyy-MM-dd"`; `description` is the Vietnamese
/// `dd/MM/yyyy`.
public struct LocalDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or `nil` if it does not exist (e.g. 31/02, 29/02/2025, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month),
              day >= 1, day <= LocalDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The calendar day on which `date` falls in `tz` (default: Vietnam).
    public init(_ date: Date, in tz: TimeZone = VNFormat.timeZone) {
        let offset = tz == VNFormat.timeZone
            ? VNFormat.utcOffsetSeconds(for: date)
            : tz.secondsFromGMT(for: date)
        let local = date.timeIntervalSince1970 + Double(offset)
        let days = Int((local / 86_400).rounded(.down))
        self.init(julianDay: days + LocalDate.unixEpochJulianDay)
    }

    /// Creates the date with the given Julian Day Number (2000-01-01 is 2451545).
    public init(julianDay jd: Int) {
        // Richards' algorithm (Explanatory Supplement to the Astronomical
        // Almanac), Gregorian calendar, integer-only, valid for jd >= 0.
        let f = jd + 1401 + (((4 * jd + 274_277) / 146_097) * 3) / 4 - 38
        let e = 4 * f + 3
        let g = (e % 1461) / 4
        let h = 5 * g + 2
        self.day = (h % 153) / 5 + 1
        self.month = ((h / 153 + 2) % 12) + 1
        self.year = e / 1461 - 4716 + (12 + 2 - month) / 12
    }

    /// The Julian Day Number of this date (integer, noon-based; 2000-01-01 is 2451545).
    public var julianDay: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32_045
    }

    /// Day of the week, 1 = Sunday … 7 = Saturday (same numbering as `Calendar`).
    public var weekday: Int {
        // JDN mod 7 is 0 on Mondays; shift so Sunday becomes 1.
        (julianDay + 1) % 7 + 1
    }

    /// `true` on Saturday and Sunday, the weekly rest days of civil servants.
    public var isWeekend: Bool {
        let w = weekday
        return w == 1 || w == 7
    }

    /// The date `days` days later (negative: earlier).
    public func adding(days: Int) -> LocalDate {
        LocalDate(julianDay: julianDay + days)
    }

    /// ISO 8601 calendar date, e.g. `"2026-01-29"`.
    public var iso: String {
        "\(LocalDate.pad(year, 4))-\(LocalDate.pad(month, 2))-\(LocalDate.pad(day, 2))"
    }

    /// Vietnamese display form `dd/MM/yyyy`.
    public var description: String {
        "\(LocalDate.pad(day, 2))/\(LocalDate.pad(month, 2))/\(LocalDate.pad(year, 4))"
    }

    /// The instant at which this day begins (00:00:00) in `tz` (default: Vietnam).
    public func startOfDay(in tz: TimeZone = VNFormat.timeZone) -> Date {
        let localMidnight = Double((julianDay - LocalDate.unixEpochJulianDay) * 86_400)
        // Guess with the offset at local midnight read as UTC, then correct once:
        // enough for any zone whose offset does not change within a day of midnight.
        let isVN = tz == VNFormat.timeZone
        func offset(_ t: Double) -> Double {
            let d = Date(timeIntervalSince1970: t)
            return Double(isVN ? VNFormat.utcOffsetSeconds(for: d) : tz.secondsFromGMT(for: d))
        }
        let guess = localMidnight - offset(localMidnight)
        return Date(timeIntervalSince1970: localMidnight - offset(guess))
    }

    /// Number of days from `b` to `a` (positive when `a` is later).
    public static func - (a: LocalDate, b: LocalDate) -> Int {
        a.julianDay - b.julianDay
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Number of days in the given month of the proleptic Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Gregorian leap-year rule.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    // MARK: Codable as "yyyy-MM-dd"

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a valid yyyy-MM-dd date, got \(text)")
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    /// Parses strictly `yyyy-MM-dd` (exactly 4-2-2 ASCII digits), validating the date.
    public init?(iso text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              let y = LocalDate.digits(u[0..<4]), let m = LocalDate.digits(u[5..<7]),
              let d = LocalDate.digits(u[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    // MARK: Internals

    /// Julian Day Number of 1970-01-01.
    static let unixEpochJulianDay = 2_440_588

    /// Parses a non-empty run of ASCII digits.
    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return n
    }

    /// Zero-pads a non-negative number to `width` digits (sign kept for negatives).
    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n.magnitude)
        let padded = s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        return n < 0 ? "-" + padded : padded
    }
}
