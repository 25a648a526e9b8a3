import Vapor

/// Refuses a multipart body whose part header names hold a byte above 0x7F before the parser
/// reads it. multipart-kit 4.7 looks such a byte up in a 128-entry table
/// (`MultipartParser.isAllowedHeaderFieldNameCharacter`) and traps: one upload from any case
/// user took the whole server down. Header *values* are left alone: browsers send file names
/// in UTF-8 ("Biên bản.pdf").
enum MultipartGuard {
    /// Installed once for the process, like `NulText.install`: Vapor's content configuration is global.
    static let install: Void = {
        var content = ContentConfiguration.global
        if let base = try? content.requireDecoder(for: .formData) { content.use(decoder: Decoder(base: base), for: .formData) }
        ContentConfiguration.global = content
    }()

    /// Vapor's own form-data decoder, after the scan.
    struct Decoder: ContentDecoder {
        let base: any ContentDecoder

        func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
            try check(body, headers)
            return try base.decode(D.self, from: body, headers: headers)
        }

        func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                                  userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
            try check(body, headers)
            return try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
        }

        private func check(_ body: ByteBuffer, _ headers: HTTPHeaders) throws {
            guard let boundary = headers.contentType?.parameters["boundary"], !boundary.isEmpty else { return }
            if MultipartGuard.hasUnsafeHeaderName(body, boundary: boundary) {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "multipart header name is not ASCII"))
            }
        }
    }

    /// Whether a part's header lines (after each `--boundary` line, up to the blank line) have a
    /// name (the bytes before `:`, or the whole line) with a byte above 0x7F.
    static func hasUnsafeHeaderName(_ body: ByteBuffer, boundary: String) -> Bool {
        let delimiter = Array("--\(boundary)".utf8)
        return body.withUnsafeReadableBytes { b -> Bool in
            var i = 0
            while let start = find(delimiter, in: b, from: i) {
                // To the end of the boundary line, then header lines until an empty one.
                var j = start + delimiter.count
                while j < b.count, b[j] != UInt8(ascii: "\n") { j += 1 }
                j += 1
                while j < b.count {
                    if b[j] == UInt8(ascii: "\r") || b[j] == UInt8(ascii: "\n") { break }   // blank line: the part's body
                    var inName = true
                    while j < b.count, b[j] != UInt8(ascii: "\n") {
                        if b[j] == UInt8(ascii: ":") { inName = false }
                        if inName, b[j] > 0x7F { return true }
                        j += 1
                    }
                    j += 1
                }
                i = max(j, start + 1)
            }
            return false
        }
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var i = from
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], (1..<needle.count).allSatisfy({ haystack[i + $0] == needle[$0] }) { return i }
            i += 1
        }
        return nil
    }
}
