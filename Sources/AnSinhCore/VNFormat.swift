import Foundation

/// Vietnamese display formats: `1.234.567`, `105,3`, `32.000.000 ₫`, `29/01/2026 14:05`.
///
/// Everything is computed by hand instead of with `NumberFormatter`/`DateFormatter`:
/// those are slow to create, not `Sendable`, and their output depends on the ICU
/// data installed on the server. These functions are pure and thread-safe.
/// Dates and times use a fixed UTC+07:00 for instants after 1976 (Vietnam has had
/// no DST or offset change since 13/6/1975) and the tz database before that.
public enum VNFormat {
    /// Vietnam's time zone, `Asia/Ho_Chi_Minh` (UTC+07:00, no DST).
    ///
    /// Falls back to a fixed +07:00 zone if the host has no tz database.
    public static let timeZone: TimeZone =
        TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// Integer with dot thousands separators: `1.234.567`, `-1.234`.
    public static func number(_ n: Int) -> String {
        let digits = grouped(UInt64(n.magnitude))
        return n < 0 ? "-" + digits : digits
    }

    /// Decimal with comma as decimal separator and dot thousands separators:
    /// `decimal(105.25)` → `105,3`, `decimal(1234.5, fractionDigits: 2)` → `1.234,50`.
    ///
    /// Rounds half away from zero. Non-finite values give `"NaN"`, `"∞"` or `"-∞"`.
    public static func decimal(_ x: Double, fractionDigits: Int = 1) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x < 0 ? "-∞" : "∞") }
        let digits = min(max(fractionDigits, 0), 9)
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (x.magnitude * Double(scale)).rounded(.toNearestOrAwayFromZero)
        // Beyond ~9e18 the value no longer fits UInt64; such magnitudes never occur
        // in social-work statistics, so degrade to a rounded integer.
        guard scaled < 9.0e18 else {
            return (x < 0 ? "-" : "") + grouped(digits: String(format: "%.0f", x.magnitude))
        }
        let units = UInt64(scaled)
        var text = grouped(units / scale)
        if digits > 0 {
            let frac = String(units % scale)
            text += "," + String(repeating: "0", count: digits - frac.count) + frac
        }
        // No "-0,0": the sign is shown only when something non-zero remains.
        return (x < 0 && units != 0) ? "-" + text : text
    }

    /// Ratio as a percentage: `percent(1.05)` → `105%`, `percent(0.1234, fractionDigits: 1)` → `12,3%`.
    ///
    /// No space before `%`, as in Vietnamese government statistics.
    public static func percent(_ x: Double, fractionDigits: Int = 0) -> String {
        decimal(x * 100, fractionDigits: fractionDigits) + "%"
    }

    /// Vietnamese đồng: `vnd(32_000_000)` → `"32.000.000\u{00A0}₫"`.
    ///
    /// The number and `₫` are joined by U+00A0 NO-BREAK SPACE so a table cell or
    /// line never wraps the symbol away from the amount.
    public static func vnd(_ amount: Int64) -> String {
        let digits = grouped(amount.magnitude)
        return (amount < 0 ? "-" : "") + digits + "\u{00A0}₫"
    }

    /// `dd/MM/yyyy` of the instant in Vietnam.
    public static func date(_ d: Date) -> String {
        LocalDate(d).description
    }

    /// `dd/MM/yyyy HH:mm` (24 h) of the instant in Vietnam.
    public static func dateTime(_ d: Date) -> String {
        let local = d.timeIntervalSince1970 + Double(utcOffsetSeconds(for: d))
        let secondsOfDay = Int(local - (local / 86_400).rounded(.down) * 86_400)
        let hh = LocalDate.pad(secondsOfDay / 3600, 2)
        let mm = LocalDate.pad(secondsOfDay % 3600 / 60, 2)
        return "\(LocalDate(d).description) \(hh):\(mm)"
    }

    /// Parses a user-typed date: `dd/MM/yyyy`, `d/M/yyyy` or ISO `yyyy-MM-dd`.
    ///
    /// Surrounding whitespace is ignored; the year must have 4 digits; impossible
    /// dates (`31/02/2026`) give `nil`.
    public static func parseDate(_ s: String) -> LocalDate? {
        let text = s.trimmingCharacters(in: .whitespacesAndNewlines)
        if let iso = LocalDate(iso: text) { return iso }
        // dd/MM/yyyy, also typed with "-" or "." ("05-12-2026", "5.12.2026"); one separator throughout.
        let bytes = Array(text.utf8)
        guard let separator = [UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: ".")].first(where: bytes.contains) else { return nil }
        let parts = bytes.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3,
              (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              let d = LocalDate.digits(parts[0]), let m = LocalDate.digits(parts[1]),
              let y = LocalDate.digits(parts[2])
        else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    // MARK: Internals

    /// UTC offset of Vietnam at `date`, in seconds.
    ///
    /// Since 13/6/1975 Vietnam is on a fixed +07:00 with no DST, so recent instants
    /// (everything this product timestamps) skip the tz database entirely; only
    /// older instants (the South used +08:00 before 1975) ask `timeZone`.
    static func utcOffsetSeconds(for date: Date) -> Int {
        // 200_000_000 s after the Unix epoch is May 1976, safely past the change.
        date.timeIntervalSince1970 >= 200_000_000 ? 7 * 3600 : timeZone.secondsFromGMT(for: date)
    }

    /// Decimal digits of `n` with a dot every three digits.
    static func grouped(_ n: UInt64) -> String {
        grouped(digits: String(n))
    }

    /// Inserts a dot every three digits into a string of ASCII digits.
    static func grouped(digits: String) -> String {
        let plain = Array(digits.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(plain.count + plain.count / 3)
        for (i, c) in plain.enumerated() {
            if i > 0 && (plain.count - i) % 3 == 0 { out.append(UInt8(ascii: ".")) }
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
