import Foundation

/// A minimal ZIP writer (stored entries, no compression): enough for .xlsx files, which are
/// ZIP packages of small XML parts. Written here rather than adding a dependency for it.
struct ZipArchive {
    private var data = Data()
    private var central = Data()
    private var count: UInt16 = 0

    mutating func add(_ path: String, _ content: Data) {
        let name = Data(path.utf8)
        let crc = CRC32.checksum(content)
        let offset = UInt32(data.count)
        // Local file header.
        data.append(le32: 0x0403_4b50)
        data.append(le16: 20); data.append(le16: 0x0800) // version 2.0; UTF-8 names
        data.append(le16: 0); data.append(le16: 0); data.append(le16: 0x21) // stored; time; date (1980-01-01)
        data.append(le32: crc); data.append(le32: UInt32(content.count)); data.append(le32: UInt32(content.count))
        data.append(le16: UInt16(name.count)); data.append(le16: 0)
        data.append(name)
        data.append(content)
        // Central directory entry.
        central.append(le32: 0x0201_4b50)
        central.append(le16: 20); central.append(le16: 20); central.append(le16: 0x0800)
        central.append(le16: 0); central.append(le16: 0); central.append(le16: 0x21)
        central.append(le32: crc); central.append(le32: UInt32(content.count)); central.append(le32: UInt32(content.count))
        central.append(le16: UInt16(name.count)); central.append(le16: 0); central.append(le16: 0)
        central.append(le16: 0); central.append(le16: 0); central.append(le32: 0)
        central.append(le32: offset)
        central.append(name)
        count += 1
    }

    func finish() -> Data {
        var out = data
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.append(le32: 0x0605_4b50)
        out.append(le16: 0); out.append(le16: 0)
        out.append(le16: count); out.append(le16: count)
        out.append(le32: UInt32(central.count)); out.append(le32: centralOffset)
        out.append(le16: 0)
        return out
    }
}

enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

private extension Data {
    mutating func append(le16 v: UInt16) { append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8)]) }
    mutating func append(le32 v: UInt32) { append(contentsOf: (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) }) }
}
