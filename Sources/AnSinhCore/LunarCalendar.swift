import Foundation

/// A date in the Vietnamese lunisolar calendar (âm lịch).
public struct LunarDate: Hashable, Sendable, CustomStringConvertible {
    /// Day of the lunar month, 1…30.
    public let day: Int
    /// Lunar month, 1…12 (a leap month repeats the number of the month before it).
    public let month: Int
    /// Lunar year, named after the Gregorian year in which its Tết falls.
    public let year: Int
    /// `true` for the intercalary (nhuận) month.
    public let isLeapMonth: Bool

    public init(day: Int, month: Int, year: Int, isLeapMonth: Bool = false) {
        self.day = day
        self.month = month
        self.year = year
        self.isLeapMonth = isLeapMonth
    }

    /// `d/M/yyyy`, with ` (nhuận)` for a leap month, e.g. `10/3/2026`.
    public var description: String {
        "\(day)/\(month)\(isLeapMonth ? " (nhuận)" : "")/\(year)"
    }
}

/// Conversion between the Gregorian and the Vietnamese lunar calendar.
///
/// Hồ Ngọc Đức's astronomical algorithm (after Meeus, *Astronomical Algorithms*):
/// a lunar month starts on the local day of the new moon; month 11 is the one
/// containing the winter solstice; a year with 13 months repeats the first month
/// that contains no major solar term. Everything is evaluated at local midnight of
/// UTC+7, the official meridian of Vietnam since 1968, which is why Vietnamese
/// Tết differs from Chinese New Year (UTC+8) in some years (1985, 2007).
///
/// Pass `timeZone: 8` to reproduce the Chinese calendar. Accurate for about
/// 1800–2199; pure and `Sendable`, no caching.
public enum LunarCalendar {
    /// The lunar date of a Gregorian day.
    public static func lunar(from date: LocalDate, timeZone hours: Double = 7) -> LunarDate {
        let tz = hours
        let dayNumber = date.julianDay
        let k = floorInt((Double(dayNumber) - 2_415_021.076998695) / synodicMonth)
        var monthStart = newMoonDay(k + 1, tz)
        if monthStart > dayNumber { monthStart = newMoonDay(k, tz) }

        var a11 = lunarMonth11(year: date.year, tz)
        var b11 = a11
        var lunarYear: Int
        if a11 >= monthStart {
            lunarYear = date.year
            a11 = lunarMonth11(year: date.year - 1, tz)
        } else {
            lunarYear = date.year + 1
            b11 = lunarMonth11(year: date.year + 1, tz)
        }
        let lunarDay = dayNumber - monthStart + 1
        let diff = (monthStart - a11) / 29
        var isLeap = false
        var lunarMonth = diff + 11
        if b11 - a11 > 365 {
            // 13-month year: months from the leap month on are shifted by one.
            let leapOffset = leapMonthOffset(a11: a11, tz)
            if diff >= leapOffset {
                lunarMonth = diff + 10
                isLeap = diff == leapOffset
            }
        }
        if lunarMonth > 12 { lunarMonth -= 12 }
        if lunarMonth >= 11 && diff < 4 { lunarYear -= 1 }
        return LunarDate(day: lunarDay, month: lunarMonth, year: lunarYear, isLeapMonth: isLeap)
    }

    /// The Gregorian day of a lunar date, or `nil` if that lunar date does not
    /// exist (day 30 of a 29-day month, a leap month in a year without one, …).
    public static func solar(from lunar: LunarDate, timeZone hours: Double = 7) -> LocalDate? {
        let tz = hours
        guard (1...12).contains(lunar.month), (1...30).contains(lunar.day) else { return nil }
        let a11: Int
        let b11: Int
        if lunar.month < 11 {
            a11 = lunarMonth11(year: lunar.year - 1, tz)
            b11 = lunarMonth11(year: lunar.year, tz)
        } else {
            a11 = lunarMonth11(year: lunar.year, tz)
            b11 = lunarMonth11(year: lunar.year + 1, tz)
        }
        let k = floorInt(0.5 + (Double(a11) - 2_415_021.076998695) / synodicMonth)
        var offset = lunar.month - 11
        if offset < 0 { offset += 12 }
        if b11 - a11 > 365 {
            let leapOffset = leapMonthOffset(a11: a11, tz)
            var leapMonth = leapOffset - 2
            if leapMonth < 0 { leapMonth += 12 }
            if lunar.isLeapMonth && lunar.month != leapMonth { return nil }
            if lunar.isLeapMonth || offset >= leapOffset { offset += 1 }
        } else if lunar.isLeapMonth {
            return nil
        }
        let monthStart = newMoonDay(k + offset, tz)
        let monthLength = newMoonDay(k + offset + 1, tz) - monthStart
        guard lunar.day <= monthLength else { return nil }
        return LocalDate(julianDay: monthStart + lunar.day - 1)
    }

    /// Mùng 1 Tết: the Gregorian day of 1/1 of lunar year `year`.
    public static func tet(year: Int, timeZone hours: Double = 7) -> LocalDate {
        // 1/1 always exists and is never a leap month, so the force is safe.
        solar(from: LunarDate(day: 1, month: 1, year: year), timeZone: hours)!
    }

    // MARK: Astronomy (Hồ Ngọc Đức, after Meeus)

    /// Mean length of a synodic month in days.
    static let synodicMonth = 29.530588853

    static func floorInt(_ x: Double) -> Int { Int(x.rounded(.down)) }

    /// Julian day number of the local day containing the `k`-th new moon after
    /// 1900-01-01 (Meeus ch. 49 with the terms the original algorithm keeps).
    static func newMoonDay(_ k: Int, _ tz: Double) -> Int {
        let kd = Double(k)
        let t = kd / 1236.85 // Julian centuries from 1900-01-01 12:00
        let t2 = t * t
        let t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * kd + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * kd - 0.0000333 * t2 - 0.00000347 * t3 // Sun's mean anomaly
        let mpr = 306.0253 + 385.81691806 * kd + 0.0107306 * t2 + 0.00001236 * t3 // Moon's mean anomaly
        let f = 21.2964 + 390.67050646 * kd - 0.0016528 * t2 - 0.00000239 * t3 // Moon's argument of latitude
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr)
        c1 = c1 - 0.0004 * sin(dr * 3 * mpr)
        c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
        c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
        c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT: Double
        if t < -11 {
            deltaT = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
        } else {
            deltaT = -0.000278 + 0.000265 * t + 0.000262 * t2
        }
        let jdNew = jd1 + c1 - deltaT
        return floorInt(jdNew + 0.5 + tz / 24)
    }

    /// Sun's apparent longitude at local midnight starting day `jdn`, as the index
    /// 0…11 of the 30° sector it lies in (the major solar terms).
    static func sunLongitudeSector(_ jdn: Int, _ tz: Double) -> Int {
        let t = (Double(jdn) - 2_451_545.5 - tz / 24) / 36525 // centuries from J2000
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2 // mean anomaly
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2 // mean longitude
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        var l = (l0 + dl) * dr
        l -= 2 * Double.pi * (l / (2 * Double.pi)).rounded(.down) // normalise to [0, 2π)
        return floorInt(l / Double.pi * 6)
    }

    /// Day number of the start of lunar month 11 (the month containing the winter
    /// solstice) that begins in Gregorian `year`.
    static func lunarMonth11(year: Int, _ tz: Double) -> Int {
        let off = Double(LocalDate(year: year, month: 12, day: 31)!.julianDay) - 2_415_021
        let k = floorInt(off / synodicMonth)
        let nm = newMoonDay(k, tz)
        // Sun already past 270° (sector 9) at that new moon: the solstice month is the previous one.
        return sunLongitudeSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm
    }

    /// Index (counted from month 11 at `a11`) of the leap month of a 13-month year:
    /// the first month during which the sun enters no new 30° sector.
    static func leapMonthOffset(a11: Int, _ tz: Double) -> Int {
        let k = floorInt((Double(a11) - 2_415_021.076998695) / synodicMonth + 0.5)
        var i = 1 // start with the month after month 11
        var arc = sunLongitudeSector(newMoonDay(k + i, tz), tz)
        var last = 0
        repeat {
            last = arc
            i += 1
            arc = sunLongitudeSector(newMoonDay(k + i, tz), tz)
        } while arc != last && i < 14
        return i - 1
    }
}
