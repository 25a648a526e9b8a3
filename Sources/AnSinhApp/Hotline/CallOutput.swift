import AnSinhCore
import Foundation
import Vapor

/// A call as the API returns it. Caller names and numbers are masked unless the reader's role
/// may see them.
struct CallOutput: Content {
    struct Caller: Content {
        let name: String?
        let phone: String?
        let masked: Bool
        let sex: Sex?
        let ageGroup: AgeGroup?
        let relation: CallerRelation?
    }

    struct Person: Content {
        let isChild: Bool?
        let sex: Sex?
        let ageGroup: AgeGroup?
        let provinceCode: String?
        let communeCode: String?
        let personId: UUID?
    }

    let id: UUID
    let version: Int
    let line: String
    let channel: CallChannel
    let direction: CallDirection
    let startedAt: String
    let endedAt: String?
    let kind: CallKind
    let incomplete: Bool
    let topics: [String]
    let urgency: CallUrgency?
    let summary: String?
    let actions: [String]
    let callbackConsent: Bool
    let callbackDueAt: String?
    let caller: Caller
    let person: Person

    init(_ call: CallRecord, line: String, topics: [String], showIdentity: Bool) {
        id = call.id
        version = call.version
        self.line = line
        channel = call.channel
        direction = call.direction
        startedAt = ISODateTime.format(call.startedAt)
        endedAt = call.endedAt.map(ISODateTime.format)
        kind = call.kind
        incomplete = call.incomplete
        self.topics = topics
        urgency = call.urgency
        summary = call.summary
        actions = call.actions.isEmpty ? [] : call.actions.split(separator: ",").map(String.init)
        callbackConsent = call.callbackConsent
        callbackDueAt = call.callbackDueAt.map(ISODateTime.format)
        caller = Caller(
            name: showIdentity ? call.callerName : call.callerName.map { _ in "***" },
            phone: showIdentity ? call.callerPhone : call.callerPhone.map(PhoneNumber.mask),
            masked: !showIdentity, sex: call.callerSex, ageGroup: call.callerAgeGroup, relation: call.callerRelation)
        person = Person(isChild: call.personIsChild, sex: call.personSex, ageGroup: call.personAgeGroup,
                        provinceCode: call.personProvinceCode, communeCode: call.personCommuneCode,
                        personId: call.personID)
    }
}
