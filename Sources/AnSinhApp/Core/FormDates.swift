import AnSinhCore
import Foundation
import Vapor

/// Dates on pages are typed and shown the Vietnamese way — `15/12/2026`, `12/2026`,
/// `15/12/2026 09:05` (also with `-` or `.`) — while the server, its validators and the API
/// keep the ISO forms. This is the one place between the two: `Request.formValue` turns a
/// date field's typed value into ISO, and `FormField` shows an ISO value as typed.
enum FormDates {
    /// The page form fields that hold a date, a month or a date and time.
    static let names: Set<String> = [
        "date", "followUpOn", "conferenceDate", "sharedOn", "givenOn", "withdrawnOn", "from", "to",
        "started_at", "ended_at", "callback_due_at", "receivedAt", "birthDate",
    ]
    /// Families of fields numbered by the page (`due-0-1`, `allowance-since-2`).
    static let prefixes = ["due-", "allowance-since-"]

    static func isDateField(_ name: String) -> Bool {
        names.contains(name) || prefixes.contains { name.hasPrefix($0) }
    }

    /// The ISO form of a typed date (`yyyy-MM-dd`), month (`yyyy-MM`) or date and time
    /// (`yyyy-MM-ddTHH:mm`); nil when the text is not in a Vietnamese form (ISO passes as it is,
    /// anything else reaches the validator unchanged and is refused there).
    static func iso(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let pieces = text.split(separator: " ", omittingEmptySubsequences: true)
        if pieces.count == 2, let day = VNFormat.parseDate(String(pieces[0])), LocalDate(iso: String(pieces[0])) == nil,
           let time = clock(String(pieces[1])) {
            return "\(day.iso)T\(time)"
        }
        guard pieces.count == 1, LocalDate(iso: text) == nil else { return nil }
        if let day = VNFormat.parseDate(text) { return day.iso }
        // A month: "03/2015", "3.2015".
        for separator in ["/", "-", "."] {
            let parts = text.components(separatedBy: separator)
            if parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 4,
               let m = Int(parts[0]), let y = Int(parts[1]), (1...12).contains(m), parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) {
                return String(format: "%04d-%02d", y, m)
            }
        }
        return nil
    }

    /// `9:05` or `09:05` → `09:05`.
    private static func clock(_ s: String) -> String? {
        let parts = s.split(separator: ":")
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return String(format: "%02d:%02d", h, m)
    }

    /// How a value is shown in a field: ISO dates, months and date-times the Vietnamese way;
    /// anything else (what the user typed and was refused) as it is.
    static func display(_ value: String) -> String {
        if let day = LocalDate(iso: value) { return day.description }
        let halves = value.split(separator: "T")
        if halves.count == 2, let day = LocalDate(iso: String(halves[0])), halves[1].count >= 5 {
            return "\(day.description) \(halves[1].prefix(5))"
        }
        if value.count == 7, let day = LocalDate(iso: value + "-01") {
            return String(format: "%02d/%04d", day.month, day.year)
        }
        return value
    }
}

extension Localizer {
    /// The message for a date that could not be read, as pages ask for it.
    var dateFormatMessage: String {
        pick(vi: "Ngày không hợp lệ: ghi ngày/tháng/năm, ví dụ 15/12/2026.", en: "Not a valid date: dd/mm/yyyy, e.g. 15/12/2026.")
    }
}

/// Page filters (`?from=15/12/2026`) reach their handlers with ISO dates, like forms do through
/// `formValue`. The API is left as it is: it takes the ISO forms only.
struct PageDateQueryMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if !req.url.path.hasPrefix("/api/"), let query = req.url.query, !query.isEmpty,
           var components = URLComponents(string: "?" + query), let items = components.queryItems,
           items.contains(where: { FormDates.isDateField($0.name) && $0.value.flatMap(FormDates.iso) != nil }) {
            components.queryItems = items.map { item in
                guard FormDates.isDateField(item.name), let iso = item.value.flatMap(FormDates.iso) else { return item }
                return URLQueryItem(name: item.name, value: iso)
            }
            req.url.query = components.percentEncodedQuery
        }
        return try await next.respond(to: req)
    }
}

extension Request {
    /// The message for a date that could not be read: the ISO form the API takes, the
    /// Vietnamese form pages take.
    var dateMessage: String {
        isAPI ? t.pick(vi: "Ngày dạng YYYY-MM-DD.", en: "The date is YYYY-MM-DD.") : t.dateFormatMessage
    }
}
