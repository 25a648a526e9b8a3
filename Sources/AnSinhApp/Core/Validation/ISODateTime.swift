import AnSinhCore
import Foundation

/// ISO 8601 date-times with an offset, parsed and written by hand: Foundation's
/// ISO8601DateFormatter costs about a millisecond to create on Linux, more than the rest of a
/// request to record a call.
enum ISODateTime {
    /// `2021-03-01T08:00:00+07:00`, `…Z`, with optional fractional seconds; nil without an offset.
    static func parse(_ s: String) -> Date? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard (48...57).contains(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let sec = num(17, 2),
              let date = LocalDate(year: y, month: mo, day: d), h < 24, mi < 60, sec < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, (48...57).contains(b[i]) { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122, i == b.count - 1 {
            offset = 0
        } else if b[i] == 43 || b[i] == 45, b.count == i + 6, b[i + 3] == 58, let oh = num(i + 1, 2), let om = num(i + 4, 2), oh < 24, om < 60 {
            offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
        } else {
            return nil
        }
        let days = date.julianDay - LocalDate(year: 1970, month: 1, day: 1)!.julianDay
        let seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Vietnam time with its offset: `2026-11-20T09:00:00+07:00` (Vietnam has kept +07:00 since 1975).
    static func format(_ d: Date) -> String {
        let local = Int((d.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secs = local - days * 86400
        let date = LocalDate(julianDay: LocalDate(year: 1970, month: 1, day: 1)!.julianDay + days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        // Not String(format:): Foundation's formatting was a twentieth of recording a call.
        return "\(date.iso)T\(two(secs / 3600)):\(two((secs % 3600) / 60)):\(two(secs % 60))+07:00"
    }
}
