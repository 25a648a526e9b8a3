import Foundation

/// The fields a `Decodable` type reads, found by running its own `init(from:)` against a decoder
/// that writes down every key it is asked for: `decode` is a required field, `decodeIfPresent`
/// an optional one (absent or null). The OpenAPI document builds its request schemas from this,
/// so a field added to an input type is in the document without anyone copying it there.
enum DecodedFields {
    indirect enum Shape: Equatable, Sendable {
        case string, integer, number, boolean, uuid
        /// A Swift enum with raw values: its cases.
        case enumeration([String])
        case array(Shape)
        case object([Field])
    }

    struct Field: Equatable, Sendable {
        let name: String
        let shape: Shape
        /// Read with `decode`: the decoder fails without it.
        let required: Bool
    }

    /// The fields of `type`, in the order its decoder reads them.
    static func of<T: Decodable>(_ type: T.Type) -> [Field] {
        guard case .object(let fields) = shape(of: type) else { return [] }
        return fields
    }

    static func shape<T: Decodable>(of type: T.Type) -> Shape {
        switch type {
        case is String.Type: return .string
        case is Bool.Type: return .boolean
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type,
             is UInt.Type, is UInt8.Type, is UInt16.Type, is UInt32.Type, is UInt64.Type: return .integer
        case is Double.Type, is Float.Type, is Decimal.Type: return .number
        case is UUID.Type: return .uuid
        default: break
        }
        if let cases = type as? any CaseIterable.Type { return .enumeration(rawValues(of: cases)) }
        if let array = type as? any DecodableArray.Type { return .array(array.elementShape) }
        let log = FieldLog()
        _ = try? T(from: RecordingDecoder(log: log))
        return .object(log.fields)
    }

    private static func rawValues<C: CaseIterable>(of type: C.Type) -> [String] {
        C.allCases.compactMap { ($0 as? any RawRepresentable).map { "\($0.rawValue)" } }
    }

    /// A value of `type` for a required field, so that decoding goes on to the next key.
    fileprivate static func placeholder<T: Decodable>(_ type: T.Type) throws -> T {
        let simple: [Any] = ["", false, 0, Int8(0), Int16(0), Int32(0), Int64(0), UInt(0), UInt8(0), UInt16(0), UInt32(0),
                             UInt64(0), 0.0, Float(0), Decimal(0), UUID()]
        for value in simple { if let v = value as? T { return v } }
        if let cases = type as? any CaseIterable.Type, let first = firstCase(of: cases) as? T { return first }
        // Arrays come out empty (the recording decoder's lists have no elements), objects with
        // placeholders in every required field.
        return try T(from: RecordingDecoder(log: FieldLog()))
    }

    private static func firstCase<C: CaseIterable>(of type: C.Type) -> Any? { C.allCases.first }
}

/// Arrays, whose element type the recorder names.
protocol DecodableArray {
    static var elementShape: DecodedFields.Shape { get }
}

extension Array: DecodableArray where Element: Decodable {
    static var elementShape: DecodedFields.Shape { DecodedFields.shape(of: Element.self) }
}

private final class FieldLog {
    var fields: [DecodedFields.Field] = []

    func add<T: Decodable>(_ key: any CodingKey, _ type: T.Type, required: Bool) {
        guard !fields.contains(where: { $0.name == key.stringValue }) else { return }
        fields.append(.init(name: key.stringValue, shape: DecodedFields.shape(of: type), required: required))
    }
}

private struct RecordingDecoder: Decoder {
    let log: FieldLog
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(log: log))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { EmptyList() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single() }
}

private struct Refused: Error {}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let log: FieldLog
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        log.add(key, type, required: true)
        return try DecodedFields.placeholder(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        log.add(key, type, required: false)
        return nil
    }

    private func value<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T { try decode(type, forKey: key) }
    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? { try decodeIfPresent(type, forKey: key) }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw Refused()
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw Refused() }
    func superDecoder() throws -> any Decoder { throw Refused() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw Refused() }
}

/// A list with no elements: arrays decode empty.
private struct EmptyList: UnkeyedDecodingContainer {
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }

    mutating func decodeNil() throws -> Bool { throw Refused() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { throw Refused() }
    mutating func decode(_ type: Bool.Type) throws -> Bool { throw Refused() }
    mutating func decode(_ type: String.Type) throws -> String { throw Refused() }
    mutating func decode(_ type: Double.Type) throws -> Double { throw Refused() }
    mutating func decode(_ type: Float.Type) throws -> Float { throw Refused() }
    mutating func decode(_ type: Int.Type) throws -> Int { throw Refused() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { throw Refused() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { throw Refused() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { throw Refused() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { throw Refused() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { throw Refused() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { throw Refused() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { throw Refused() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { throw Refused() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { throw Refused() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> { throw Refused() }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Refused() }
    mutating func superDecoder() throws -> any Decoder { throw Refused() }
}

/// A single value: the placeholder of the type asked for.
private struct Single: SingleValueDecodingContainer {
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try DecodedFields.placeholder(type) }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { "" }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
}
