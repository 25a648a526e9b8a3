import AnSinhCore
import Vapor

/// The building blocks the document's paths are made of: parameters with the bounds the server
/// enforces (`QueryBounds`), the error answers every operation documents, and operations.
extension OpenAPIDocument {
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
                          "byPersonGroup", "byPersonSex", "byPersonAgeGroup", "byHandoffTarget", "byPersonProvince", "byPersonCommune", "byAction", "byMonth"] {
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
            out.append(("413", err("The body is larger than this operation accepts: \(BodyLimits.requestLabel) for JSON or a form, 11 MB for an attachment")))
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
    static func limitParameter(max: Int = QueryBounds.limit.upperBound, default value: Int = 50) -> JSONValue {
        ["name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": .int(max), "default": .int(value),
                                                    "description": .string("rows per page, 1 to \(max); another value answers 422")]]
    }

    /// `offset` of an API list.
    static let offsetParameter: JSONValue = [
        "name": "offset", "in": "query", "schema": ["type": "integer", "minimum": 0, "maximum": .int(QueryBounds.offset.upperBound), "default": 0,
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
