import Foundation
import Testing
@testable import AnSinhCore

@Suite struct VNFormatTests {
    @Test func numbers() {
        #expect(VNFormat.number(0) == "0")
        #expect(VNFormat.number(999) == "999")
        #expect(VNFormat.number(1000) == "1.000")
        #expect(VNFormat.number(1_234_567) == "1.234.567")
        #expect(VNFormat.number(-1234) == "-1.234")
        #expect(VNFormat.number(Int.min) == "-9.223.372.036.854.775.808")
    }

    @Test func decimals() {
        #expect(VNFormat.decimal(105.25) == "105,3")
        #expect(VNFormat.decimal(105.3) == "105,3")
        #expect(VNFormat.decimal(1234.5, fractionDigits: 2) == "1.234,50")
        #expect(VNFormat.decimal(1234.5, fractionDigits: 0) == "1.235")
        #expect(VNFormat.decimal(-0.04) == "0,0")
        #expect(VNFormat.decimal(-2.25) == "-2,3")
        #expect(VNFormat.decimal(0.05, fractionDigits: 3) == "0,050")
        #expect(VNFormat.decimal(.nan) == "NaN")
    }

    @Test func percents() {
        #expect(VNFormat.percent(1.05) == "105%")
        #expect(VNFormat.percent(0.5) == "50%")
        #expect(VNFormat.percent(0.1234, fractionDigits: 1) == "12,3%")
        #expect(VNFormat.percent(12.5) == "1.250%")
    }

    @Test func dong() {
        #expect(Array(VNFormat.vnd(32_000_000).utf8) == Array("32.000.000\u{00A0}₫".utf8))
        #expect(VNFormat.vnd(0) == "0\u{00A0}₫")
        #expect(VNFormat.vnd(-500_000) == "-500.000\u{00A0}₫")
    }

    @Test func datesAreInVietnamTime() {
        // 2026-01-28T17:30:00Z is 29/01/2026 00:30 in Vietnam.
        let instant = Date(timeIntervalSince1970: 1_769_621_400)
        #expect(VNFormat.date(instant) == "29/01/2026")
        #expect(VNFormat.dateTime(instant) == "29/01/2026 00:30")
        #expect(VNFormat.dateTime(instant.addingTimeInterval(14 * 3600 + 5 * 60)) == "29/01/2026 14:35")
        #expect(VNFormat.dateTime(Date(timeIntervalSince1970: 1_769_621_399)) == "29/01/2026 00:29")
        #expect(VNFormat.dateTime(Date(timeIntervalSince1970: 1_769_621_400 - 1801)) == "28/01/2026 23:59")
        #expect(VNFormat.timeZone.secondsFromGMT(for: instant) == 7 * 3600)
    }

    @Test func formattingAgreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VNFormat.timeZone
        var t = 1_600_000_000.0
        while t < 1_900_000_000 {
            let d = Date(timeIntervalSince1970: t)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: d)
            let expected = String(format: "%02d/%02d/%04d %02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
            #expect(VNFormat.dateTime(d) == expected)
            t += 3_917_777.7
        }
    }

    @Test func parsing() {
        #expect(VNFormat.parseDate("29/01/2026") == LocalDate(year: 2026, month: 1, day: 29))
        #expect(VNFormat.parseDate("9/1/2026") == LocalDate(year: 2026, month: 1, day: 9))
        #expect(VNFormat.parseDate(" 2026-01-29 ") == LocalDate(year: 2026, month: 1, day: 29))
        #expect(VNFormat.parseDate("29/02/2024") == LocalDate(year: 2024, month: 2, day: 29))
        // Typed with dashes or dots, as people do.
        #expect(VNFormat.parseDate("29-01-2026") == LocalDate(year: 2026, month: 1, day: 29))
        #expect(VNFormat.parseDate("5.12.2026") == LocalDate(year: 2026, month: 12, day: 5))
        for bad in ["31/02/2026", "29/02/2025", "2026-02-30", "2026-13-01", "00/01/2026", "1/1/26",
                    "29/01/2026/1", "29/01-2026", "29.01/2026", "", "abc", "2026-1-29", "123/1/2026", "+1/1/2026"] {
            #expect(VNFormat.parseDate(bad) == nil, "\(bad)")
        }
    }

    @Test func isSendable() async {
        let results = await withTaskGroup(of: String.self) { group in
            for i in 0..<8 { group.addTask { VNFormat.number(i * 1000) } }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(results.count == 8)
    }
}
