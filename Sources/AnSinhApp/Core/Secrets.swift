import Crypto
import Foundation

/// Random tokens and the hashes stored in their place.
enum Secrets {
    /// A URL-safe random token of `bytes` random bytes.
    static func randomToken(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(raw).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Hex SHA-256, used for session and API tokens (they are long random values, so a fast
    /// hash is enough; passwords use bcrypt).
    static func sha256Hex(_ s: String) -> String {
        hex(SHA256.hash(data: Data(s.utf8)))
    }

    /// Hex HMAC-SHA256 with the server secret: for values that must be matched without being
    /// stored in clear (phone numbers later).
    static func keyedHash(_ s: String, secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(s.utf8), using: SymmetricKey(data: secret))
        return hex(mac)
    }

    /// Lower-case hex of some bytes. `String(format:)` per byte went through Foundation's
    /// formatter and cost more than the hash itself on every API request.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two strings in time independent of where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
