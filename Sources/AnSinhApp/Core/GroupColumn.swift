import PostgresNIO
import SQLiteKit

/// One column of a table whose rows are written in groups (`CallRows`): its name and its value
/// in a row, typed. One list of these gives SQLite the binds of its single-row INSERT and
/// PostgreSQL one array per column, so the two cannot drift apart.
struct GroupColumn<Row>: Sendable {
    let name: String
    /// The type of the column's array parameter, declared when the statement is prepared.
    let postgresArrayType: PostgresDataType
    let sqliteValue: @Sendable (Row, SQLiteDataEncoder) throws -> SQLiteData
    let appendPostgresArray: @Sendable ([Row], inout PostgresBindings) -> Void

    init<Value: PostgresArrayEncodable & PostgresNonThrowingEncodable & Encodable & Sendable>(
        _ name: String, _ value: @escaping @Sendable (Row) -> Value?
    ) {
        self.name = name
        postgresArrayType = Value.psqlArrayType
        sqliteValue = { row, encoder in try value(row).map { try encoder.encode($0) } ?? .null }
        appendPostgresArray = { rows, bindings in bindings.append(PostgresNullableArray(rows.map(value))) }
    }
}

/// A one-dimensional PostgreSQL array in the binary format, NULLs allowed: PostgresNIO's own
/// arrays have no optional elements. A group of rows goes to the server as one such array per
/// column, which `unnest` turns back into rows, so the statement's text is the same for every
/// group size and is prepared once per connection.
struct PostgresNullableArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>: PostgresNonThrowingEncodable {
    let elements: [Element?]

    init(_ elements: [Element?]) {
        self.elements = elements
    }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        // Header (as array_recv reads it): dimensions, has-nulls flag, element type; then per
        // dimension its length and lower bound.
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count))
        buffer.writeInteger(1, as: Int32.self)
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            // Each element: its length in bytes, then its value.
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let start = buffer.writerIndex
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - start), at: lengthIndex)
        }
    }
}
