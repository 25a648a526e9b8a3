import AnSinhCore
import Fluent
import Foundation

/// A row of the yearly table of days the government swaps or adds (edited by an admin).
final class SwappedDayRecord: Model, @unchecked Sendable {
    static let schema = "swapped_days"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "created_by") var createdBy: UUID?
    /// ISO date `yyyy-MM-dd`, so that it sorts and compares the same on both databases.
    @Field(key: "date") var date: String
    @Field(key: "kind") var kind: SwappedDay.Kind
    @Field(key: "note") var note: String

    init() {}

    init(date: LocalDate, kind: SwappedDay.Kind, note: String, createdBy: UUID?) {
        self.date = date.iso
        self.kind = kind
        self.note = note
        self.createdBy = createdBy
    }

    var swappedDay: SwappedDay? {
        LocalDate(iso: date).map { SwappedDay(date: $0, kind: kind, note: note) }
    }
}

extension SwappedDayRecord {
    /// The center's working-day calendar with every swap in the table.
    static func calendar(on db: any Database) async throws -> WorkingDayCalendar {
        let swaps = try await SwappedDayRecord.query(on: db).all().compactMap(\.swappedDay)
        return WorkingDayCalendar(swaps: swaps)
    }
}
