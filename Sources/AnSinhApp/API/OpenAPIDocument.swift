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
        "paths": withIdempotencyKey(merged(merged(caseTeamPaths, AppModules.openAPIPaths), [
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
                    ["name": "phone", "in": "query", "schema": ["type": "string", "description": "the caller's number in any format (0912 345 678, +84 912 345 678)"]],
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
                "get": operation(id: "listCases", summary: "Visible cases, newest first; filters state, type, clientGroup, risk, unit (with the units below), assignedTo (id or me), open=1, overdue=1, from, to; limit, offset",
                                 schema: "CasePage", parameters: [
                                     codeFilter("state", CaseState.self), codeFilter("type", CaseType.self), codeFilter("risk", RiskLevel.self),
                                     ["name": "unit", "in": "query", "schema": ["type": "string", "format": "uuid", "description": "a unit: its cases and those of the units below it"]],
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
            "schemas": merged(merged(merged(merged(peopleAndCaseSchemas, caseTeamSchemas), AppModules.openAPISchemas),
                              .object(inputs.map { ($0.name, $0.schema) })), [
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
}

struct OpenAPIController {
    func document(_ req: Request) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(OpenAPIDocument.document)
        return Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: data))
    }
}
