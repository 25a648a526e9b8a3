import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): the Unix time in milliseconds in the first 48 bits, then 74
    /// random bits. Ids made in later milliseconds sort after earlier ones, as bytes and as
    /// text (within one millisecond their order is random, but they stay together), so new rows
    /// go at the end of the primary-key index (and of every index keyed on the id) instead of
    /// into a random page of it: a group of recorded calls then changes a few pages, not one
    /// page per row per index, and that is what each commit writes and syncs.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        // A random (version 4) UUID's bits, with the time over its first six bytes; its variant
        // bits are already RFC 9562's.
        var u = UUID().uuid
        let ms = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        u.0 = UInt8(truncatingIfNeeded: ms >> 40)
        u.1 = UInt8(truncatingIfNeeded: ms >> 32)
        u.2 = UInt8(truncatingIfNeeded: ms >> 24)
        u.3 = UInt8(truncatingIfNeeded: ms >> 16)
        u.4 = UInt8(truncatingIfNeeded: ms >> 8)
        u.5 = UInt8(truncatingIfNeeded: ms)
        u.6 = (u.6 & 0x0F) | 0x70
        return UUID(uuid: u)
    }
}
