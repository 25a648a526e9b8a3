/// The folded forms of a name used to find a person.
public enum PersonName {
    /// The whole name folded (`nguyen thi hoa` for "Nguyễn Thị Hoà"): duplicate checks and ranking.
    public static func searchKey(_ fullName: String) -> String {
        VietnameseText.fold(fullName).split(separator: " ").map { word in
            String(word.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The keys of a name in the word index: its distinct words, then its distinct pairs of
    /// neighbouring words (`thi hoa`). A pair is far rarer than either word, so a two-word
    /// fragment like "thi hoa" is found among a few thousand names, not tens of thousands.
    public static func tokens(_ fullName: String) -> [String] {
        let words = searchKey(fullName).split(separator: " ").map(String.init)
        var seen: Set<String> = []
        let pairs = zip(words, words.dropFirst()).map { "\($0) \($1)" }
        return (words + pairs).filter { seen.insert($0).inserted }
    }

    /// The first string after every string starting with `prefix`, for a range scan on an index
    /// (`hoa` → `hob`; `haz` → `hb`). Tokens hold only `0-9a-z` and single spaces.
    public static func prefixUpperBound(_ prefix: String) -> String {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last == UInt8(ascii: "z") {
                bytes.removeLast()
                continue
            }
            bytes[bytes.count - 1] = last == UInt8(ascii: "9") ? UInt8(ascii: "a") : last + 1
            return String(decoding: bytes, as: UTF8.self)
        }
        // Only z's: everything from the prefix on.
        return "{"
    }
}
