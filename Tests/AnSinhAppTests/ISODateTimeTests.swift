@testable import AnSinhApp
import Foundation
import Testing

@Suite("ISO 8601 date-times")
struct ISODateTimeTests {
    @Test func parsesWhatFoundationParses() {
        let f = ISO8601DateFormatter()
        for s in ["2021-03-01T08:00:00+07:00", "2021-03-01T01:00:00Z", "1999-12-31T23:59:59-05:30", "2024-02-29T12:00:00+00:00"] {
            #expect(ISODateTime.parse(s) == f.date(from: s), "\(s)")
        }
        #expect(ISODateTime.parse("2021-03-01T08:00:00.250+07:00")?.timeIntervalSince1970 == (f.date(from: "2021-03-01T08:00:00+07:00")!.timeIntervalSince1970 + 0.25))
    }

    @Test func refusesWhatIsNotAnInstant() {
        for s in ["2021-03-01T08:00:00", "2021-02-30T08:00:00+07:00", "2021-03-01 08:00", "2021-03-01T25:00:00Z", "", "2021-03-01T08:00:00+0700", "x"] {
            #expect(ISODateTime.parse(s) == nil, "\(s)")
        }
    }

    @Test func formatsInVietnamTimeAndRoundTrips() {
        let d = ISODateTime.parse("2021-12-31T17:30:00Z")!
        #expect(ISODateTime.format(d) == "2022-01-01T00:30:00+07:00")
        for seconds in stride(from: -86_400.0 * 400, to: 86_400.0 * 20_000, by: 86_400.0 * 37 + 3_671) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISODateTime.parse(ISODateTime.format(date)) == date)
        }
    }
}
