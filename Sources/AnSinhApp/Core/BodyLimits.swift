import Vapor

/// How large a request body may be, in one place.
///
/// A form must fit the largest input it allows: the longest text (8,000 characters, a case
/// note) is up to 24 KB in UTF-8, since Vietnamese letters take 2–3 bytes, and a form sends
/// each of those bytes percent-encoded (`%E1%BB%87`), so up to 72 KB. Forms hold several text
/// areas (an assessment, a person's record), hence 256 KB: still small enough that a flood of
/// large bodies cannot exhaust memory. Uploads have their own limits on their routes.
enum BodyLimits {
    static let request: ByteCount = "256kb"

    /// For messages: "256 KB".
    static var requestLabel: String { "\(request.value / 1024) KB" }
}
