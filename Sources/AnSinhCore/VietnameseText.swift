import Foundation

/// Normalisation of Vietnamese text for storage and accent-insensitive search.
public enum VietnameseText {
    /// Search key: lowercase, without tone marks or diacritics, `đ` → `d`,
    /// whitespace runs collapsed to one space, trimmed.
    ///
    /// `fold("  Nguyễn  Văn Đức ")` → `"nguyen van duc"`. The result is the same for
    /// NFC and NFD input (names pasted from Word or macOS often arrive as NFD), so
    /// keys built from either form match. Typographic apostrophes and dashes
    /// (`’`, `ʼ`, `–`) become ASCII `'` and `-` so `Ea H’Leo` matches `ea h'leo`.
    ///
    /// Fast path: ASCII and the precomposed Latin letters (which cover all Vietnamese)
    /// go through a precomputed table; only other scripts pay for a Foundation
    /// decomposition.
    public static func fold(_ s: String) -> String {
        // Output is built as UTF-8 bytes: almost always pure ASCII, and far cheaper
        // than appending to a String scalar by scalar.
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        // Whitespace is only written once something follows it: trims both ends.
        var pendingSpace = false

        func emit(_ byte: UInt8) {
            if pendingSpace {
                if !out.isEmpty { out.append(0x20) }
                pendingSpace = false
            }
            out.append(byte)
        }

        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if v == 0x20 || (0x09...0x0D).contains(v) {
                    pendingSpace = true
                } else {
                    let byte = UInt8(v)
                    emit((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
                }
            } else if (0x0300...0x036F).contains(v) {
                // Combining diacritical mark (an NFD tone or vowel mark): drop.
            } else if let ascii = latinBase(v) ?? punctuation[v] {
                emit(ascii)
            } else if scalar.properties.isWhitespace {
                pendingSpace = true
            } else {
                // Rare: another script, or a letter with no ASCII base (æ, ß).
                // Decompose and lowercase through Foundation, dropping marks as above.
                let folded = String(scalar).decomposedStringWithCanonicalMapping.lowercased()
                for inner in folded.unicodeScalars where inner.properties.generalCategory != .nonspacingMark {
                    for byte in String(inner).utf8 { emit(byte) }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Precomposed canonical form (NFC), the form the database stores.
    ///
    /// Without it `"Nguyễn"` typed on Windows and pasted from macOS are different
    /// strings to PostgreSQL and to `==` on bytes.
    public static func nfc(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping
    }

    // MARK: Tables

    /// Lowercase ASCII base letter of a precomposed Latin letter, if `v` is one.
    @inline(__always)
    static func latinBase(_ v: UInt32) -> UInt8? {
        let b: UInt8
        switch v {
        case 0x00C0...0x024F: b = latinTables.low[Int(v - 0x00C0)]
        case 0x1E00...0x1EFF: b = latinTables.additional[Int(v - 0x1E00)]
        default: return nil
        }
        return b == 0 ? nil : b
    }

    /// Precomposed Latin letters (Latin-1 Supplement, Latin Extended-A/B, and
    /// Latin Extended Additional, which holds ạ…ỹ) → lowercase ASCII base letter,
    /// 0 where there is none. Flat arrays because this is the hot path.
    ///
    /// Built once from Foundation's own canonical decomposition, so it is exactly
    /// "decompose, keep the base letter, lowercase"; đ/Đ, which do not decompose,
    /// are added by hand. A `static let` is initialised once, lazily and
    /// thread-safely, and immutable afterwards.
    static let latinTables: (low: [UInt8], additional: [UInt8]) = {
        func build(_ range: ClosedRange<UInt32>) -> [UInt8] {
            range.map { v in
                guard let scalar = Unicode.Scalar(v),
                      let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first,
                      base.isASCII, base.properties.isAlphabetic
                else { return 0 }
                return UInt8(base.value) | 0x20 // ASCII lowercase
            }
        }
        var low = build(0x00C0...0x024F)
        low[0x0110 - 0x00C0] = UInt8(ascii: "d") // Đ
        low[0x0111 - 0x00C0] = UInt8(ascii: "d") // đ
        return (low, build(0x1E00...0x1EFF))
    }()

    /// Non-ASCII apostrophes, quotes and dashes → their ASCII look-alikes.
    static let punctuation: [UInt32: UInt8] = [
        0x2018: UInt8(ascii: "'"), 0x2019: UInt8(ascii: "'"), 0x02BC: UInt8(ascii: "'"),
        0x02B9: UInt8(ascii: "'"), 0x00B4: UInt8(ascii: "'"), 0x2032: UInt8(ascii: "'"),
        0x201C: UInt8(ascii: "\""), 0x201D: UInt8(ascii: "\""),
        0x2010: UInt8(ascii: "-"), 0x2011: UInt8(ascii: "-"), 0x2012: UInt8(ascii: "-"),
        0x2013: UInt8(ascii: "-"), 0x2014: UInt8(ascii: "-"), 0x2212: UInt8(ascii: "-"),
    ]
}
