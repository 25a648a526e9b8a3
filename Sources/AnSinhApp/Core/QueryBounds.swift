import AnSinhCore
import Vapor

/// Every number and date a client may put in a query string, bounded in one place.
///
/// Two reasons. No arithmetic on client input may trap (`offset + limit + 1` with an offset of
/// `Int.max` crashed the whole process), and no request may ask for unbounded work (a report
/// from year 1 to 9999 was 120,000 queries). Out-of-range values answer 422 naming the allowed
/// range beside the field, never a silent clamp: a client that asks for page 10⁹ has a bug it
/// should hear about. The OpenAPI document states the same bounds.
enum QueryBounds {
    /// Rows per API page.
    static let limit = 1...200
    /// How far a list may be paged. A million rows deep is more than any list holds in a
    /// center, and it keeps `offset + limit + 1` far from overflowing.
    static let offset = 0...1_000_000
    /// Pages of the HTML lists (the audit log).
    static let page = 1...20_000
    /// The first year any record or report may concern: the centers' oldest paper files.
    static let earliestYear = 1990
    /// A report covers at most this many years (the longest comparison centers publish is
    /// "since 2016").
    static let reportYears = 20

    /// Dates a filter or report may name: from 1 January 1990 to 31 December of next year
    /// (plans and targets are made for next year).
    static func dates(today: LocalDate) -> ClosedRange<LocalDate> {
        LocalDate(year: earliestYear, month: 1, day: 1)!...LocalDate(year: today.year + 1, month: 12, day: 31)!
    }
}

/// A page of a list: `limit` rows from `offset`, reading one more to know if another page follows.
struct Paging: Sendable, Equatable {
    let limit: Int
    let offset: Int

    /// The rows to read: one past the page, so that the answer says whether there is a next one.
    var rangeToRead: Range<Int> { offset..<(offset + limit + 1) }

    /// The offset of the next page, given how many rows `rangeToRead` returned.
    func nextOffset(read count: Int) -> Int? { count > limit ? offset + limit : nil }
}

extension Request {
    /// An integer query parameter within `range`; `defaultValue` when absent or empty. Anything
    /// else, including text and numbers too large for `Int`, answers 422 with the allowed range.
    func boundedInt(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        try boundedInt(name, in: range) ?? defaultValue
    }

    /// An optional integer query parameter within `range`: nil when absent (or empty on a page).
    func boundedInt(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = try nonEmptyQuery(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw ValidationError([FieldProblem(field: name, message: t.pick(
                vi: "Phải là số nguyên từ \(range.lowerBound) đến \(range.upperBound).",
                en: "Must be a whole number from \(range.lowerBound) to \(range.upperBound)."))], self)
        }
        return value
    }

    /// `limit` and `offset` of an API list.
    func paging(defaultLimit: Int = 50, maxLimit: Int = QueryBounds.limit.upperBound) throws -> Paging {
        let limit = try boundedInt("limit", default: defaultLimit, in: QueryBounds.limit.lowerBound...maxLimit)
        return Paging(limit: limit, offset: try boundedInt("offset", default: 0, in: QueryBounds.offset))
    }

    /// A date filter given as `yyyy-MM-dd` (and, where `display` allows, `dd/MM/yyyy`), within
    /// `QueryBounds.dates`; nil when absent or empty.
    func boundedDate(_ name: String, acceptDisplayForm: Bool = false) throws -> LocalDate? {
        guard let raw = try nonEmptyQuery(name) else { return nil }
        return try boundedDate(name, raw, acceptDisplayForm: acceptDisplayForm)
    }

    /// A query parameter's text; nil when absent. Empty means absent on a page (a filter form
    /// sends its empty fields), but the API says what it accepts: `to=` is no date, so 422.
    func nonEmptyQuery(_ name: String) throws -> String? {
        guard let raw = query[String.self, at: name] else { return nil }
        guard raw.isEmpty else { return raw }
        guard !isAPI else {
            throw ValidationError([FieldProblem(field: name, message: t.pick(vi: "Không được để trống; bỏ hẳn tham số nếu không lọc.",
                                                                               en: "Must not be empty; leave the parameter out to not filter."))], self)
        }
        return nil
    }

    /// `raw` as a date within `QueryBounds.dates`, or 422 naming `name`.
    func boundedDate(_ name: String, _ raw: String, acceptDisplayForm: Bool = false) throws -> LocalDate {
        let allowed = QueryBounds.dates(today: LocalDate(application.clock.now()))
        guard let date = acceptDisplayForm ? VNFormat.parseDate(raw) : LocalDate(iso: raw) else {
            throw ValidationError([FieldProblem(field: name, message: t.pick(
                vi: acceptDisplayForm ? "Ngày không hợp lệ (dd/mm/yyyy)." : "Ngày không hợp lệ (yyyy-mm-dd).",
                en: acceptDisplayForm ? "Not a valid date (dd/mm/yyyy)." : "Not a valid date (yyyy-mm-dd)."))], self)
        }
        guard allowed.contains(date) else {
            throw ValidationError([FieldProblem(field: name, message: t.pick(
                vi: "Ngày phải từ \(allowed.lowerBound) đến \(allowed.upperBound).",
                en: "The date must be from \(allowed.lowerBound) to \(allowed.upperBound)."))], self)
        }
        return date
    }

    /// A report's period: both dates within `QueryBounds.dates`, `from` not after `to`, at most
    /// `QueryBounds.reportYears` years long. `from` and `to` default to the given dates when
    /// absent (pages open on this year); pass nil to require them.
    func reportPeriod(from fromText: String?, to toText: String?,
                      defaultFrom: LocalDate? = nil, defaultTo: LocalDate? = nil) throws -> (from: LocalDate, to: LocalDate) {
        let t = self.t
        func date(_ name: String, _ text: String?, _ fallback: LocalDate?) throws -> LocalDate {
            if let text, !text.isEmpty { return try boundedDate(name, text) }
            if let fallback { return fallback }
            throw ValidationError([FieldProblem(field: name, message: t.pick(vi: "Cần ngày dạng yyyy-mm-dd.",
                                                                               en: "Required, as yyyy-mm-dd."))], self)
        }
        let from = try date("from", fromText, defaultFrom)
        let to = try date("to", toText, defaultTo)
        guard from <= to else {
            throw ValidationError([FieldProblem(field: "to", message: t.pick(vi: "Đến ngày không được trước từ ngày.",
                                                                             en: "To must not be before from."))], self)
        }
        guard let longest = LocalDate(year: from.year + QueryBounds.reportYears, month: from.month, day: 1),
              to < longest.adding(days: from.day - 1) else {
            throw ValidationError([FieldProblem(field: "to", message: t.pick(
                vi: "Một báo cáo dài tối đa \(QueryBounds.reportYears) năm.",
                en: "A report covers at most \(QueryBounds.reportYears) years."))], self)
        }
        return (from, to)
    }
}

extension Request {
    /// A query parameter whose value is not one the server knows (a state, a kind, a channel):
    /// 422 beside that parameter, in both languages.
    func invalidQuery(_ name: String) -> ValidationError {
        ValidationError([FieldProblem(field: name, message: t.pick(vi: "Giá trị không hợp lệ.", en: "Not a valid value."))], self)
    }
}
