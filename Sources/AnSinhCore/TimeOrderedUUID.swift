import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): the Unix time in milliseconds in the first 48 bits, then 74
    /// random bits. Ids made in later milliseconds sort after earlier ones, as bytes and as
    /// text (within one millisecond their order is random, but they stay together), so new rows
    /// go at the end of the primary-key index (and of every index keyed on the id) instead of
    /// into a random page of it: a group of recorded calls then changes a few pages, not one
    /// page per row per index, and that is what each commit writes and syncs.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        // Random bits from the system's generator (getrandom), then the time over the first six
        // bytes, the version and the variant. Not `UUID()`: on Linux, Foundation opens and
        // reads /dev/urandom for each one, and recording a call makes three ids.
        var generator = SystemRandomNumberGenerator()
        var u: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &u) { bytes in
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
        }
        let ms = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        u.0 = UInt8(truncatingIfNeeded: ms >> 40)
        u.1 = UInt8(truncatingIfNeeded: ms >> 32)
        u.2 = UInt8(truncatingIfNeeded: ms >> 24)
        u.3 = UInt8(truncatingIfNeeded: ms >> 16)
        u.4 = UInt8(truncatingIfNeeded: ms >> 8)
        u.5 = UInt8(truncatingIfNeeded: ms)
        u.6 = (u.6 & 0x0F) | 0x70
        u.8 = (u.8 & 0x3F) | 0x80
        return UUID(uuid: u)
    }
}
