import AnSinhCore
import Vapor

/// The OpenAPI 3.1 description of `/api/v1`. A test checks that every API route registered in
/// the app appears here, so the document grows with the API.
enum OpenAPIDocument {
    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "AnSinh API",
            "version": "1.0.0",
            "description": "JSON API of AnSinh, the information system of a Vietnamese Social Work Center. Authenticate with a personal API token: `Authorization: Bearer <token>`. Errors answer `{\"error\": true, \"reason\": \"…\"}`.",
        ],
        "servers": [["url": "/"]],
        "security": [["bearerAuth": []], ["sessionCookie": []]],
        "paths": withIdempotencyKey(merged(caseTeamPaths, [
            "/api/v1/me": ["get": operation(
                id: "getMe", summary: "The calling user, their unit and scope", schema: "Me")],
            "/api/v1/admin-units/provinces": ["get": operation(
                id: "listProvinces", summary: "The 34 provinces of the 2025 model", schema: nil, arrayOf: "Place")],
            "/api/v1/admin-units/communes": ["get": operation(
                id: "searchCommunes", summary: "Communes of a province matching typed text (tone marks optional)",
                schema: nil, arrayOf: "Place",
                parameters: [
                    ["name": "province", "in": "query", "required": true, "schema": ["type": "string", "pattern": "^[0-9]{2}$"]],
                    ["name": "q", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 60]],
                    ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 100, "default": 20]],
                ])],
            "/api/v1/admin-units/legacy-communes/{code}": ["get": operation(
                id: "convertLegacyCommune", summary: "The 2025 commune a pre-July-2025 commune became", schema: "Conversion",
                parameters: [["name": "code", "in": "path", "required": true, "schema": ["type": "string", "pattern": "^[0-9]{5}$"]]])],
            "/api/v1/hotline/lines": [
                "get": operation(id: "listHotlineLines", summary: "The center's hotline lines", schema: nil, arrayOf: "HotlineLine"),
                "post": operation(id: "createHotlineLine", summary: "Add a line (counsellor, supervisor, director, admin)",
                                  schema: "HotlineLine", body: "HotlineLineInput", status: "201"),
            ],
            "/api/v1/hotline/topics": [
                "get": operation(id: "listHotlineTopics", summary: "The two-level topic taxonomy (retired topics included, flagged)",
                                 schema: nil, arrayOf: "HotlineTopic"),
                "post": operation(id: "createHotlineTopic", summary: "Add a topic (code group.topic under an existing group); supervisor, director, admin",
                                  schema: "HotlineTopic", body: "HotlineTopicInput", status: "201"),
            ],
            "/api/v1/hotline/topics/{code}": ["patch": operation(
                id: "updateHotlineTopic", summary: "Retire or restore a topic (retired: true), or change its labels",
                schema: "HotlineTopic", parameters: [["name": "code", "in": "path", "required": true, "schema": ["type": "string"]]],
                body: "HotlineTopicUpdate")],
            "/api/v1/calls": [
                "get": operation(id: "listCalls", summary: "Calls in the caller's scope, newest first", schema: "CallPage", parameters: [
                    dateFilter("from", "calls started on or after this local date"),
                    dateFilter("to", "calls started on or before this local date"),
                    ["name": "line", "in": "query", "schema": ["type": "string", "description": "a line's number"]],
                    codeFilter("kind", CallKind.self), codeFilter("channel", CallChannel.self),
                    codeFilter("urgency", CallUrgency.self), codeFilter("action", CallAction.self),
                    ["name": "counsellor", "in": "query", "schema": ["type": "string", "description": "a counsellor's username"]],
                    ["name": "topic", "in": "query", "schema": ["type": "string", "description": "a topic code"]],
                    limitParameter(), offsetParameter,
                ]),
                "post": operation(id: "createCall", summary: "Record a call. Telephony may send only line, caller.phone and times: the call is then incomplete.",
                                  schema: "Call", body: "CallInput", status: "201"),
            ],
            "/api/v1/calls/{id}": [
                "get": operation(id: "getCall", summary: "One call", schema: "Call", parameters: [idParameter]),
                "patch": operation(id: "updateCall", summary: "Change a call; `version` must be the one read (409 when stale)",
                                   schema: "Call", parameters: [idParameter], body: "CallUpdate"),
            ],
            "/api/v1/hotline/repeat-caller": ["get": operation(
                id: "repeatCaller", summary: "How often a number called before (count and last date only)", schema: "RepeatCaller",
                parameters: [["name": "phone", "in": "query", "required": true, "schema": [
                    "type": "string", "pattern": "^[0-9 .()+-]+$",
                    "description": "8–11 digits once spaces, dots, dashes and brackets are dropped (+84 or 84 for the leading 0)"]]])],
            "/api/v1/hotline/experts": [
                "get": operation(id: "listExperts", summary: "Members of the expert council", schema: nil, arrayOf: "Expert"),
                "post": operation(id: "createExpert", summary: "Add a member (name, field: education, health, law, psychology, other; contact)",
                                  schema: "Expert", body: "ExpertInput", status: "201"),
            ],
            "/api/v1/calls/{id}/questions": ["post": operation(
                id: "askExpert", summary: "Send a question from a call to an expert (member, question)", schema: "ExpertQuestion",
                parameters: [idParameter], body: "ExpertQuestionInput", status: "201")],
            "/api/v1/hotline/questions/{id}": ["patch": operation(
                id: "updateQuestion", summary: "Record the answer, or calledBack: true; version required", schema: "ExpertQuestion",
                parameters: [idParameter], body: "ExpertQuestionUpdate")],
            "/api/v1/calls/{id}/handoffs": ["post": operation(
                id: "handOffCall", summary: "Transfer to another hotline (111, 1800 8077) or report to police (target, note)",
                schema: "Handoff", parameters: [idParameter], body: "HandoffInput", status: "201")],
            "/api/v1/hotline/handoffs/{id}": ["patch": operation(
                id: "updateHandoff", summary: "Change the status (sent, acknowledged, noAnswer) or note; version required",
                schema: "Handoff", parameters: [idParameter], body: "HandoffUpdate")],
            "/api/v1/hotline/work": ["get": operation(
                id: "workList", summary: "Calls to complete, promised call-backs, answered questions to call back, questions waiting, open hand-offs", schema: "WorkList")],
            "/api/v1/reports/hotline": ["get": operation(
                id: "hotlineReport", summary: "Hotline figures for a period of local dates (inclusive), with the same period a year earlier",
                schema: "HotlineReport", parameters: [
                    periodParameter("from"), periodParameter("to"),
                    ["name": "line", "in": "query", "schema": ["type": "string", "description": "line numbers, comma-separated"]],
                ])],
            "/api/v1/persons": [
                "post": operation(id: "createPerson", summary: "Register a person. 409 with `duplicates` when likely duplicates exist (same folded name and birth year ± 1, same phone); send `confirmDistinct: true` to register anyway. The same ID number is refused (422)",
                                  schema: "Person", body: "PersonInput", status: "201"),
                "get": operation(id: "searchPersons", summary: "Search by `q`: a name fragment (tone marks optional), a birth year, a phone or an ID number; ranked; ID numbers and phones masked",
                                 schema: "PersonSearchPage", parameters: [
                                     ["name": "q", "in": "query", "schema": ["type": "string"]],
                                     ["name": "birthYear", "in": "query", "schema": ["type": "integer", "minimum": 1900, "maximum": 2100]],
                                     ["name": "communeCode", "in": "query", "schema": ["type": "string"]],
                                     limitParameter(max: 100, default: 20),
                                 ]),
            ],
            "/api/v1/persons/{id}/relations": [
                "post": operation(id: "addPersonRelation", summary: "Record a household member or relative ({relatedPersonId, relation, legalRepresentative})",
                                  schema: "PersonRelation", parameters: [idParameter], body: "PersonRelationInput", status: "201"),
                "get": operation(id: "listPersonRelations", summary: "The person's relations", schema: nil, arrayOf: "PersonRelation", parameters: [idParameter]),
            ],
            "/api/v1/persons/{id}/relations/{item}": ["delete": operation(
                id: "removePersonRelation", summary: "Take a relation recorded by mistake off the record (204); the audit keeps that it was there",
                schema: nil, arrayOf: "PersonRelation", parameters: [idParameter, itemParameter], status: "204")],
            "/api/v1/persons/{id}/consents": [
                "post": operation(id: "addPersonConsent", summary: "Record a consent ({purpose, givenOn, byPerson, representativeId}); a child needs the legal representative, and from 7 years also their own",
                                  schema: "PersonConsent", parameters: [idParameter], body: "PersonConsentInput", status: "201"),
                "get": operation(id: "listPersonConsents", summary: "The person's consents, with whether each is in force today",
                                 schema: nil, arrayOf: "PersonConsent", parameters: [idParameter]),
            ],
            "/api/v1/persons/{id}/consents/{consent}": ["patch": operation(
                id: "withdrawPersonConsent", summary: "Withdraw a consent ({withdrawnOn}: not before it was given, not in the future); it stays on record; a consent already withdrawn keeps its date (422)", schema: "PersonConsent",
                parameters: [idParameter, ["name": "consent", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]],
                body: "PersonConsentWithdrawal")],
            "/api/v1/persons/{id}": [
                "get": operation(id: "getPerson", summary: "One person, unmasked (the view is audited)", schema: "Person", parameters: [idParameter]),
                "patch": operation(id: "updatePerson", summary: "Change fields; `version` required (409 when stale)", schema: "Person",
                                   parameters: [idParameter], body: "PersonUpdate"),
            ],
            "/api/v1/cases": [
                "post": operation(id: "openCase", summary: "Open a case for a person (number {unitCode}-{year}-{sequence}; deadlines from receipt)",
                                  schema: "Case", body: "CaseInput", status: "201"),
                "get": operation(id: "listCases", summary: "Visible cases, newest first; filters state, type, clientGroup, assignedTo (id or me), open=1, overdue=1, from, to; limit, offset",
                                 schema: "CasePage", parameters: [
                                     codeFilter("state", CaseState.self), codeFilter("type", CaseType.self),
                                     ["name": "clientGroup", "in": "query", "schema": ["type": "string", "description": "a client group code"]],
                                     ["name": "assignedTo", "in": "query", "schema": ["type": "string", "pattern": "^(me|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})?$",
                                                                                  "description": "an account id, or me"]],
                                     ["name": "open", "in": "query", "schema": ["type": "string", "description": "1: cases not closed (any other value: all)"]],
                                     ["name": "overdue", "in": "query", "schema": ["type": "string", "description": "1: the current step's deadline has passed (any other value: all)"]],
                                     dateFilter("from", "received on or after this local date"), dateFilter("to", "received on or before this local date"),
                                     limitParameter(), offsetParameter,
                                 ]),
            ],
            "/api/v1/cases/{id}": [
                "get": operation(id: "getCase", summary: "One case with its history (the view is audited; restricted cases: 404 outside the team)",
                                 schema: "Case", parameters: [idParameter]),
                "patch": operation(id: "updateCase", summary: "Change type, source, receivedAt, protectionLevel, clientGroups, restricted, summary (absent fields kept; version required, 409 when stale); a new type or receipt recomputes the deadlines",
                                   schema: "Case", parameters: [idParameter], body: "CaseUpdate"),
            ],
            "/api/v1/cases/{id}/transitions": ["post": operation(
                id: "moveCase", summary: "Move a case: {to, reason, closureReason, outcome, at, version}; a move the workflow forbids answers 422 with the reason",
                schema: "Case", parameters: [idParameter], body: "Transition")],
            "/api/v1/cases/{id}/notes": [
                "post": operation(id: "addCaseNote", summary: "A contact: kind (homeVisit, phone, officeMeeting, schoolVisit, other), date, narrative, nextStep, followUpOn",
                                  schema: "CaseNote", parameters: [idParameter], body: "CaseNoteInput", status: "201"),
                "get": operation(id: "listCaseNotes", summary: "The case's notes, newest first", schema: nil, arrayOf: "CaseNote", parameters: [idParameter]),
            ],
            "/api/v1/cases/{id}/assessments": [
                "post": operation(id: "addCaseAssessment", summary: "kind risk (four dimensions high/medium/low; sets the case's risk level), needs (eight domains) or conference",
                                  schema: "CaseAssessment", parameters: [idParameter], body: "CaseAssessmentInput", status: "201"),
                "get": operation(id: "listCaseAssessments", summary: "The case's assessments, oldest first (the risk history)",
                                 schema: nil, arrayOf: "CaseAssessment", parameters: [idParameter]),
            ],
            "/api/v1/cases/{id}/plans": [
                "post": operation(id: "submitCasePlan", summary: "Submit a plan (goals with actions) for approval; a revision is a new version, and takes an approved case back to planning (reason, version)",
                                  schema: "CasePlan", parameters: [idParameter], body: "CasePlanInput", status: "201"),
                "get": operation(id: "listCasePlans", summary: "Every version of the case's plan", schema: nil, arrayOf: "CasePlan", parameters: [idParameter]),
            ],
            "/api/v1/cases/{id}/plans/{plan}/decision": ["post": operation(
                id: "decideCasePlan", summary: "Approve (the case moves to planApproved; version) or return with a comment; supervisor or director, never the plan's author",
                schema: "CasePlan", parameters: [idParameter, ["name": "plan", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]],
                body: "PlanDecision")],
            "/api/v1/cases/{id}/attachments": [
                "post": [
                    "operationId": "uploadCaseAttachment", "summary": "A PDF, JPEG or PNG of at most 10 MB (type checked from the content), as multipart field `file`",
                    "parameters": [idParameter],
                    "requestBody": ["required": true, "content": ["multipart/form-data": ["schema": ["type": "object", "required": ["file"], "properties": [
                        "file": ["type": "string", "format": "binary"]]]]]],
                    "responses": .object(attachmentStored + errorResponses(readsBody: true)),
                ],
                "get": operation(id: "listCaseAttachments", summary: "The case's files (download each from /cases/{id}/attachments/{file}, audited)",
                                 schema: nil, arrayOf: "Attachment", parameters: [idParameter]),
            ],
            "/api/v1/targets": ["put": operation(id: "setTarget", summary: "Set a unit's annual target for an indicator (director)",
                                                 schema: "Target", body: "TargetInput")],
            "/api/v1/reports/cases": ["get": operation(
                id: "caseReport", summary: "Cases received, closed, open at the end, by client group, type, source, unit and commune; the same period a year earlier; the target",
                schema: "CaseReport", parameters: [
                    periodParameter("from"), periodParameter("to"),
                    ["name": "track", "in": "query", "schema": ["type": "string", "enum": ["all", "hotline", "files"]]],
                    ["name": "unit", "in": "query", "schema": ["type": "string", "format": "uuid"]],
                ])],
            "/api/v1/openapi.json": ["get": [
                "operationId": "getOpenAPI", "summary": "This document", "security": [],
                "responses": ["200": ["description": "The OpenAPI document", "content": ["application/json": ["schema": ["type": "object"]]]]],
            ]],
        ])),
        "components": [
            "securitySchemes": [
                "bearerAuth": ["type": "http", "scheme": "bearer", "description": "Personal API token created in the UI or with `ansinh token create`"],
                "sessionCookie": ["type": "apiKey", "in": "cookie", "name": "ansinh_session"],
            ],
            "schemas": merged(merged(merged(peopleAndCaseSchemas, caseTeamSchemas), .object(inputs.map { ($0.name, $0.schema) })), [
                "Error": ["type": "object", "required": ["error", "reason"], "properties": [
                    "error": ["type": "boolean", "const": true], "reason": ["type": "string", "description": "in the caller's language"]]],
                "ValidationFailure": ["type": "object", "required": ["error", "reason"], "properties": [
                    "error": ["type": "boolean", "const": true], "reason": ["type": "string"],
                    "fields": ["type": "array", "description": "each rejected field or parameter with a message in the caller's language",
                               "items": ["type": "object", "required": ["field", "message"], "properties": [
                                   "field": ["type": "string"], "message": ["type": "string"]]]]]],
                "UnitRef": ["type": "object", "required": ["id", "code", "name"], "properties": [
                    "id": ["type": "string", "format": "uuid"], "code": ["type": "string"], "name": ["type": "string"]]],
                "Me": ["type": "object", "required": ["id", "username", "fullName", "role", "unit", "wholeCenter", "scopeUnitIDs", "language"],
                       "properties": [
                        "id": ["type": "string", "format": "uuid"], "username": ["type": "string"], "fullName": ["type": "string"],
                        "role": ["type": "string", "enum": ["admin", "director", "supervisor", "caseWorker", "counsellor", "collaborator", "viewer"]],
                        "unit": ["$ref": "#/components/schemas/UnitRef"], "wholeCenter": ["type": "boolean"],
                        "scopeUnitIDs": ["type": "array", "items": ["type": "string", "format": "uuid"]],
                        "language": ["type": "string", "enum": ["vi", "en"]]]],
                "Place": ["type": "object", "required": ["code", "name", "type", "displayName"], "properties": [
                    "code": ["type": "string"], "name": ["type": "string"], "type": ["type": "string"],
                    "displayName": ["type": "string"], "provinceCode": ["type": ["string", "null"]]]],
                "Expert": ["type": "object", "properties": [
                    "id": ["type": "string", "format": "uuid"], "name": ["type": "string"],
                    "field": ["type": "string", "enum": ["education", "health", "law", "psychology", "other"]],
                    "contact": ["type": "string"], "active": ["type": "boolean"]]],
                "ExpertQuestion": ["type": "object", "properties": [
                    "id": ["type": "string", "format": "uuid"], "callID": ["type": "string", "format": "uuid"],
                    "member": ["type": "string", "format": "uuid"], "question": ["type": "string"], "answer": ["type": ["string", "null"]],
                    "calledBack": ["type": "boolean"], "version": ["type": "integer"]]],
                "Handoff": ["type": "object", "properties": [
                    "id": ["type": "string", "format": "uuid"], "callID": ["type": "string", "format": "uuid"],
                    "target": ["type": "string", "enum": ["hotline111", "hotline18008077", "police", "otherHotline"]],
                    "status": ["type": "string", "enum": ["sent", "acknowledged", "noAnswer"]], "note": ["type": "string"],
                    "version": ["type": "integer"]]],
                "WorkList": ["type": "object", "properties": [
                    "incompleteCalls": ["type": "array", "items": ["type": "object", "required": ["callID", "startedAt"], "properties": [
                        "callID": ["type": "string", "format": "uuid"], "startedAt": ["type": "string", "format": "date-time"],
                        "phone": ["type": ["string", "null"]]]]],
                    "promisedCallBacks": ["type": "array", "items": ["type": "object", "required": ["callID", "dueAt", "overdue", "version"], "properties": [
                        "callID": ["type": "string", "format": "uuid"], "dueAt": ["type": "string", "format": "date-time"],
                        "overdue": ["type": "boolean"], "phone": ["type": ["string", "null"]], "version": ["type": "integer"]]]],
                    "callBacks": ["type": "array", "items": ["$ref": "#/components/schemas/ExpertQuestion"]],
                    "waiting": ["type": "array", "items": ["$ref": "#/components/schemas/ExpertQuestion"]],
                    "handoffs": ["type": "array", "items": ["$ref": "#/components/schemas/Handoff"]]]],
                "RepeatCaller": ["type": "object", "required": ["count"], "properties": [
                    "count": ["type": "integer"], "lastAt": ["type": ["string", "null"]]]],
                "HotlineLine": ["type": "object", "required": ["id", "number", "name", "hours", "active"], "properties": [
                    "id": ["type": "string", "format": "uuid"], "number": ["type": "string"], "name": ["type": "string"],
                    "hours": ["type": "string"], "active": ["type": "boolean"]]],
                "HotlineTopic": ["type": "object", "required": ["code", "vi", "en", "retired"], "properties": [
                    "code": ["type": "string"], "parent": ["type": ["string", "null"]], "vi": ["type": "string"],
                    "en": ["type": "string"], "retired": ["type": "boolean"]]],
                "Call": ["type": "object", "required": ["id", "version", "line", "channel", "direction", "startedAt", "kind", "topics"],
                         "properties": ["id": ["type": "string", "format": "uuid"], "version": ["type": "integer"],
                                        "line": ["type": "string"], "kind": ["type": "string"], "incomplete": ["type": "boolean"],
                                        "topics": ["type": "array", "items": ["type": "string"]],
                                        "caller": ["type": "object", "description": "name and phone masked for roles that may not see them"]]],
                "CallPage": ["type": "object", "required": ["items"], "properties": [
                    "items": ["type": "array", "items": ["$ref": "#/components/schemas/Call"]], "nextOffset": ["type": ["integer", "null"]]]],
                "ReportCount": ["type": "object", "required": ["code", "count"], "properties": [
                    "code": ["type": "string"], "count": ["type": "integer"],
                    "children": ["type": "array", "items": ["$ref": "#/components/schemas/ReportCount"]]]],
                "HotlineReport": ["type": "object", "required": ["from", "to", "total", "counselling", "nonData", "byTopic", "byNonDataKind", "previous"],
                                  "properties": hotlineReportProperties],
                "Conversion": ["type": "object", "required": ["legacyCode", "status", "candidates"], "properties": [
                    "legacyCode": ["type": "string"], "status": ["type": "string", "enum": ["converted", "split"]],
                    "commune": ["oneOf": [["$ref": "#/components/schemas/Place"], ["type": "null"]]],
                    "candidates": ["type": "array", "items": ["$ref": "#/components/schemas/Place"]]]],
            ]),
        ],
    ]

    /// Two objects' members in one object.
    static func merged(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        guard case .object(let x) = a, case .object(let y) = b else { return a }
        return .object(y + x)
    }

    /// Every field of `HotlineReport`: the totals, each breakdown as a list of counts, and the
    /// same totals a year earlier.
    static let hotlineReportProperties: JSONValue = {
        let counts: JSONValue = ["type": "array", "items": ["$ref": "#/components/schemas/ReportCount"]]
        let summary: JSONValue = ["type": "object", "required": ["from", "to", "total", "counselling", "nonData"], "properties": [
            "from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date"],
            "total": ["type": "integer"], "counselling": ["type": "integer"], "nonData": ["type": "integer"]]]
        var pairs: [(String, JSONValue)] = [
            ("from", ["type": "string", "format": "date"]), ("to", ["type": "string", "format": "date"]),
            ("total", ["type": "integer"]), ("counselling", ["type": "integer"]), ("nonData", ["type": "integer"]),
        ]
        for breakdown in ["byTopic", "topicMentions", "byNonDataKind", "byChannel", "byLine", "byCallerSex", "byCallerAgeGroup",
                          "byPersonProvince", "byPersonCommune", "byAction", "byMonth"] {
            pairs.append((breakdown, counts))
        }
        pairs.append(("previous", summary))
        pairs.append(("cases", ["type": "object", "description": "cases opened from hotline calls in the period, by client group, and a year earlier",
                                "properties": ["received": ["type": "integer"], "closed": ["type": "integer"],
                                               "byClientGroup": ["type": "array", "items": ["$ref": "#/components/schemas/CaseGroupCount"]],
                                               "previous": ["type": "object"]]]))
        return .object(pairs)
    }()

    static let idParameter: JSONValue = ["name": "id", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]

    static func operation(id: String, summary: String, schema: String?, arrayOf: String? = nil,
                          parameters: [JSONValue] = [], body requestBody: String? = nil, status: String = "200") -> JSONValue {
        let body: JSONValue = schema.map { ["$ref": .string("#/components/schemas/\($0)")] }
            ?? ["type": "array", "items": ["$ref": .string("#/components/schemas/\(arrayOf ?? "")")]]
        let ok: JSONValue = status == "204" ? ["description": "Done, no content"]
            : ["description": "OK", "content": ["application/json": ["schema": body]]]
        var pairs: [(String, JSONValue)] = [
            ("operationId", .string(id)), ("summary", .string(summary)), ("parameters", .array(parameters)),
            ("responses", .object([(status, ok)] + errorResponses(readsBody: requestBody != nil))),
        ]
        if let requestBody {
            pairs.append(("requestBody", ["required": true, "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(requestBody)")]]]]))
        }
        return .object(pairs)
    }

    /// The error answers of an API operation; 413 and 415 where a body is read.
    static func errorResponses(readsBody: Bool) -> [(String, JSONValue)] {
        func err(_ d: String, _ schema: String = "Error", headers: JSONValue? = nil) -> JSONValue {
            var pairs: [(String, JSONValue)] = [("description", .string(d))]
            if let headers { pairs.append(("headers", headers)) }
            pairs.append(("content", ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]]))
            return .object(pairs)
        }
        var out: [(String, JSONValue)] = [
            ("400", err("A body or parameter that does not decode (wrong JSON type, malformed JSON)")),
            ("401", err("No or invalid credentials", headers: ["WWW-Authenticate": ["schema": ["type": "string"]]])),
            ("403", err("Not allowed for this role")),
            ("404", err("Not found or outside the caller's scope")),
            ("409", err("Stale version, or a conflicting record")),
        ]
        if readsBody {
            out.append(("413", err("The body is larger than this operation accepts: 16 KB for JSON, 11 MB for an attachment")))
            out.append(("415", err("The body is not `application/json` (or the operation's media type)")))
        }
        out.append(("422", err("Invalid fields or parameters, each named in `fields`; also the rules a schema cannot state (references to other records, rules across fields)", "ValidationFailure")))
        out.append(("503", err("The database is unavailable; retry after `Retry-After` seconds",
                               headers: ["Retry-After": ["schema": ["type": "integer"]]])))
        return out
    }

    static let attachmentStored: [(String, JSONValue)] = [
        ("201", ["description": "Stored", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Attachment"]]]]),
    ]

    /// `Idempotency-Key` on every POST (`IdempotencyMiddleware`): a repeated create answers the
    /// record the first one made.
    static let idempotencyKeyParameter: JSONValue = [
        "name": "Idempotency-Key", "in": "header", "required": false,
        "description": "Send the same key again to retry a create whose answer was lost: the record the first attempt made is answered (header `Idempotent-Replayed: true`), not a second one. 1–200 printable ASCII characters without spaces (422 otherwise); a key belongs to the account and the path.",
        "schema": ["type": "string", "minLength": 1, "maxLength": .int(Idempotency.maxKeyLength), "pattern": "^[!-~]+$"],
    ]

    /// The paths with `Idempotency-Key` added to each POST operation's parameters.
    static func withIdempotencyKey(_ paths: JSONValue) -> JSONValue {
        guard case .object(let entries) = paths else { return paths }
        return .object(entries.map { path, methods in
            guard case .object(let ops) = methods else { return (path, methods) }
            return (path, .object(ops.map { method, op in
                guard method == "post", case .object(var fields) = op else { return (method, op) }
                if let i = fields.firstIndex(where: { $0.0 == "parameters" }), case .array(let list) = fields[i].1 {
                    fields[i].1 = .array(list + [idempotencyKeyParameter])
                } else {
                    fields.append(("parameters", [idempotencyKeyParameter]))
                }
                return (method, .object(fields))
            }))
        })
    }

    /// `limit` of an API list.
    static func limitParameter(max: Int = 200, default value: Int = 50) -> JSONValue {
        ["name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": .int(max), "default": .int(value),
                                                    "description": .string("rows per page, 1 to \(max); another value answers 422")]]
    }

    /// `offset` of an API list.
    static let offsetParameter: JSONValue = [
        "name": "offset", "in": "query", "schema": ["type": "integer", "minimum": 0, "maximum": 1_000_000, "default": 0,
                                                     "description": "rows to skip, 0 to 1,000,000; another value answers 422"]]

    /// A date filter of a list: `yyyy-MM-dd`, from 1990-01-01 to 31 December of next year (422 otherwise).
    static func dateFilter(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "schema": ["type": "string", "format": "date",
                                                           "description": .string("\(description); from 1990-01-01 to 31 December of next year (422 otherwise)")]]
    }

    /// A report's period bound: required, `yyyy-MM-dd`, within the report bounds.
    static func periodParameter(_ name: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": true, "schema": ["type": "string", "format": "date"],
         "description": .string((name == "from" ? "First" : "Last") + " local day of the period (inclusive). Both dates from 1990-01-01 to 31 December of next year, from ≤ to, the period at most 20 years long; 422 otherwise.")]
    }

    /// A filter by code: one of the code list, or empty for none.
    static func codeFilter<E: CaseIterable & RawRepresentable>(_ name: String, _ type: E.Type) -> JSONValue where E.RawValue == String {
        ["name": .string(name), "in": "query", "schema": ["type": "string", "enum": .array(E.allCases.map { JSONValue.string($0.rawValue) } + [JSONValue.string("")]),
                                                           "description": "empty: no filter; another value answers 422"]]
    }

    /// The `(method, path)` pairs the document describes, paths in route form (`:code`).
    static var operations: Set<String> {
        guard let paths = document["paths"] else { return [] }
        var out: Set<String> = []
        for path in paths.keys {
            let routePath = path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
            for method in paths[path]?.keys ?? [] { out.insert("\(method.uppercased()) \(routePath)") }
        }
        return out
    }
}

struct OpenAPIController {
    func document(_ req: Request) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(OpenAPIDocument.document)
        return Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: data))
    }
}
