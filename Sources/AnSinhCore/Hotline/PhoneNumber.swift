/// Vietnamese phone numbers as people type them.
public enum PhoneNumber {
    /// Digits only, `+84`/`84` replaced by `0`; nil unless 8–11 digits remain (landlines with
    /// area code have 10–11, mobiles 10, hotlines like 1800 1769 have 8). Spaces, dots,
    /// dashes and brackets are allowed in the input, nothing else.
    public static func normalize(_ raw: String) -> String? {
        guard raw.allSatisfy({ $0.isASCII && ($0.isNumber || " .-()+".contains($0)) }) else { return nil }
        var digits = raw.filter(\.isNumber)
        if raw.trimmingLeadingSpaces.hasPrefix("+84") || (digits.hasPrefix("84") && digits.count == 11) {
            digits = "0" + digits.dropFirst(2)
        }
        guard (8...11).contains(digits.count) else { return nil }
        return digits
    }

    /// `0901234123` → `090****123`: enough to recognise a number read back, not to call it.
    public static func mask(_ normalized: String) -> String {
        guard normalized.count > 6 else { return String(repeating: "*", count: normalized.count) }
        return String(normalized.prefix(3)) + String(repeating: "*", count: normalized.count - 6) + String(normalized.suffix(3))
    }
}

private extension String {
    var trimmingLeadingSpaces: Substring { drop(while: { $0 == " " }) }
}
