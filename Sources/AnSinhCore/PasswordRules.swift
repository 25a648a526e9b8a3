/// Rules for a new password. Length is the main defence; the short list catches what people
/// type first (checked after folding case, tone marks and separators, so `Matkhau@123` counts).
public enum PasswordRules {
    public static let minimumLength = 10

    public enum Problem: Equatable, Sendable {
        case tooShort
        case sameAsUsername
        case common
    }

    public static func problems(password: String, username: String) -> [Problem] {
        var found: [Problem] = []
        if password.count < minimumLength { found.append(.tooShort) }
        let folded = normalize(password)
        let user = normalize(username)
        if !user.isEmpty, folded == user || folded.contains(user) && folded.count - user.count < 4 {
            found.append(.sameAsUsername)
        }
        // A common word followed by digits ("matkhau2026", "password123456") is as weak as the word.
        let base = String(folded.reversed().drop(while: \.isNumber).reversed())
        if commonPasswords.contains(folded) || commonPasswords.contains(base) || isTrivialPattern(folded) || base.isEmpty {
            found.append(.common)
        }
        return found
    }

    /// Lowercase, no tone marks, letters and digits only.
    static func normalize(_ s: String) -> String {
        String(VietnameseText.fold(s).unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// One character repeated, or a run of consecutive digits/letters such as `1234567890`.
    static func isTrivialPattern(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        guard scalars.count >= 2 else { return true }
        if Set(scalars).count <= 2 { return true }
        let ascending = zip(scalars, scalars.dropFirst()).allSatisfy { $1.value == $0.value + 1 }
        let descending = zip(scalars, scalars.dropFirst()).allSatisfy { $1.value + 1 == $0.value }
        return ascending || descending
    }

    /// The most common passwords in leaked lists, plus Vietnamese favourites, normalized.
    static let commonPasswords: Set<String> = [
        "1234567890", "12345678910", "123456789a", "a123456789", "qwertyuiop", "1q2w3e4r5t",
        "password", "password1", "password12", "password123", "password1234", "passw0rd123",
        "iloveyou", "iloveyou123", "princess123", "qwerty123", "qwerty1234", "qwertyuiop123",
        "abc1234567", "abcd123456", "abcdef1234", "abc123456789", "admin12345", "admin123456",
        "administrator", "welcome123", "welcome1234", "letmein123", "football123", "monkey1234",
        "dragon1234", "sunshine12", "baseball12", "superman12", "trustno1234", "0987654321",
        "1111111111", "1122334455", "1234512345", "1234554321", "1234qwer", "zaq12wsxcde",
        "matkhau", "matkhau123", "matkhau1234", "matkhau12345", "matkhaumoi", "matkhaumoi123",
        "anhyeuem", "anhyeuem123", "emyeuanh", "emyeuanh123", "yeuemnhieu", "vietnam123",
        "vietnam1234", "hanoi12345", "saigon1234", "ansinh1234", "ansinh12345", "ansinh2025",
        "ansinh2026", "congtacxahoi", "ctxh123456", "ctxh2025", "ctxh2026", "trungtam123",
        "quantri123", "quantri1234", "nguyenvan123", "doimatkhau", "doimatkhau123",
        "changeme123", "changeme1234", "default1234", "computer123", "internet123",
        // Words people put digits after.
        "password", "passw0rd", "qwerty", "qwertyuiop", "abc", "abcd", "abcdef", "admin", "welcome", "letmein",
        "iloveyou", "princess", "dragon", "monkey", "football", "baseball", "sunshine", "superman", "trustno",
        "changeme", "default", "computer", "internet", "vietnam", "hanoi", "saigon", "ansinh", "ctxh",
        "congtacxahoi", "trungtam", "quantri", "matkhaumoi", "doimatkhau", "anhyeuem", "emyeuanh", "yeuem",
        "nguyenvan", "user", "test", "demo", "asdfgh", "zxcvbn", "aaaaaa",
    ]
}
