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
        "paths": [
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
                    ["name": "limit", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 100]],
                ])],
            "/api/v1/admin-units/legacy-communes/{code}": ["get": operation(
                id: "convertLegacyCommune", summary: "The 2025 commune a pre-July-2025 commune became", schema: "Conversion",
                parameters: [["name": "code", "in": "path", "required": true, "schema": ["type": "string", "pattern": "^[0-9]{5}$"]]])],
            "/api/v1/openapi.json": ["get": [
                "operationId": "getOpenAPI", "summary": "This document", "security": [],
                "responses": ["200": ["description": "The OpenAPI document", "content": ["application/json": ["schema": ["type": "object"]]]]],
            ]],
        ],
        "components": [
            "securitySchemes": [
                "bearerAuth": ["type": "http", "scheme": "bearer", "description": "Personal API token created in the UI or with `ansinh token create`"],
                "sessionCookie": ["type": "apiKey", "in": "cookie", "name": "ansinh_session"],
            ],
            "schemas": [
                "Error": ["type": "object", "required": ["error", "reason"], "properties": [
                    "error": ["type": "boolean", "const": true], "reason": ["type": "string"]]],
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
                "Conversion": ["type": "object", "required": ["legacyCode", "status", "candidates"], "properties": [
                    "legacyCode": ["type": "string"], "status": ["type": "string", "enum": ["converted", "split"]],
                    "commune": ["oneOf": [["$ref": "#/components/schemas/Place"], ["type": "null"]]],
                    "candidates": ["type": "array", "items": ["$ref": "#/components/schemas/Place"]]]],
            ],
        ],
    ]

    static func operation(id: String, summary: String, schema: String?, arrayOf: String? = nil,
                          parameters: [JSONValue] = []) -> JSONValue {
        let body: JSONValue = schema.map { ["$ref": .string("#/components/schemas/\($0)")] }
            ?? ["type": "array", "items": ["$ref": .string("#/components/schemas/\(arrayOf ?? "")")]]
        let error: JSONValue = ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        func err(_ d: String) -> JSONValue {
            guard case .object(var pairs) = error else { return error }
            pairs.insert(("description", .string(d)), at: 0)
            return .object(pairs)
        }
        return [
            "operationId": .string(id), "summary": .string(summary), "parameters": .array(parameters),
            "responses": [
                "200": ["description": "OK", "content": ["application/json": ["schema": body]]],
                "400": err("Invalid input"), "401": err("No or invalid credentials"),
                "403": err("Not allowed for this role"), "404": err("Not found or outside the caller's scope"),
            ],
        ]
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
