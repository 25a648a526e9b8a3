import Foundation
import Testing
@testable import AnSinhCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDate {
    LocalDate(year: y, month: m, day: d)!
}

@Suite struct WorkingDayCalendarTests {
    let calendar = WorkingDayCalendar()

    @Test func ordinaryWeek() {
        // 2026-03-09 is a Monday; no holidays that week.
        let monday = day(2026, 3, 9)
        #expect((0..<5).allSatisfy { calendar.isWorkingDay(monday.adding(days: $0)) })
        #expect(!calendar.isWorkingDay(day(2026, 3, 14)))
        #expect(!calendar.isWorkingDay(day(2026, 3, 15)))
        #expect(calendar.addingWorkingDays(5, to: day(2026, 3, 13)) == day(2026, 3, 20))
        #expect(calendar.addingWorkingDays(1, to: day(2026, 3, 14)) == day(2026, 3, 16))
        #expect(calendar.addingWorkingDays(0, to: day(2026, 3, 14)) == day(2026, 3, 14))
        #expect(calendar.addingWorkingDays(-5, to: day(2026, 3, 20)) == day(2026, 3, 13))
        #expect(calendar.workingDays(from: day(2026, 3, 13), to: day(2026, 3, 20)) == 5)
        #expect(calendar.workingDays(from: day(2026, 3, 20), to: day(2026, 3, 13)) == -5)
        #expect(calendar.workingDays(from: day(2026, 3, 13), to: day(2026, 3, 13)) == 0)
    }

    @Test func nationalDay2025() {
        // 2/9/2025 is a Tuesday; the adjacent day off is Monday 1/9 by default.
        #expect(!calendar.isWorkingDay(day(2025, 9, 1)))
        #expect(!calendar.isWorkingDay(day(2025, 9, 2)))
        #expect(calendar.isWorkingDay(day(2025, 9, 3)))
        let after = WorkingDayCalendar(nationalDayExtra: .after)
        #expect(after.isWorkingDay(day(2025, 9, 1)))
        #expect(!after.isWorkingDay(day(2025, 9, 3)))
    }

    @Test func reunificationAndLabourDay2026() {
        // Thursday 30/4 and Friday 1/5/2026.
        #expect(calendar.isHoliday(day(2026, 4, 30)))
        #expect(!calendar.isWorkingDay(day(2026, 4, 30)))
        #expect(!calendar.isWorkingDay(day(2026, 5, 1)))
        #expect(calendar.isWorkingDay(day(2026, 5, 4)))
        #expect(calendar.addingWorkingDays(1, to: day(2026, 4, 29)) == day(2026, 5, 4))
    }

    @Test func tet2026() {
        // 30 Tết is Monday 2026-02-16, so Monday to Friday are off.
        for offset in 0..<5 {
            #expect(!calendar.isWorkingDay(day(2026, 2, 16).adding(days: offset)))
        }
        #expect(calendar.isWorkingDay(day(2026, 2, 13)))
        #expect(calendar.isWorkingDay(day(2026, 2, 23)))
        let tet = calendar.holidays(in: 2026).filter { $0.name == .tet }.map(\.date)
        #expect(tet == (0..<5).map { day(2026, 2, 16).adding(days: $0) })
        // +5 from Friday 13/2 skips the Tết week: 23, 24, 25, 26, 27 February.
        #expect(calendar.addingWorkingDays(5, to: day(2026, 2, 13)) == day(2026, 2, 27))
    }

    @Test func holidays2026() {
        let expected: [(LocalDate, Holiday.Name)] = [
            (day(2026, 1, 1), .newYear),
            (day(2026, 2, 16), .tet), (day(2026, 2, 17), .tet), (day(2026, 2, 18), .tet),
            (day(2026, 2, 19), .tet), (day(2026, 2, 20), .tet),
            (day(2026, 4, 26), .hungKings), (day(2026, 4, 27), .compensatory), // 10/3 lunar is a Sunday
            (day(2026, 4, 30), .reunification), (day(2026, 5, 1), .labour),
            (day(2026, 9, 1), .national), (day(2026, 9, 2), .national),
        ]
        let actual = calendar.holidays(in: 2026)
        #expect(actual.map(\.date) == expected.map(\.0))
        #expect(actual.map(\.name) == expected.map(\.1))
    }

    @Test func compensatoryDays2022() {
        // 30/4/2022 was a Saturday and 1/5/2022 a Sunday: 2/5 and 3/5 were off.
        let holidays = calendar.holidays(in: 2022)
        let compensatory = holidays.filter { $0.name == .compensatory }.map(\.date)
        #expect(compensatory.contains(day(2022, 5, 2)))
        #expect(compensatory.contains(day(2022, 5, 3)))
        #expect(!calendar.isWorkingDay(day(2022, 5, 2)))
        #expect(!calendar.isWorkingDay(day(2022, 5, 3)))
        #expect(calendar.isWorkingDay(day(2022, 5, 4)))
        #expect(calendar.isHoliday(day(2022, 5, 3)))
        #expect(holidays == holidays.sorted { $0.date < $1.date })
    }

    @Test func swapsOverrideEverything() {
        // 2025: work Saturday 26/4 so that Friday 2/5 is a bridging day off.
        let swapped = WorkingDayCalendar(swaps: [
            SwappedDay(date: day(2025, 4, 26), kind: .workday, note: "Làm bù"),
            SwappedDay(date: day(2025, 5, 2), kind: .dayOff, note: "Nghỉ cầu nối"),
        ])
        #expect(!calendar.isWorkingDay(day(2025, 4, 26)))
        #expect(swapped.isWorkingDay(day(2025, 4, 26)))
        #expect(calendar.isWorkingDay(day(2025, 5, 2)))
        #expect(!swapped.isWorkingDay(day(2025, 5, 2)))
        #expect(!swapped.isHoliday(day(2025, 5, 2)))
        #expect(swapped.addingWorkingDays(1, to: day(2025, 4, 25)) == day(2025, 4, 26))
        #expect(swapped.addingWorkingDays(1, to: day(2025, 4, 29)) == day(2025, 5, 5))
        // A workday swap also beats a statutory holiday.
        let onHoliday = WorkingDayCalendar(swaps: [SwappedDay(date: day(2025, 9, 1), kind: .workday)])
        #expect(onHoliday.isWorkingDay(day(2025, 9, 1)))
    }

    @Test func swapsAreCodable() throws {
        let swap = SwappedDay(date: day(2025, 4, 26), kind: .workday, note: "Làm bù")
        let data = try JSONEncoder().encode(swap)
        #expect(try JSONDecoder().decode(SwappedDay.self, from: data) == swap)
        #expect(String(decoding: data, as: UTF8.self).contains(#""2025-04-26""#))
    }

    @Test func labels() {
        #expect(Holiday.Name.tet.vietnamese == "Tết Nguyên đán")
        #expect(Holiday.Name.national.english == "National Day")
        #expect(Holiday.Name.allCases.allSatisfy { !$0.vietnamese.isEmpty && !$0.english.isEmpty })
    }

    @Test func deadlineIsEndOfTheNthWorkingDay() {
        // Received Friday 13/3/2026 16:30 Vietnam time (09:30 UTC).
        let received = day(2026, 3, 13).startOfDay().addingTimeInterval(16.5 * 3600)
        let due = calendar.deadline(addingWorkingDays: 5, to: received)
        #expect(VNFormat.dateTime(due) == "20/03/2026 23:59")
        #expect(due == day(2026, 3, 21).startOfDay().addingTimeInterval(-1))
        // Received during Tết: counting starts after the day of receipt.
        let duringTet = day(2026, 2, 17).startOfDay().addingTimeInterval(10 * 3600)
        #expect(LocalDate(calendar.deadline(addingWorkingDays: 1, to: duringTet)) == day(2026, 2, 23))
    }
}
