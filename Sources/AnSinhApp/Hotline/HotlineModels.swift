import AnSinhCore
import Fluent
import Foundation

/// A free line the center answers, e.g. 1800 1769 (24/7).
final class HotlineLine: Model, @unchecked Sendable {
    static let schema = "hotline_lines"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int
    /// Digits only, as dialled: `18001769`.
    @Field(key: "number") var number: String
    @Field(key: "name") var name: String
    @Field(key: "hours") var hours: String
    @Field(key: "active") var active: Bool

    init() {}

    init(number: String, name: String, hours: String, createdBy: UUID?) {
        self.number = number
        self.name = name
        self.hours = hours
        self.active = true
        self.version = 1
        self.createdBy = createdBy
    }
}

/// A topic of the taxonomy. Retired topics stay for old calls and reports.
final class HotlineTopic: Model, @unchecked Sendable {
    static let schema = "hotline_topics"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @OptionalField(key: "parent_code") var parentCode: String?
    @Field(key: "label_vi") var labelVI: String
    @Field(key: "label_en") var labelEN: String
    @Field(key: "retired") var retired: Bool
    @Field(key: "sort") var sort: Int

    init() {}

    init(_ d: HotlineTopicDefinition, sort: Int) {
        id = d.code
        parentCode = d.parent
        labelVI = d.vietnamese
        labelEN = d.english
        retired = false
        self.sort = sort
    }
}

/// One call (or chat, or walk-in contact) to the hotline.
final class Call: Model, @unchecked Sendable {
    static let schema = "calls"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "version") var version: Int

    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "line_id") var lineID: UUID
    @Field(key: "channel") var channel: CallChannel
    @Field(key: "direction") var direction: CallDirection
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "counsellor_id") var counsellorID: UUID?
    @Field(key: "kind") var kind: CallKind
    /// Sent by telephony with only line, number and times; a counsellor completes it.
    @Field(key: "incomplete") var incomplete: Bool
    /// The first topic, kept on the call so that reports count each call once without a join.
    @OptionalField(key: "primary_topic") var primaryTopic: String?
    @OptionalField(key: "urgency") var urgency: CallUrgency?
    @OptionalField(key: "caller_name") var callerName: String?
    @OptionalField(key: "caller_phone") var callerPhone: String?
    /// Keyed hash of the normalized number, for repeat-caller detection without scanning numbers.
    @OptionalField(key: "caller_phone_hash") var callerPhoneHash: String?
    @OptionalField(key: "caller_sex") var callerSex: Sex?
    @OptionalField(key: "caller_age_group") var callerAgeGroup: AgeGroup?
    @OptionalField(key: "caller_relation") var callerRelation: CallerRelation?
    @OptionalField(key: "person_is_child") var personIsChild: Bool?
    @OptionalField(key: "person_sex") var personSex: Sex?
    @OptionalField(key: "person_age_group") var personAgeGroup: AgeGroup?
    @OptionalField(key: "person_province_code") var personProvinceCode: String?
    @OptionalField(key: "person_commune_code") var personCommuneCode: String?
    /// The person record the call is about (people registry), once linked.
    @OptionalField(key: "person_id") var personID: UUID?
    @OptionalField(key: "summary") var summary: String?
    /// Action codes joined by commas (`information,counselling`).
    @Field(key: "actions") var actions: String
    @Field(key: "callback_consent") var callbackConsent: Bool
    /// When the promised call-back is due; it shows in the counsellor's work list until done.
    @OptionalField(key: "callback_due_at") var callbackDueAt: Date?
    @OptionalField(key: "callback_done_at") var callbackDoneAt: Date?

    init() {}
}

/// The 1–3 topics of a counselling call, in order (position 1 is the primary topic).
final class CallTopic: Model, @unchecked Sendable {
    static let schema = "call_topics"

    @ID(key: .id) var id: UUID?
    @Field(key: "call_id") var callID: UUID
    @Field(key: "topic_code") var topicCode: String
    @Field(key: "position") var position: Int

    init() {}

    init(callID: UUID, topicCode: String, position: Int) {
        self.callID = callID
        self.topicCode = topicCode
        self.position = position
    }
}

extension Call: Versioned {}

/// A call's stored values as plain data. Recording a call builds one of these, groups it and
/// answers with it without creating a `Call`: each of a model's 33 fields is an object of its
/// own, and every read or write of one goes through Fluent's storage and Swift's generic
/// metadata, which cost 12% of the server's CPU when calls were recorded through the model.
/// `Call` stays the model for everything else; `init(_:)` and `apply(to:)` convert.
struct CallRecord: Sendable {
    var id: UUID
    var createdAt: Date?
    var updatedAt: Date?
    var createdBy: UUID?
    var version: Int
    var unitID: UUID
    var lineID: UUID
    var channel: CallChannel
    var direction: CallDirection
    var startedAt: Date
    var endedAt: Date?
    var counsellorID: UUID?
    var kind: CallKind
    var incomplete: Bool
    var primaryTopic: String?
    var urgency: CallUrgency?
    var callerName: String?
    var callerPhone: String?
    var callerPhoneHash: String?
    var callerSex: Sex?
    var callerAgeGroup: AgeGroup?
    var callerRelation: CallerRelation?
    var personIsChild: Bool?
    var personSex: Sex?
    var personAgeGroup: AgeGroup?
    var personProvinceCode: String?
    var personCommuneCode: String?
    var personID: UUID?
    var summary: String?
    var actions: String
    var callbackConsent: Bool
    var callbackDueAt: Date?
    var callbackDoneAt: Date?

    /// A new call: what a recording user and a validated line, channel, direction, start and
    /// kind give; everything else empty.
    init(id: UUID, unitID: UUID, recordedBy userID: UUID?, lineID: UUID, channel: CallChannel, direction: CallDirection,
         startedAt: Date, kind: CallKind, incomplete: Bool) {
        self.id = id
        createdBy = userID
        version = 1
        self.unitID = unitID
        self.lineID = lineID
        self.channel = channel
        self.direction = direction
        self.startedAt = startedAt
        counsellorID = userID
        self.kind = kind
        self.incomplete = incomplete
        actions = ""
        callbackConsent = false
    }

    init(_ c: Call) {
        id = c.id!
        createdAt = c.createdAt
        updatedAt = c.updatedAt
        createdBy = c.createdBy
        version = c.version
        unitID = c.unitID
        lineID = c.lineID
        channel = c.channel
        direction = c.direction
        startedAt = c.startedAt
        endedAt = c.endedAt
        counsellorID = c.counsellorID
        kind = c.kind
        incomplete = c.incomplete
        primaryTopic = c.primaryTopic
        urgency = c.urgency
        callerName = c.callerName
        callerPhone = c.callerPhone
        callerPhoneHash = c.callerPhoneHash
        callerSex = c.callerSex
        callerAgeGroup = c.callerAgeGroup
        callerRelation = c.callerRelation
        personIsChild = c.personIsChild
        personSex = c.personSex
        personAgeGroup = c.personAgeGroup
        personProvinceCode = c.personProvinceCode
        personCommuneCode = c.personCommuneCode
        personID = c.personID
        summary = c.summary
        actions = c.actions
        callbackConsent = c.callbackConsent
        callbackDueAt = c.callbackDueAt
        callbackDoneAt = c.callbackDoneAt
    }

    /// Copies what an edit may change onto a stored call; its id, version, creation and
    /// timestamps stay Fluent's (`OptimisticSave`). Only fields whose value differs are set:
    /// Fluent saves every field that was set, and writing back an unchanged value could undo
    /// what another writer changed meanwhile without a new version (a person merge moves
    /// `person_id`, say).
    func apply(to c: Call) {
        func set<Value: Equatable>(_ field: ReferenceWritableKeyPath<Call, Value>, _ value: Value) {
            if c[keyPath: field] != value { c[keyPath: field] = value }
        }
        set(\.unitID, unitID)
        set(\.lineID, lineID)
        set(\.channel, channel)
        set(\.direction, direction)
        set(\.startedAt, startedAt)
        set(\.endedAt, endedAt)
        set(\.counsellorID, counsellorID)
        set(\.kind, kind)
        set(\.incomplete, incomplete)
        set(\.primaryTopic, primaryTopic)
        set(\.urgency, urgency)
        set(\.callerName, callerName)
        set(\.callerPhone, callerPhone)
        set(\.callerPhoneHash, callerPhoneHash)
        set(\.callerSex, callerSex)
        set(\.callerAgeGroup, callerAgeGroup)
        set(\.callerRelation, callerRelation)
        set(\.personIsChild, personIsChild)
        set(\.personSex, personSex)
        set(\.personAgeGroup, personAgeGroup)
        set(\.personProvinceCode, personProvinceCode)
        set(\.personCommuneCode, personCommuneCode)
        set(\.personID, personID)
        set(\.summary, summary)
        set(\.actions, actions)
        set(\.callbackConsent, callbackConsent)
        set(\.callbackDueAt, callbackDueAt)
        set(\.callbackDoneAt, callbackDoneAt)
    }
}

/// A topic of a call being recorded (`CallTopic`'s columns), as plain data.
struct CallTopicRecord: Sendable {
    let id: UUID
    let callID: UUID
    let topicCode: String
    let position: Int
}

extension Call: UnitOwned { static var unitKey: KeyPath<Call, FieldProperty<Call, UUID>> { \.$unitID } }
