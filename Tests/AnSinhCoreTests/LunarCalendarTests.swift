import Testing
@testable import AnSinhCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDate {
    LocalDate(year: y, month: m, day: d)!
}

@Suite struct LunarCalendarTests {
    /// Mùng 1 Tết in Vietnam. Cross-checked against the Vietnamese overrides of the
    /// python-holidays lunisolar tables: 2030 is 2 February in Vietnam (3 February
    /// in China).
    static let tetDates: [(Int, LocalDate)] = [
        (2020, day(2020, 1, 25)), (2021, day(2021, 2, 12)), (2022, day(2022, 2, 1)),
        (2023, day(2023, 1, 22)), (2024, day(2024, 2, 10)), (2025, day(2025, 1, 29)),
        (2026, day(2026, 2, 17)), (2027, day(2027, 2, 6)), (2028, day(2028, 1, 26)),
        (2029, day(2029, 2, 13)), (2030, day(2030, 2, 2)), (2031, day(2031, 1, 23)),
        (2032, day(2032, 2, 11)), (2033, day(2033, 1, 31)), (2034, day(2034, 2, 19)),
        (2035, day(2035, 2, 8)),
    ]

    @Test(arguments: tetDates)
    func tetInVietnam(year: Int, expected: LocalDate) {
        #expect(LunarCalendar.tet(year: year) == expected)
        #expect(LunarCalendar.lunar(from: expected) == LunarDate(day: 1, month: 1, year: year))
        #expect(LunarCalendar.lunar(from: expected.adding(days: -1)).year == year - 1)
    }

    /// Every year 1901–2100 in which Vietnamese Tết (UTC+7) and Chinese New Year
    /// (UTC+8) differ, per the Vietnamese overrides in the python-holidays tables;
    /// in all other years the two coincide.
    static let tetDifferences: [(Int, LocalDate, LocalDate)] = [
        (1903, day(1903, 1, 28), day(1903, 1, 29)), (1916, day(1916, 2, 3), day(1916, 2, 4)),
        (1935, day(1935, 2, 3), day(1935, 2, 4)), (1965, day(1965, 2, 1), day(1965, 2, 2)),
        (1968, day(1968, 1, 29), day(1968, 1, 30)), (1969, day(1969, 2, 16), day(1969, 2, 17)),
        (1985, day(1985, 1, 21), day(1985, 2, 20)), (2007, day(2007, 2, 17), day(2007, 2, 18)),
        (2030, day(2030, 2, 2), day(2030, 2, 3)), (2053, day(2053, 2, 18), day(2053, 2, 19)),
    ]

    @Test func vietnamDiffersFromChinaOnlyWhereUTCPlus7Matters() {
        let listed = Dictionary(uniqueKeysWithValues: Self.tetDifferences.map { ($0.0, ($0.1, $0.2)) })
        for year in 1901...2100 {
            let vn = LunarCalendar.tet(year: year)
            let cn = LunarCalendar.tet(year: year, timeZone: 8)
            if let (expectedVN, expectedCN) = listed[year] {
                #expect(vn == expectedVN, "\(year)")
                #expect(cn == expectedCN, "\(year)")
            } else {
                #expect(vn == cn, "\(year)")
            }
        }
    }

    @Test func hungKingsDay() {
        let tenthOfThird = { (y: Int) in LunarCalendar.solar(from: LunarDate(day: 10, month: 3, year: y)) }
        #expect(tenthOfThird(2024) == day(2024, 4, 18))
        #expect(tenthOfThird(2025) == day(2025, 4, 7))
        #expect(tenthOfThird(2026) == day(2026, 4, 26))
        #expect(tenthOfThird(2027) == day(2027, 4, 16))
        // Years where Vietnam's date differs from China's (python-holidays overrides).
        #expect(tenthOfThird(1975) == day(1975, 4, 20))
        #expect(tenthOfThird(2009) == day(2009, 4, 4))
        #expect(tenthOfThird(2037) == day(2037, 4, 24))
    }

    @Test func leapMonths() {
        // 2023 had a leap 2nd month (tháng 2 nhuận) starting 2023-03-22;
        // 2025 a leap 6th month starting 2025-07-25.
        #expect(LunarCalendar.lunar(from: day(2023, 3, 22)) == LunarDate(day: 1, month: 2, year: 2023, isLeapMonth: true))
        #expect(LunarCalendar.lunar(from: day(2025, 7, 25)) == LunarDate(day: 1, month: 6, year: 2025, isLeapMonth: true))
        #expect(LunarCalendar.solar(from: LunarDate(day: 1, month: 6, year: 2025, isLeapMonth: true)) == day(2025, 7, 25))
        #expect(LunarCalendar.solar(from: LunarDate(day: 1, month: 5, year: 2025, isLeapMonth: true)) == nil)
        #expect(LunarCalendar.solar(from: LunarDate(day: 1, month: 6, year: 2026, isLeapMonth: true)) == nil)
    }

    @Test func invalidLunarDates() {
        #expect(LunarCalendar.solar(from: LunarDate(day: 31, month: 1, year: 2026)) == nil)
        #expect(LunarCalendar.solar(from: LunarDate(day: 1, month: 13, year: 2026)) == nil)
        #expect(LunarCalendar.solar(from: LunarDate(day: 0, month: 1, year: 2026)) == nil)
        // The 12th month of Ất Tỵ (2025) has 29 days: Tết 2026 follows its 29th.
        #expect(LunarCalendar.solar(from: LunarDate(day: 30, month: 12, year: 2025)) == nil)
        #expect(LunarCalendar.solar(from: LunarDate(day: 29, month: 12, year: 2025)) == day(2026, 2, 16))
    }

    @Test func roundTripEveryDay2000Through2040() {
        var d = day(2000, 1, 1)
        let end = day(2040, 12, 31)
        var previous = LunarCalendar.lunar(from: d.adding(days: -1))
        var failures = 0
        while d <= end {
            let lunar = LunarCalendar.lunar(from: d)
            if LunarCalendar.solar(from: lunar) != d { failures += 1 }
            // Consecutive days: next day of the month, or day 1 of a new month.
            let continues = lunar.day == previous.day + 1 && lunar.month == previous.month
                && lunar.year == previous.year && lunar.isLeapMonth == previous.isLeapMonth
            if !(continues || (lunar.day == 1 && (29...30).contains(previous.day))) { failures += 1 }
            previous = lunar
            d = d.adding(days: 1)
        }
        #expect(failures == 0)
    }
}
