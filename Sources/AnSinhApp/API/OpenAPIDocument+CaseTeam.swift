import AnSinhCore

/// Related persons, assignment, team and transfers of cases.
extension OpenAPIDocument {
    static let caseTeamPaths: JSONValue = [
        "/api/v1/persons/{id}/merge": ["post": operation(
            id: "mergePerson", summary: "Merge this duplicate into the record {intoId} (supervisor or director): cases, related-person rows, calls, relations, consents, phones and allowances follow; empty fields of the kept record are filled; the duplicate keeps mergedInto and is no longer found",
            schema: "Person", parameters: [idParameter], body: "PersonMerge")],
        "/api/v1/client-groups": [
            "get": operation(id: "listClientGroups", summary: "Every client group code with its labels: the built-in ones, then the center's (retired ones last)",
                             schema: nil, arrayOf: "ClientGroupEntry"),
            "post": operation(id: "addClientGroup", summary: "Add a center client group {code: center.xxx, vi, en}; admin or director",
                              schema: "ClientGroupEntry", body: "ClientGroupInput", status: "201"),
        ],
        "/api/v1/client-groups/{code}": ["patch": operation(
            id: "changeClientGroup", summary: "Rename a center group or retire it (active false); built-in codes are not changed",
            schema: "ClientGroupEntry", parameters: [["name": "code", "in": "path", "required": true, "schema": ["type": "string"]]], body: "ClientGroupUpdate")],
        "/api/v1/case-deadlines": [
            "get": operation(id: "listCaseDeadlines", summary: "Deadlines per case type (child protection: set by law, not configurable)",
                             schema: nil, arrayOf: "CaseDeadline"),
            "put": operation(id: "setCaseDeadline", summary: "Set a type's deadlines {type, initialHours, emergencyHours, planWorkingDays}; applies to cases opened afterwards",
                             schema: "CaseDeadline", body: "CaseDeadlineInput"),
        ],
        "/api/v1/cases/{id}/persons": [
            "get": operation(id: "listCasePersons", summary: "Related persons with their role; an alleged abuser is hidden (personId, fullName, details null; hidden true) from anyone outside the case team",
                             schema: nil, arrayOf: "CaseParticipant", parameters: [idParameter]),
            "post": operation(id: "addCasePerson", summary: "Add a person of the registry to the case with a role (caregiver, familyMember, allegedAbuser, other)",
                              schema: "CaseParticipant", parameters: [idParameter], body: "CaseParticipantInput", status: "201"),
        ],
        "/api/v1/cases/{id}/persons/{item}": ["delete": operation(
            id: "removeCasePerson", summary: "Take a related person off the case (204)", schema: nil, arrayOf: "CaseParticipant",
            parameters: [idParameter, itemParameter], status: "204")],
        "/api/v1/cases/{id}/assignment": ["put": operation(
            id: "assignCase", summary: "Give the case to a worker who may work on the case's unit, or to nobody (assignedTo null); version required; supervisor or director",
            schema: "Case", parameters: [idParameter], body: "CaseAssignment")],
        "/api/v1/cases/{id}/team": ["post": operation(
            id: "addCaseTeamMember", summary: "Add an account to the case team (it then sees a restricted case and the abuser's details); 204; supervisor or director",
            schema: nil, arrayOf: "CaseParticipant", parameters: [idParameter], body: "CaseTeamMember", status: "204")],
        "/api/v1/cases/{id}/team/{item}": ["delete": operation(
            id: "removeCaseTeamMember", summary: "Remove the account {item} from the case team (204)", schema: nil, arrayOf: "CaseParticipant",
            parameters: [idParameter, itemParameter], status: "204")],
        "/api/v1/cases/{id}/transfers": ["post": operation(
            id: "requestCaseTransfer", summary: "Ask another unit to take the case (toUnitId, reason, version); one pending transfer per case; supervisor or director",
            schema: "CaseTransfer", parameters: [idParameter], body: "CaseTransferInput", status: "201")],
        "/api/v1/cases/{id}/disclosures": [
            "get": operation(id: "listCaseDisclosures", summary: "Data of the case shared with partners, newest first, each with its basis",
                             schema: nil, arrayOf: "CaseDisclosure", parameters: [idParameter]),
            "post": operation(id: "recordCaseDisclosure", summary: "Record that data of the case's person went to a partner. Without legalGround the person's consent to sharingWithPartners must be in force on sharedOn (422 naming legalGround otherwise); with a legalGround, groundStatement says which request, emergency or law",
                              schema: "CaseDisclosure", parameters: [idParameter], body: "CaseDisclosureInput", status: "201"),
        ],
        "/api/v1/transfers": ["get": operation(
            id: "listCaseTransfers", summary: "Transfers to or from the caller's units, newest first; ?status=pending|accepted|declined",
            schema: nil, arrayOf: "CaseTransfer", parameters: [["name": "status", "in": "query", "schema": ["type": "string", "enum": ["pending", "accepted", "declined"]]]])],
        "/api/v1/transfers/{id}/decision": ["post": operation(
            id: "decideCaseTransfer", summary: "The receiving side accepts (the case, and the person when no other case of the sending unit refers to it, move; optional assignedTo) or declines with a comment",
            schema: "CaseTransfer", parameters: [idParameter], body: "CaseTransferDecision")],
    ]

    static let itemParameter: JSONValue = ["name": "item", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]

    static let caseTeamSchemas: JSONValue = [
        "Allowance": ["type": "object", "required": ["group", "monthlyAmount"], "properties": [
            "group": ["type": "string", "enum": .array(AllowanceGroup.allCases.map { .string($0.rawValue) })],
            "monthlyAmount": ["type": "integer", "description": "đồng per month"], "since": ["type": "string", "description": "YYYY-MM or YYYY-MM-DD"]]],
        "ClientGroupEntry": ["type": "object", "required": ["code", "vi", "en", "builtIn", "active"], "properties": [
            "code": ["type": "string"], "vi": ["type": "string"], "en": ["type": "string"], "builtIn": ["type": "boolean"], "active": ["type": "boolean"]]],
        "CaseDeadline": ["type": "object", "required": ["type", "initialHours", "emergencyHours", "planWorkingDays"], "properties": [
            "type": ["type": "string", "enum": .array(CaseType.allCases.map { .string($0.rawValue) })],
            "initialHours": ["type": "integer", "minimum": 1, "maximum": 720], "emergencyHours": ["type": "integer", "minimum": 1, "maximum": 720],
            "planWorkingDays": ["type": "integer", "minimum": 1, "maximum": 60], "configurable": ["type": "boolean"]]],
        "CaseParticipant": ["type": "object", "required": ["id", "role", "hidden"], "properties": [
            "id": ["type": "string", "format": "uuid"], "role": ["type": "string"],
            "personId": ["type": ["string", "null"], "format": "uuid"], "fullName": ["type": ["string", "null"]],
            "details": ["type": ["string", "null"]], "hidden": ["type": "boolean"]]],
        "CaseDisclosure": ["type": "object", "required": ["id", "partner", "sharedOn", "what", "basis"], "properties": [
            "id": ["type": "string", "format": "uuid"], "partner": ["type": "string"], "sharedOn": ["type": "string", "format": "date"],
            "what": ["type": "string"], "basis": ["type": "string", "description": "consent, or the legal ground's code"],
            "consentId": ["type": ["string", "null"], "format": "uuid"], "groundStatement": ["type": ["string", "null"]],
            "recordedBy": ["type": ["string", "null"], "format": "uuid"]]],
        "CaseTransfer": ["type": "object", "required": ["id", "caseId", "fromUnitId", "toUnitId", "reason", "status", "requestedAt"], "properties": [
            "id": ["type": "string", "format": "uuid"], "caseId": ["type": "string", "format": "uuid"], "caseNumber": ["type": ["string", "null"]],
            "fromUnitId": ["type": "string", "format": "uuid"], "toUnitId": ["type": "string", "format": "uuid"],
            "reason": ["type": "string"], "status": ["type": "string", "enum": ["pending", "accepted", "declined"]],
            "requestedBy": ["type": ["string", "null"]], "requestedAt": ["type": "string", "format": "date-time"],
            "decidedBy": ["type": ["string", "null"]], "decidedAt": ["type": ["string", "null"]], "comment": ["type": ["string", "null"]]]],
    ]
}
