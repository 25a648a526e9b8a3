import AnSinhCore
import Foundation

/// A JSON request body as the OpenAPI document describes it, built from the Swift type the
/// handler decodes. The properties, their JSON types and what the decoder itself requires come
/// from the type (`DecodedFields`); the declaration adds what only validation knows: which fields
/// the operation requires (422 without them) and each field's constraints and description.
///
/// Every field the type decodes must be declared, and nothing else may be: `problems` lists the
/// differences, and a test requires it to be empty, so a field added to an input type fails the
/// tests until the document says what it is.
struct InputSchema: Sendable {
    let name: String
    let typeName: String
    let fields: [DecodedFields.Field]
    /// Paths (`caller.phone`, `allowances[].group`) the operation requires beyond the decoder.
    let required: Set<String>
    /// Schema keywords for each field path; `path[]` for the items of a list.
    let notes: [(String, JSONValue)]
    let description: String?

    init<T: Decodable>(_ name: String, _ type: T.Type, required: [String] = [], description: String? = nil,
                       _ notes: KeyValuePairs<String, JSONValue>) {
        self.name = name
        typeName = String(reflecting: type)
        fields = DecodedFields.of(type)
        self.required = Set(required)
        self.notes = notes.map { ($0.key, $0.value) }
        self.description = description
    }

    /// The JSON Schema of the body.
    var schema: JSONValue {
        var out = Self.object(fields, prefix: "", self)
        if let description, case .object(var pairs) = out {
            pairs.insert(("description", .string(description)), at: 0)
            out = .object(pairs)
        }
        return out
    }

    /// Every path the type decodes, with whether the document requires it.
    var paths: [(path: String, required: Bool)] {
        func walk(_ fields: [DecodedFields.Field], _ prefix: String) -> [(String, Bool)] {
            fields.flatMap { f -> [(String, Bool)] in
                let path = prefix + f.name
                var out = [(path, f.required || required.contains(path))]
                var shape = f.shape
                var sub = path
                while case .array(let inner) = shape { shape = inner; sub += "[]" }
                if case .object(let nested) = shape { out += walk(nested, sub + ".") }
                return out
            }
        }
        return walk(fields, "")
    }

    /// Declarations that do not match the type: fields without a note, notes or required names
    /// for fields the type does not decode.
    var problems: [String] {
        let known = Set(paths.map(\.path))
        let itemPaths = Set(paths.map { $0.path + "[]" })
        var out: [String] = []
        for (path, _) in paths where !notes.contains(where: { $0.0 == path }) {
            out.append("\(name): field `\(path)` of \(typeName) is not declared in the document")
        }
        for (path, _) in notes where !known.contains(path) && !itemPaths.contains(path) {
            out.append("\(name): `\(path)` is declared but \(typeName) does not decode it")
        }
        for path in required where !known.contains(path) {
            out.append("\(name): required `\(path)` is not a field of \(typeName)")
        }
        return out
    }

    private func note(_ path: String) -> [(String, JSONValue)] {
        guard case .object(let pairs)? = notes.first(where: { $0.0 == path })?.1 else { return [] }
        return pairs
    }

    private static func object(_ fields: [DecodedFields.Field], prefix: String, _ input: InputSchema) -> JSONValue {
        var properties: [(String, JSONValue)] = []
        var required: [JSONValue] = []
        for f in fields {
            let path = prefix + f.name
            let isRequired = f.required || input.required.contains(path)
            if isRequired { required.append(.string(f.name)) }
            properties.append((f.name, schema(f.shape, path: path, nullable: !isRequired, input)))
        }
        var pairs: [(String, JSONValue)] = [("type", "object")]
        if !required.isEmpty { pairs.append(("required", .array(required))) }
        pairs.append(("properties", .object(properties)))
        return .object(pairs)
    }

    /// A field's schema: its JSON type, then its declared keywords. An optional field may also be
    /// null (the decoder takes null for absent).
    private static func schema(_ shape: DecodedFields.Shape, path: String, nullable: Bool, _ input: InputSchema) -> JSONValue {
        var pairs: [(String, JSONValue)]
        switch shape {
        case .string: pairs = [("type", "string")]
        case .integer: pairs = [("type", "integer")]
        case .number: pairs = [("type", "number")]
        case .boolean: pairs = [("type", "boolean")]
        case .uuid: pairs = [("type", "string"), ("format", "uuid")]
        case .enumeration(let values): pairs = [("type", "string"), ("enum", .array(values.map { .string($0) }))]
        case .array(let item):
            pairs = [("type", "array"), ("items", schema(item, path: path + "[]", nullable: false, input))]
        case .object(let nested):
            guard case .object(let p) = object(nested, prefix: path + ".", input) else { return [:] }
            pairs = p
        }
        for (key, value) in input.note(path) {
            if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
        }
        if case .integer = shape {
            // What Swift's Int holds: a larger number does not decode (400).
            if !pairs.contains(where: { $0.0 == "minimum" }) { pairs.append(("minimum", .int(Int.min))) }
            if !pairs.contains(where: { $0.0 == "maximum" }) { pairs.append(("maximum", .int(Int.max))) }
        }
        if nullable {
            if let i = pairs.firstIndex(where: { $0.0 == "type" }), case .string(let type) = pairs[i].1 {
                pairs[i].1 = [.string(type), "null"]
            }
            if let i = pairs.firstIndex(where: { $0.0 == "enum" }), case .array(var values) = pairs[i].1 {
                values.append(.null)
                pairs[i].1 = .array(values)
            }
        }
        return .object(pairs)
    }
}

extension OpenAPIDocument {
    /// `enum` of a code list's raw values; with `emptyMeansAbsent`, also "" (the server takes an
    /// empty code for none).
    static func codes<E: CaseIterable & RawRepresentable>(_ type: E.Type, emptyMeansAbsent: Bool = false,
                                                          _ description: String? = nil) -> JSONValue where E.RawValue == String {
        var values: [JSONValue] = E.allCases.map { .string($0.rawValue) }
        if emptyMeansAbsent { values.append("") }
        var pairs: [(String, JSONValue)] = [("enum", .array(values))]
        if let description { pairs.append(("description", .string(description))) }
        return .object(pairs)
    }

    /// A string of at most `max` characters (after trimming spaces), with a description.
    static func text(_ max: Int, _ description: String? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("maxLength", .int(max))]
        if let description { pairs.append(("description", .string(description))) }
        return .object(pairs)
    }

    static func about(_ description: String) -> JSONValue { ["description": .string(description)] }

    static let isoDate: JSONValue = ["format": "date"]
    static let isoDateTime: JSONValue = ["format": "date-time", "description": "ISO 8601 with an offset"]
    static let versionNote: JSONValue = ["description": "the record's version as read; a stale one answers 409"]
    static let ignored: JSONValue = ["description": "read by the type, ignored by this operation"]
}
