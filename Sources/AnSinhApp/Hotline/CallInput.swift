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

/// A rejected field: its name as the API spells it and a message in the user's language.
struct FieldProblem: Content, Equatable {
    let field: String
    let message: String
}

/// The body of a 422 answer.
struct ValidationFailure: Content {
    let error: Bool
    let reason: String
    let fields: [FieldProblem]
}

enum ISODateTime {
    /// ISO 8601 with an offset (`2021-03-01T08:00:00+07:00` or `…Z`), with or without fractions.
    static func parse(_ s: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let d = plain.date(from: s) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: s)
    }

    static func format(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = VNFormat.timeZone
        return f.string(from: d)
    }
}
