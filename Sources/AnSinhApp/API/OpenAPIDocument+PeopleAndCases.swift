import AnSinhCore

/// The schemas of the people registry and case management, kept apart from the hotline's.
extension OpenAPIDocument {
    static let peopleAndCaseSchemas: JSONValue = [
            "Person": ["type": "object", "required": ["id", "fullName", "sex", "phones", "groups", "unitId", "version"], "properties": [
                "id": ["type": "string", "format": "uuid"], "fullName": ["type": "string"], "sex": ["type": "string"],
                "birthDate": ["type": ["string", "null"]], "birthPrecision": ["type": ["string", "null"], "description": "exact, monthYear, year or estimatedAge"],
                "birthYear": ["type": ["integer", "null"]], "ethnicity": ["type": ["string", "null"]],
                "idNumber": ["type": ["string", "null"], "description": "masked (031******123) in search results"],
                "phones": ["type": "array", "items": ["type": "string"]], "provinceCode": ["type": ["string", "null"]],
                "communeCode": ["type": ["string", "null"]], "addressLine": ["type": ["string", "null"]],
                "groups": ["type": "array", "items": ["type": "string"]], "unitId": ["type": "string", "format": "uuid"],
                "version": ["type": "integer"], "mergedInto": ["type": ["string", "null"], "format": "uuid"], "hasPhoto": ["type": "boolean"],
                "allowances": ["type": "array", "items": ["$ref": "#/components/schemas/Allowance"]]]],
            "PersonRelation": ["type": "object", "required": ["relatedPersonId", "relation"], "properties": [
                "relatedPersonId": ["type": "string", "format": "uuid"],
                "relation": ["type": "string", "enum": .array(RelationKind.allCases.map { .string($0.rawValue) })],
                "legalRepresentative": ["type": "boolean"], "relatedName": ["type": "string"]]],
            "PersonConsent": ["type": "object", "properties": [
                "purpose": ["type": "string", "enum": .array(ConsentPurpose.allCases.map { .string($0.rawValue) })],
                "givenOn": ["type": "string", "format": "date"], "byPerson": ["type": "boolean"],
                "representativeId": ["type": "string", "format": "uuid"], "withdrawnOn": ["type": "string", "format": "date"],
                "inForce": ["type": "boolean"]]],
            "PersonSearchPage": ["type": "object", "required": ["items", "tooMany"], "properties": [
                "items": ["type": "array", "items": ["$ref": "#/components/schemas/Person"]],
                "tooMany": ["type": "boolean", "description": "more persons match than were ranked: refine the query"]]],
            "Case": ["type": "object", "required": ["id", "number", "type", "state", "receivedAt", "personId", "clientGroups", "version"], "properties": [
                "id": ["type": "string", "format": "uuid"], "number": ["type": "string"], "type": ["type": "string"],
                "source": ["type": "string"], "receivedAt": ["type": "string", "format": "date-time"],
                "personId": ["type": "string", "format": "uuid"], "clientGroups": ["type": "array", "items": ["type": "string"]],
                "state": ["type": "string", "enum": .array(CaseState.allCases.map { .string($0.rawValue) })],
                "initialDueAt": ["type": "string", "format": "date-time"], "planDueAt": ["type": "string", "format": "date-time"],
                "dueAt": ["type": ["string", "null"]], "overdue": ["type": "boolean"], "restricted": ["type": "boolean"],
                "version": ["type": "integer"], "transitions": ["type": "array", "items": ["type": "object"]]]],
            "CasePage": ["type": "object", "required": ["items"], "properties": [
                "items": ["type": "array", "items": ["$ref": "#/components/schemas/Case"]], "nextOffset": ["type": ["integer", "null"]]]],
            "CaseNote": ["type": "object", "required": ["kind", "date", "narrative"], "properties": [
                "id": ["type": "string", "format": "uuid"],
                "kind": ["type": "string", "enum": .array(ContactKind.allCases.map { .string($0.rawValue) })],
                "date": ["type": "string", "format": "date"], "narrative": ["type": "string"], "nextStep": ["type": "string"],
                "followUpOn": ["type": "string", "format": "date"], "followUpDone": ["type": "boolean"], "version": ["type": "integer"]]],
            "CaseAssessment": ["type": "object", "required": ["kind"], "properties": [
                "kind": ["type": "string", "enum": ["risk", "needs", "conference"]],
                "risk": ["type": "object", "properties": .object(["harm", "abuserAccess", "careObstacles", "childCapacity"].map {
                    ($0, ["type": "string", "enum": ["high", "medium", "low"]])
                } + [("notes", ["type": "string"])])],
                "needs": ["type": "object", "properties": ["domains": ["type": "array", "items": ["type": "object", "properties": [
                    "domain": ["type": "string", "enum": .array(NeedsDomain.allCases.map { .string($0.rawValue) })],
                    "needs": ["type": "string"], "strengths": ["type": "string"]]]]]],
                "conference": ["type": "object", "properties": ["date": ["type": "string", "format": "date"],
                                                                 "participants": ["type": "string"], "decisions": ["type": "string"]]],
                "overallRisk": ["type": ["string", "null"]]]],
            "CasePlan": ["type": "object", "required": ["goals"], "properties": [
                "goals": ["type": "array", "items": ["type": "object", "required": ["goal", "actions"], "properties": [
                    "goal": ["type": "string"],
                    "actions": ["type": "array", "items": ["type": "object", "properties": [
                        "what": ["type": "string"], "who": ["type": "string"], "due": ["type": "string", "format": "date"],
                        "status": ["type": "string"]]]]]]],
                "reason": ["type": "string"], "version": ["type": "integer"], "versionNo": ["type": "integer"],
                "status": ["type": "string", "enum": ["submitted", "approved", "returned", "superseded"]]]],
            "Attachment": ["type": "object", "required": ["id", "filename", "contentType", "size", "sha256"], "properties": [
                "id": ["type": "string", "format": "uuid"], "filename": ["type": "string"],
                "contentType": ["type": "string", "enum": ["application/pdf", "image/jpeg", "image/png"]],
                "size": ["type": "integer"], "sha256": ["type": "string"], "uploadedAt": ["type": "string", "format": "date-time"]]],
            "Target": ["type": "object", "required": ["year", "indicator", "value"], "properties": [
                "year": ["type": "integer"], "unitId": ["type": "string", "format": "uuid"],
                "indicator": ["type": "string", "enum": ["caseFilesReceived", "hotlineCasesReceived", "casesReceived"]],
                "value": ["type": "integer"]]],
            "CaseGroupCount": ["type": "object", "required": ["code", "received", "closed"], "properties": [
                "code": ["type": "string"], "received": ["type": "integer"], "closed": ["type": "integer"]]],
            "CaseReport": ["type": "object", "required": ["received", "closed", "openAtEnd", "byClientGroup", "previous"], "properties": [
                "from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date"], "track": ["type": "string"],
                "received": ["type": "integer"], "closed": ["type": "integer"], "closedInPeriod": ["type": "integer"], "openAtEnd": ["type": "integer"],
                "byClientGroup": ["type": "array", "items": ["$ref": "#/components/schemas/CaseGroupCount"]],
                "byType": ["type": "array", "items": ["$ref": "#/components/schemas/CaseGroupCount"]],
                "bySource": ["type": "array", "items": ["$ref": "#/components/schemas/CaseGroupCount"]],
                "byUnit": ["type": "array", "items": ["$ref": "#/components/schemas/CaseGroupCount"]],
                "byCommune": ["type": "array", "items": ["$ref": "#/components/schemas/CaseGroupCount"]],
                "previous": ["type": "object", "properties": ["received": ["type": "integer"], "closed": ["type": "integer"],
                                                              "percent": ["type": ["integer", "null"]], "difference": ["type": "integer"]]],
                "target": ["type": ["object", "null"], "properties": ["indicator": ["type": "string"], "value": ["type": "integer"], "percent": ["type": "integer"]]]]],
    ]
}
