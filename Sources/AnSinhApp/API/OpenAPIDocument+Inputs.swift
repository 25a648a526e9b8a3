import AnSinhCore

/// Every JSON request body of the API, declared against the type its handler decodes
/// (`InputSchema`). An operation that requires other fields than another operation on the same
/// type (a create and its PATCH) has a schema of its own.
extension OpenAPIDocument {
    static let inputs: [InputSchema] = hotlineInputs + peopleInputs + caseInputs + AppModules.openAPIInputs

    static let hotlineInputs: [InputSchema] = [
        InputSchema("HotlineLineInput", HotlineAPIController.LineInput.self, required: ["number", "name"], [
            "number": about("3–15 digits; spaces, dots and dashes are allowed between them"),
            "name": text(120),
            "hours": text(120, "when the line is staffed"),
        ]),
        InputSchema("HotlineTopicInput", HotlineAPIController.TopicInput.self, required: ["code", "vi", "en"], [
            "code": ["pattern": "^[A-Za-z][A-Za-z0-9]{1,39}(\\.[A-Za-z][A-Za-z0-9]{1,39})?$",
                     "description": "group or group.topic (ASCII letters and digits, 2–40 each); a topic's group must exist"],
            "parent": about("ignored: the parent is the code's first part"),
            "vi": text(120, "Vietnamese label"), "en": text(120, "English label"),
            "retired": about("ignored: a new topic is in use"),
        ]),
        InputSchema("HotlineTopicUpdate", HotlineAPIController.TopicInput.self,
                    description: "Absent fields keep their value; an empty label is ignored and a longer one is kept to its first 120 characters.", [
            "code": about("ignored: the code is in the path"), "parent": about("ignored: a topic does not move"),
            "vi": about("Vietnamese label"), "en": about("English label"),
            "retired": about("true: new calls cannot use it; it stays on old calls and in reports"),
        ]),
        InputSchema("CallInput", CallInput.self, required: ["line"],
                    description: "Telephony may send only line, caller.phone and times: the call is then incomplete (no kind) for a counsellor to complete.",
                    callNotes(create: true)),
        InputSchema("CallUpdate", CallInput.self, required: ["version"],
                    description: "Fields present replace the stored ones; absent ones are kept.", callNotes(create: false)),
        InputSchema("ExpertInput", FollowUpController.ExpertInput.self, required: ["name", "field"], [
            "name": text(120),
            "field": codes(ExpertField.self),
            "contact": about("phone or e-mail; kept to its first 200 characters"),
        ]),
        InputSchema("ExpertQuestionInput", FollowUpController.QuestionInput.self, required: ["member", "question"], [
            "member": about("an active member of the expert council"),
            "question": text(4000),
            "answer": ignoredOnCreate, "calledBack": ignoredOnCreate, "version": ignoredOnCreate,
        ]),
        InputSchema("ExpertQuestionUpdate", FollowUpController.QuestionInput.self, required: ["version"], [
            "member": ignored, "question": ignored,
            "answer": about("the expert's answer; kept to its first 4000 characters; empty is ignored"),
            "calledBack": about("true: the counsellor called the person back"),
            "version": versionNote,
        ]),
        InputSchema("HandoffInput", FollowUpController.HandoffInput.self, required: ["target"], [
            "target": codes(HandoffTarget.self),
            "status": codes(HandoffStatus.self, "sent when absent"),
            "note": about("kept to its first 2000 characters"),
            "version": ignoredOnCreate,
        ]),
        InputSchema("HandoffUpdate", FollowUpController.HandoffInput.self, required: ["version"], [
            "target": ignored,
            "status": codes(HandoffStatus.self),
            "note": about("kept to its first 2000 characters"),
            "version": versionNote,
        ]),
    ]

    static func callNotes(create: Bool) -> KeyValuePairs<String, JSONValue> {
        [
            "line": about(create ? "the number of an active line (non-digits are ignored)" : "the number of an active line; absent: unchanged"),
            "channel": codes(CallChannel.self, emptyMeansAbsent: true, create ? "phone when absent or empty" : nil),
            "direction": codes(CallDirection.self, emptyMeansAbsent: true, create ? "incoming when absent or empty" : nil),
            "startedAt": ["format": "date-time", "description": create ? "ISO 8601 with an offset; now when absent; at most 5 minutes ahead" : "ISO 8601 with an offset"],
            "endedAt": ["format": "date-time", "description": "ISO 8601 with an offset, not before startedAt"],
            "kind": codes(CallKind.self, emptyMeansAbsent: true, create ? "absent: the call is incomplete (counselling until completed)" : nil),
            "topics": ["maxItems": .int(CallRules.maxTopics),
                       "description": "1–3 topic codes (GET /api/v1/hotline/topics) for a counselling call, none for another kind; no repeats"],
            "urgency": codes(CallUrgency.self, emptyMeansAbsent: true),
            "summary": text(4000),
            "actions": about("what the counsellor did"),
            "actions[]": codes(CallAction.self),
            "callbackConsent": about("the caller agrees to be called back"),
            "callbackDueAt": ["format": "date-time", "description": "ISO 8601 with an offset (empty: none); needs callbackConsent"],
            "caller": about("who called"),
            "caller.name": about("the caller's name, as given"),
            "caller.phone": about("a Vietnamese phone number (empty: none); masked for roles that may not see it"),
            "caller.sex": codes(Sex.self, emptyMeansAbsent: true),
            "caller.ageGroup": codes(AgeGroup.self, emptyMeansAbsent: true),
            "caller.relation": codes(CallerRelation.self, emptyMeansAbsent: true, "the caller's relation to the person the call is about"),
            "person": about("the person the call is about"),
            "person.isChild": [:],
            "person.sex": codes(Sex.self, emptyMeansAbsent: true),
            "person.ageGroup": codes(AgeGroup.self, emptyMeansAbsent: true),
            "person.provinceCode": about("2025 province code"),
            "person.communeCode": about("2025 commune code"),
            "person.personId": about("a person record in the caller's units (/api/v1/persons)"),
            "version": create ? ignoredOnCreate : versionNote,
        ]
    }

    static let peopleInputs: [InputSchema] = [
        InputSchema("PersonInput", PersonInput.self, required: ["fullName"], personNotes(create: true)),
        InputSchema("PersonUpdate", PersonInput.self, required: ["version"],
                    description: "Fields present replace the stored ones (empty text clears it); absent ones are kept.", personNotes(create: false)),
        InputSchema("PersonRelationInput", RelationsController.RelationInput.self, required: ["relatedPersonId", "relation"], [
            "relatedPersonId": about("another current person record in the caller's units, not yet related"),
            "relation": codes(RelationKind.self),
            "legalRepresentative": about("true: this relative is the legal representative (one at a time)"),
        ]),
        InputSchema("PersonConsentInput", RelationsController.ConsentInput.self, required: ["purpose", "givenOn"], [
            "purpose": codes(ConsentPurpose.self),
            "givenOn": ["format": "date", "description": "not in the future"],
            "byPerson": about("the person consented themselves (needed from 7 years of age)"),
            "representativeId": about("the legal representative who consented (a child needs one)"),
            "withdrawnOn": ignoredOnCreate,
            "notes": [:],
        ]),
        InputSchema("PersonConsentWithdrawal", RelationsController.ConsentInput.self, required: ["withdrawnOn"], [
            "purpose": ignored, "givenOn": ignored, "byPerson": ignored, "representativeId": ignored, "notes": ignored,
            "withdrawnOn": ["format": "date", "description": "not before the consent was given, not in the future"],
        ]),
        InputSchema("PersonMerge", PersonMerge.Input.self, required: ["intoId", "version"], [
            "intoId": about("the record kept: another current record in the caller's units"),
            "version": about("the duplicate's version as read"),
        ]),
    ]

    static func personNotes(create: Bool) -> KeyValuePairs<String, JSONValue> {
        [
            "fullName": text(120),
            "sex": codes(Sex.self, emptyMeansAbsent: true, create ? "unknown when absent" : nil),
            "birthDate": about("YYYY-MM-DD, YYYY-MM or YYYY: as much as is known; not in the future, at most 130 years ago"),
            "estimatedAge": ["minimum": 0, "maximum": 130, "description": "years, when only an age is known (ignored with birthDate)"],
            "ethnicity": about("code in QĐ 121-TCTK/PPCĐ (01–54); empty: none"),
            "idNumber": about("12 digits, checked against sex and year of birth; unique; empty: none"),
            "phones": about("at most 5 distinct Vietnamese numbers; empty entries are skipped"),
            "provinceCode": about("2025 province code; empty: none"),
            "communeCode": about("2025 commune code, in the province"),
            "addressLine": text(200),
            "legacyCommuneCode": about("pre-2025 commune code from old papers, converted when communeCode is absent"),
            "schoolOrOccupation": text(200),
            "groups": about("vulnerability groups; a sub-group implies its group; empty entries are skipped"),
            "groups[]": codes(VulnerabilityGroup.self, emptyMeansAbsent: true),
            "disabilityType": codes(DisabilityType.self, emptyMeansAbsent: true),
            "disabilitySeverity": codes(DisabilitySeverity.self, emptyMeansAbsent: true),
            "povertyStatus": codes(PovertyStatus.self, emptyMeansAbsent: true),
            "notes": text(4000),
            "allowances": ["maxItems": .int(PersonWriter.maxAllowances), "description": "monthly social allowances; replaces the stored list when sent"],
            "allowances[].group": codes(AllowanceGroup.self, "Decree 20/2021 art. 5"),
            "allowances[].monthlyAmount": ["minimum": 1, "maximum": 100_000_000, "description": "đồng per month"],
            "allowances[].since": about("YYYY-MM or YYYY-MM-DD"),
            "confirmDistinct": about(create ? "register although likely duplicates were shown (409 otherwise)" : "ignored by a change"),
            "version": create ? ignoredOnCreate : versionNote,
        ]
    }

    static let caseInputs: [InputSchema] = [
        InputSchema("CaseInput", CaseInput.self, required: ["type", "personId", "clientGroups", "source", "receivedAt"], caseNotes(create: true)),
        InputSchema("CaseUpdate", CaseInput.self, required: ["version"],
                    description: "Absent fields keep their value; a new type or receipt recomputes the deadlines.", caseNotes(create: false)),
        InputSchema("Transition", TransitionInput.self, required: ["to", "version"], [
            "to": codes(CaseState.self),
            "reason": about("required by some steps (reopening, going back)"),
            "closureReason": codes(ClosureReason.self, emptyMeansAbsent: true, "required to close"),
            "outcome": about("the outcome evaluation written at closure"),
            "at": ["format": "date-time", "description": "when the step happened, if earlier (a paper file): ISO 8601 with an offset, not before the previous step"],
            "version": versionNote,
        ]),
        InputSchema("CaseNoteInput", CaseWork.NoteInput.self, required: ["kind", "date", "narrative"], [
            "kind": codes(ContactKind.self),
            "date": ["format": "date", "description": "not in the future"],
            "narrative": text(8000),
            "nextStep": [:],
            "followUpOn": ["format": "date", "description": "a follow-up to do on that day"],
        ]),
        InputSchema("CaseAssessmentInput", CaseWork.AssessmentInput.self, required: ["kind"],
                    description: "kind risk needs `risk` (sets the case's risk level), needs needs `needs` (at least one domain), conference needs `conference`.", [
            "kind": ["enum": ["risk", "needs", "conference"]],
            "risk": about("the four dimensions of the risk assessment"),
            "risk.harm": [:], "risk.abuserAccess": [:], "risk.careObstacles": [:], "risk.childCapacity": [:], "risk.notes": [:],
            "needs": [:],
            "needs.domains": about("at least one of the eight domains"),
            "needs.domains[].domain": [:], "needs.domains[].needs": [:], "needs.domains[].strengths": [:],
            "conference": [:],
            "conference.date": ["format": "date"],
            "conference.participants": ["minLength": 1], "conference.decisions": ["minLength": 1],
        ]),
        InputSchema("CasePlanInput", CaseWork.PlanInput.self, required: ["goals"], [
            "goals": about("at least one goal with a non-blank text"),
            "goals[].goal": [:], "goals[].actions": [:],
            "goals[].actions[].what": [:], "goals[].actions[].who": about("a staff member or a partner, as written"),
            "goals[].actions[].due": ["format": "date"], "goals[].actions[].status": [:],
            "reason": about("why an approved plan is revised (the case goes back to planning)"),
            "version": about("the case's version, to revise an approved plan"),
        ]),
        InputSchema("PlanDecision", CaseWork.DecisionInput.self, required: ["approve"], [
            "approve": about("true approves (the case moves to planApproved), false returns the plan"),
            "comment": about("required to return"),
            "version": about("the case's version, required to approve"),
            "at": ["format": "date-time", "description": "when the plan was approved, if earlier (a paper file): ISO 8601 with an offset, not before the previous step"],
        ]),
        InputSchema("TargetInput", TargetsAPIController.TargetInput.self, required: ["year", "indicator", "value"], [
            "year": ["minimum": 2000, "maximum": 2100],
            "unitId": about("the center when absent"),
            "indicator": codes(TargetIndicator.self),
            "value": ["minimum": 0, "maximum": 1_000_000],
        ]),
        InputSchema("ClientGroupInput", CaseSettingsController.GroupInput.self, required: ["code", "vi"], [
            "code": ["pattern": "^center\\.[A-Za-z][A-Za-z0-9]*$", "maxLength": 60],
            "vi": text(200), "en": text(200, "the Vietnamese name when empty"),
            "active": about("ignored: a new group is active"),
        ]),
        InputSchema("ClientGroupUpdate", CaseSettingsController.GroupInput.self,
                    description: "Absent fields keep their value.", [
            "code": about("ignored: the code is in the path"),
            "vi": ["minLength": 1, "maxLength": 200],
            "en": about("an empty name is ignored; a longer one is kept to its first 200 characters"),
            "active": about("false retires the group"),
        ]),
        InputSchema("CaseDeadlineInput", CaseSettingsController.DeadlineInput.self,
                    required: ["type", "initialHours", "emergencyHours", "planWorkingDays"], [
            "type": ["enum": .array(CaseType.allCases.filter { $0 != .childProtection }.map { .string($0.rawValue) }),
                     "description": "child protection deadlines are set by law"],
            "initialHours": ["minimum": 1, "maximum": 720], "emergencyHours": ["minimum": 1, "maximum": 720],
            "planWorkingDays": ["minimum": 1, "maximum": 60],
        ]),
        InputSchema("CaseParticipantInput", CaseTeam.ParticipantInput.self, required: ["personId", "role"], [
            "personId": about("a person record in the caller's units, not the case's own person"),
            "role": codes(CaseRole.self),
            "details": text(2000),
        ]),
        InputSchema("CaseAssignment", CaseTeam.AssignmentInput.self, required: ["version"], [
            "assignedTo": about("an account that may work on the case's unit; null: nobody"),
            "version": versionNote,
        ]),
        InputSchema("CaseTeamMember", CaseTeam.TeamInput.self, required: ["userId"], [
            "userId": about("an account that may work on the case's unit"),
        ]),
        InputSchema("CaseTransferInput", CaseTeam.TransferInput.self, required: ["toUnitId", "reason", "version"], [
            "toUnitId": about("another active unit"),
            "reason": ["minLength": 1],
            "version": versionNote,
        ]),
        InputSchema("CaseTransferDecision", CaseTeam.DecisionInput.self, required: ["accept"], [
            "accept": [:],
            "comment": about("required to decline"),
            "assignedTo": about("the receiving unit's worker who takes the case"),
        ]),
        InputSchema("CaseDisclosureInput", CaseDisclosureController.Input.self, required: ["partner", "sharedOn", "what"], [
            "partner": text(200),
            "sharedOn": ["format": "date", "description": "not in the future"],
            "what": text(2000, "which data was shared"),
            "legalGround": codes(LegalGround.self, emptyMeansAbsent: true, "absent: the person's consent to sharing in force on sharedOn is the basis"),
            "groundStatement": text(2000, "with a legal ground: which request, emergency or law (at least \(SharingRule.minimumStatement) characters)"),
        ]),
    ]

    static func caseNotes(create: Bool) -> KeyValuePairs<String, JSONValue> {
        [
            "type": codes(CaseType.self),
            "personId": about(create ? "a person record in the caller's units" : "the case's own person only: a case's person is not changed"),
            "clientGroups": ["minItems": 1, "description": "built-in codes and the center's active ones (GET /api/v1/client-groups)"],
            "source": codes(CaseSource.self),
            "receivedAt": ["format": "date-time", "description": "ISO 8601 with an offset, at most 5 minutes ahead"],
            "protectionLevel": codes(ProtectionLevel.self, emptyMeansAbsent: true),
            "riskLevel": codes(RiskLevel.self, emptyMeansAbsent: true, create ? nil : "set by risk assessments: only the current value is accepted"),
            "restricted": about("only supervisors and the director see a restricted case outside its team"),
            "summary": text(4000),
            "assignedTo": about(create ? "an active case worker of the caller's units" : "changed through /assignment: only the current value is accepted"),
            "sourceCallId": about(create ? "the hotline call the case comes from" : "ignored by a change"),
            "version": create ? ignoredOnCreate : versionNote,
        ]
    }

    static let ignoredOnCreate: JSONValue = ["description": "ignored when creating"]
}
