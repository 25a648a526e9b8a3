import AnSinhCore
import Foundation
import Vapor

/// The intake form as typed. It becomes a `CallInput`, so the form and the API share one
/// validation (`CallWriter`).
struct CallForm {
    var line = ""
    var channel = CallChannel.phone.rawValue
    var direction = CallDirection.incoming.rawValue
    var startedAt = ""
    var endedAt = ""
    var topics = ["", "", ""]
    var urgency = CallUrgency.normal.rawValue
    var summary = ""
    var actions: [String] = []
    /// The hotline a counselling call was handed on to (`HandoffTarget`), recorded as a hand-off.
    var handoffTarget = ""

    /// The hotlines the intake form offers to hand a call on to (the police is its own action).
    static let hotlineTargets: [HandoffTarget] = [.hotline111, .hotline18008077, .otherHotline]

    /// What the hand-offs of the form mean: the hotline chosen ("Chuyển tổng đài khác" checked
    /// or not: choosing one says it), and the police when "Báo công an" is checked. A checked
    /// transfer without a hotline is refused beside the choice.
    func handoffTargets(_ t: Localizer) throws -> [HandoffTarget] {
        var targets: [HandoffTarget] = []
        if let chosen = HandoffTarget(rawValue: handoffTarget), Self.hotlineTargets.contains(chosen) { targets.append(chosen) }
        else if actions.contains(CallAction.transferredToHotline.rawValue) {
            throw HandoffChoiceMissing(message: t.pick(vi: "Chọn tổng đài đã chuyển đến (111, 1800 8077 hoặc khác).",
                                                       en: "Choose the hotline the call was handed on to."))
        }
        if actions.contains(CallAction.reportedToPolice.rawValue) { targets.append(.police) }
        return targets
    }
    var callbackConsent = false
    var callbackDueAt = ""
    var callerName = ""
    var callerPhone = ""
    var callerSex = ""
    var callerAgeGroup = ""
    var callerRelation = ""
    var personIsChild = ""
    var personSex = ""
    var personAgeGroup = ""
    var personProvinceCode = ""

    init(now: Date) {
        startedAt = Self.localInputValue(now)
    }

    /// The form showing a stored call (to complete or correct it).
    init(call: Call, lineNumber: String, topics: [String]) {
        line = lineNumber
        channel = call.channel.rawValue
        direction = call.direction.rawValue
        startedAt = Self.localInputValue(call.startedAt)
        endedAt = call.endedAt.map(Self.localInputValue) ?? ""
        self.topics = (topics + ["", "", ""]).prefix(3).map { $0 }
        urgency = call.urgency?.rawValue ?? CallUrgency.normal.rawValue
        summary = call.summary ?? ""
        actions = call.actions.split(separator: ",").map(String.init)
        callbackConsent = call.callbackConsent
        callbackDueAt = call.callbackDueAt.map(Self.localInputValue) ?? ""
        callerName = call.callerName ?? ""
        callerPhone = call.callerPhone ?? ""
        callerSex = call.callerSex?.rawValue ?? ""
        callerAgeGroup = call.callerAgeGroup?.rawValue ?? ""
        callerRelation = call.callerRelation?.rawValue ?? ""
        personIsChild = call.personIsChild.map { $0 ? "child" : "adult" } ?? ""
        personSex = call.personSex?.rawValue ?? ""
        personAgeGroup = call.personAgeGroup?.rawValue ?? ""
        personProvinceCode = call.personProvinceCode ?? ""
    }

    init(from req: Request) {
        line = req.formValue("line") ?? ""
        channel = req.formValue("channel") ?? ""
        direction = req.formValue("direction") ?? ""
        startedAt = req.formValue("started_at") ?? ""
        endedAt = req.formValue("ended_at") ?? ""
        topics = ["topic1", "topic2", "topic3"].map { req.formValue($0) ?? "" }
        urgency = req.formValue("urgency") ?? ""
        summary = req.formValue("summary") ?? ""
        actions = (try? req.content.get([String].self, at: "actions")) ?? []
        handoffTarget = req.formValue("handoff_target") ?? ""
        callbackConsent = req.formValue("callback_consent") != nil
        callbackDueAt = req.formValue("callback_due_at") ?? ""
        callerName = req.formValue("caller_name") ?? ""
        callerPhone = req.formValue("caller_phone") ?? ""
        callerSex = req.formValue("caller_sex") ?? ""
        callerAgeGroup = req.formValue("caller_age_group") ?? ""
        callerRelation = req.formValue("caller_relation") ?? ""
        personIsChild = req.formValue("person_is_child") ?? ""
        personSex = req.formValue("person_sex") ?? ""
        personAgeGroup = req.formValue("person_age_group") ?? ""
        personProvinceCode = req.formValue("person_province_code") ?? ""
    }

    /// The call to validate. `kind` comes from the button pressed; topics typed as labels are
    /// turned into codes (unknown text is passed on and reported as an unknown topic).
    func input(kind: CallKind, topicIndex: [String: String]) -> CallInput {
        let typedTopics = topics.filter { !$0.isEmpty }.map { topicIndex[VietnameseText.fold($0)] ?? $0 }
        let counselling = kind.isCounselling
        return CallInput(
            line: line, channel: channel, direction: direction,
            startedAt: Self.isoFromLocalInput(startedAt) ?? (startedAt.isEmpty ? nil : startedAt),
            endedAt: Self.isoFromLocalInput(endedAt) ?? (endedAt.isEmpty ? nil : endedAt),
            kind: kind.rawValue, topics: counselling ? typedTopics : [],
            urgency: counselling ? urgency : nil, summary: counselling && !summary.isEmpty ? summary : nil,
            actions: counselling ? actions : [], callbackConsent: counselling && callbackConsent,
            callbackDueAt: counselling ? (Self.isoFromLocalInput(callbackDueAt) ?? (callbackDueAt.isEmpty ? nil : callbackDueAt)) : nil,
            caller: counselling || !callerPhone.isEmpty
                ? .init(name: callerName.isEmpty ? nil : callerName, phone: callerPhone.isEmpty ? nil : callerPhone,
                        sex: callerSex.isEmpty ? nil : callerSex, ageGroup: callerAgeGroup.isEmpty ? nil : callerAgeGroup,
                        relation: callerRelation.isEmpty ? nil : callerRelation)
                : nil,
            person: counselling
                ? .init(isChild: personIsChild.isEmpty ? nil : personIsChild == "child", sex: personSex.isEmpty ? nil : personSex,
                        ageGroup: personAgeGroup.isEmpty ? nil : personAgeGroup,
                        provinceCode: personProvinceCode.isEmpty ? nil : personProvinceCode, communeCode: nil)
                : nil)
    }

    /// API field names → form field names, so that messages appear beside the right control.
    static func formField(_ apiField: String) -> String {
        switch apiField {
        case "topics": "topic1"
        case "startedAt": "started_at"
        case "endedAt": "ended_at"
        case "callbackDueAt": "callback_due_at"
        case "caller.phone": "caller_phone"
        case "caller.sex": "caller_sex"
        case "caller.ageGroup": "caller_age_group"
        case "caller.relation": "caller_relation"
        case "person.sex": "person_sex"
        case "person.ageGroup": "person_age_group"
        default: apiField
        }
    }

    /// `2026-11-23T09:05` in Vietnam time, as a `datetime-local` input shows it.
    static func localInputValue(_ d: Date) -> String {
        let local = LocalDate(d)
        let seconds = Int(d.timeIntervalSince(local.startOfDay()))
        return String(format: "%@T%02d:%02d", local.iso, seconds / 3600, (seconds % 3600) / 60)
    }

    /// `2026-11-23T09:05` (Vietnam time) → `2026-11-23T09:05:00+07:00`.
    static func isoFromLocalInput(_ s: String) -> String? {
        let parts = s.split(separator: "T")
        guard parts.count == 2, LocalDate(iso: String(parts[0])) != nil else { return nil }
        let time = parts[1].split(separator: ":")
        guard (2...3).contains(time.count), let h = Int(time[0]), let m = Int(time[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return String(format: "%@T%02d:%02d:00+07:00", String(parts[0]), h, m)
    }
}

/// "Chuyển tổng đài khác" checked without saying which hotline.
struct HandoffChoiceMissing: Error {
    let message: String
}
