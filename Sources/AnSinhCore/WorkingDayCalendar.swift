import Foundation

/// Working days of Vietnamese state agencies, for statutory deadlines
/// ("trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ").
///
/// Rules, in order of precedence:
/// 1. `swaps` (the government's yearly decisions) win over everything.
/// 2. Public holidays of Labour Code 2019 art. 112: 1/1; Tết (the last day of the
///    lunar year plus the first `tetDays - 1` days of the new one); 10/3 lunar;
///    30/4; 1/5; 2/9 plus one adjacent day (`nationalDayExtra`).
/// 3. Compensatory days (art. 111(3)): a holiday on a weekly rest day gives a day
///    off on the next working day after it.
/// 4. Saturday and Sunday are the weekly rest days of civil servants.
///
/// A pure value: cheap to copy, `Sendable`, no caches shared between threads.
public struct WorkingDayCalendar: Sendable {
    /// Which day next to 2/9 is the second National Day holiday (the government
    /// picks it each year).
    public enum NationalDayExtra: String, Hashable, Sendable, CaseIterable {
        /// 1/9.
        case before
        /// 3/9.
        case after
    }

    /// The government's one-off changes, as given to `init`.
    public let swaps: [SwappedDay]
    /// `swaps` by date; the last one wins if a date appears twice.
    private let swapsByDate: [LocalDate: SwappedDay]
    /// Number of Tết holidays counted from the last day of the lunar year (default 5).
    public let tetDays: Int
    /// Which day next to 2/9 is off.
    public let nationalDayExtra: NationalDayExtra

    public init(swaps: [SwappedDay] = [], tetDays: Int = 5, nationalDayExtra: NationalDayExtra = .before) {
        var byDate: [LocalDate: SwappedDay] = [:]
        for swap in swaps { byDate[swap.date] = swap }
        self.swaps = swaps
        self.swapsByDate = byDate
        self.tetDays = max(0, tetDays)
        self.nationalDayExtra = nationalDayExtra
    }

    /// Statutory holidays and compensatory days of Gregorian `year`, sorted by date.
    ///
    /// Swaps are not included: a `dayOff` swap is a day off, not a holiday.
    public func holidays(in year: Int) -> [Holiday] {
        var result: [Holiday] = []
        func add(_ month: Int, _ day: Int, _ name: Holiday.Name) {
            if let date = LocalDate(year: year, month: month, day: day) {
                result.append(Holiday(date: date, name: name))
            }
        }
        add(1, 1, .newYear)
        // Tết always falls between 21/1 and 20/2, so its days stay inside `year`.
        let tet = LunarCalendar.tet(year: year)
        for i in 0..<tetDays {
            result.append(Holiday(date: tet.adding(days: i - 1), name: .tet))
        }
        if let hung = LunarCalendar.solar(from: LunarDate(day: 10, month: 3, year: year)) {
            result.append(Holiday(date: hung, name: .hungKings))
        }
        add(4, 30, .reunification)
        add(5, 1, .labour)
        add(9, nationalDayExtra == .before ? 1 : 3, .national)
        add(9, 2, .national)
        result.sort { $0.date < $1.date }

        // Art. 111(3): each holiday on a Saturday/Sunday moves to the next day that
        // is neither weekend nor holiday nor already a compensatory day. No holiday
        // falls after September, so this never spills into the next year.
        let statutory = Set(result.map(\.date))
        var compensatory: [LocalDate] = []
        for holiday in result where holiday.date.isWeekend {
            var day = holiday.date.adding(days: 1)
            while day.isWeekend || statutory.contains(day) || compensatory.contains(day) {
                day = day.adding(days: 1)
            }
            compensatory.append(day)
        }
        result += compensatory.map { Holiday(date: $0, name: .compensatory) }
        result.sort { $0.date < $1.date }
        return result
    }

    /// `true` if `d` is a statutory holiday or a compensatory day (swaps ignored).
    public func isHoliday(_ d: LocalDate) -> Bool {
        holidays(in: d.year).contains { $0.date == d }
    }

    /// `true` if state agencies work on `d`.
    public func isWorkingDay(_ d: LocalDate) -> Bool {
        var lookup = Lookup(calendar: self)
        return lookup.isWorkingDay(d)
    }

    /// The `n`-th working day after `d` (`d` itself is not counted, whatever it is).
    ///
    /// `+5` from a Friday in an ordinary week is the next Friday; `n == 0` returns
    /// `d`; a negative `n` counts backwards (the `|n|`-th working day before `d`).
    public func addingWorkingDays(_ n: Int, to d: LocalDate) -> LocalDate {
        var lookup = Lookup(calendar: self)
        let step = n < 0 ? -1 : 1
        var remaining = n.magnitude
        var day = d
        while remaining > 0 {
            day = day.adding(days: step)
            if lookup.isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// Number of working days in `(from, to]`; negative (the count in `(to, from]`)
    /// when `to` is before `from`, e.g. for "overdue by N working days".
    public func workingDays(from: LocalDate, to: LocalDate) -> Int {
        if to < from { return -workingDays(from: to, to: from) }
        var lookup = Lookup(calendar: self)
        var count = 0
        var day = from.adding(days: 1)
        while day <= to {
            if lookup.isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    /// Statutory deadline: the end (23:59:59 Vietnam time) of the `n`-th working day
    /// after the day on which `instant` falls in Vietnam.
    ///
    /// Vietnamese administrative practice counts whole working days starting the
    /// day *after* receipt, whatever the hour of receipt, and a deadline expires at
    /// the end of its last day. A file received Friday 16:30 with a 5-working-day
    /// time limit is therefore due the next Friday at 23:59:59 (absent holidays).
    public func deadline(addingWorkingDays n: Int, to instant: Date) -> Date {
        let due = addingWorkingDays(n, to: LocalDate(instant))
        return due.adding(days: 1).startOfDay().addingTimeInterval(-1)
    }

    /// Per-call memo of the non-working days of each year touched, so loops over
    /// many days compute each year's holidays (lunar astronomy) only once.
    private struct Lookup {
        let calendar: WorkingDayCalendar
        var holidaysByYear: [Int: Set<LocalDate>] = [:]

        mutating func isWorkingDay(_ d: LocalDate) -> Bool {
            if let swap = calendar.swapsByDate[d] { return swap.kind == .workday }
            if d.isWeekend { return false }
            if let days = holidaysByYear[d.year] { return !days.contains(d) }
            let days = Set(calendar.holidays(in: d.year).map(\.date))
            holidaysByYear[d.year] = days
            return !days.contains(d)
        }
    }
}
