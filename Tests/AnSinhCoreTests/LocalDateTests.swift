import Foundation
import Testing
@testable import AnSinhCore

@Suite struct LocalDateTests {
    @Test func validation() {
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 1900, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2026, month: 4, day: 31) == nil)
        #expect(LocalDate(year: 2026, month: 0, day: 1) == nil)
        #expect(LocalDate(year: 2026, month: 1, day: 0) == nil)
    }

    @Test func julianDayAndWeekday() throws {
        let d = try #require(LocalDate(year: 2000, month: 1, day: 1))
        #expect(d.julianDay == 2_451_545)
        #expect(LocalDate(julianDay: 2_451_545) == d)
        #expect(d.weekday == 7) // Saturday
        #expect(try #require(LocalDate(year: 2026, month: 1, day: 29)).weekday == 5) // Thursday
        #expect(try #require(LocalDate(year: 1945, month: 9, day: 2)).weekday == 1) // Sunday
    }

    @Test func agreesWithFoundationCalendarOverAllDays() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VNFormat.timeZone
        var day = try #require(LocalDate(year: 1899, month: 12, day: 25))
        while day.year < 2101 {
            let start = day.startOfDay()
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: start)
            #expect(c.year == day.year && c.month == day.month && c.day == day.day, "\(day)")
            #expect(c.hour == 0 && c.minute == 0, "\(day)")
            #expect(c.weekday == day.weekday, "\(day)")
            #expect(LocalDate(start) == day)
            #expect(LocalDate(start.addingTimeInterval(86_399)) == day)
            #expect(LocalDate(julianDay: day.julianDay) == day)
            day = day.adding(days: 37)
        }
    }

    @Test func otherTimeZones() throws {
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        let instant = Date(timeIntervalSince1970: 1_769_621_400) // 2026-01-28T17:30Z
        #expect(LocalDate(instant, in: utc) == LocalDate(year: 2026, month: 1, day: 28))
        #expect(LocalDate(instant) == LocalDate(year: 2026, month: 1, day: 29))
        let day = try #require(LocalDate(year: 2026, month: 1, day: 29))
        #expect(day.startOfDay(in: utc).timeIntervalSince1970 == 1_769_644_800)
        #expect(day.startOfDay().timeIntervalSince1970 == 1_769_644_800 - 25_200)
    }

    @Test func arithmeticAndOrdering() throws {
        let a = try #require(LocalDate(year: 2026, month: 2, day: 27))
        #expect(a.adding(days: 2) == LocalDate(year: 2026, month: 3, day: 1))
        #expect(a.adding(days: -58) == LocalDate(year: 2025, month: 12, day: 31))
        #expect(try #require(LocalDate(year: 2027, month: 1, day: 1)) - a == 308)
        #expect(a - a == 0)
        #expect(a < a.adding(days: 1))
        #expect(try #require(LocalDate(year: 2025, month: 12, day: 31)) < a)
    }

    @Test func textForms() throws {
        let d = try #require(LocalDate(year: 2026, month: 1, day: 9))
        #expect(d.iso == "2026-01-09")
        #expect(d.description == "09/01/2026")
        #expect("\(d)" == "09/01/2026")
    }

    @Test func codableAsIsoString() throws {
        let d = try #require(LocalDate(year: 2026, month: 1, day: 29))
        let data = try JSONEncoder().encode([d])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-01-29"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [d])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-30"]"#.utf8))
        }
    }
}
