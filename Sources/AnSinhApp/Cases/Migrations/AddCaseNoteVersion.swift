import Fluent
import SQLKit

/// Case notes get a version (issue 15): marking a follow-up done, and later edits, conflict
/// instead of overwriting. Existing notes start at 1.
struct AddCaseNoteVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseNote.schema).field("version", .int, .required, .sql(.default(1))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseNote.schema).deleteField("version").update()
    }
}
