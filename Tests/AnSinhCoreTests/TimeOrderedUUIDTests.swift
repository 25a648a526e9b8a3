import Foundation
import Testing
@testable import AnSinhCore

@Suite struct TimeOrderedUUIDTests {
    @Test func carriesTheTimeVersionAndVariant() {
        let date = Date(timeIntervalSince1970: 1_796_310_000.5)
        let id = UUID.timeOrdered(at: date)
        let u = id.uuid
        let ms = [u.0, u.1, u.2, u.3, u.4, u.5].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(ms == 1_796_310_000_500)
        #expect(u.6 >> 4 == 7)
        #expect(u.8 >> 6 == 0b10)
        #expect(id.uuidString.count == 36)
    }

    @Test func laterIdsSortAfterEarlierOnesAsBytesAndAsText() {
        let start = Date(timeIntervalSince1970: 1_796_310_000)
        let ids = (0..<200).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0) * 0.002)) }
        let bytes = ids.map { withUnsafeBytes(of: $0.uuid) { Array($0) } }
        #expect(zip(bytes, bytes.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0.uuidString < $1.uuidString })
        // And the random part differs within one millisecond.
        #expect(Set((0..<100).map { _ in UUID.timeOrdered(at: start) }).count == 100)
    }
}
