import AnSinhCore
import Foundation
import Vapor

/// A call as the API (and later the intake form) sends it. Everything is optional here so that
/// validation can name each missing or wrong field instead of failing to decode.
struct CallInput: Content {
    struct Caller: Content {
        var name: String?
        var phone: String?
        var sex: String?
        var ageGroup: String?
        var relation: String?
    }

    struct Person: Content {
        var isChild: Bool?
        var sex: String?
        var ageGroup: String?
        var provinceCode: String?
        var communeCode: String?
        /// A person record in the caller's units (`/api/v1/persons`).
        var personId: UUID?
    }

    var line: String?
    var channel: String?
    var direction: String?
    var startedAt: String?
    var endedAt: String?
    var kind: String?
    var topics: [String]?
    var urgency: String?
    var summary: String?
    var actions: [String]?
    var callbackConsent: Bool?
    /// ISO 8601 with offset; needs `callbackConsent`.
    var callbackDueAt: String?
    var caller: Caller?
    var person: Person?
    /// Required by PATCH: the version the client read.
    var version: Int?
}
