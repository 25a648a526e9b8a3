import AnSinhCore
import Fluent
import Foundation
import SQLKit

/// Loads the CSV files shipped in `Resources/admin-units` (copied from the NSO-based data set;
/// see its README) into the administrative-unit tables, in one transaction.
struct LoadAdministrativeUnits: AsyncMigration {
    /// Off in tests that do not need addresses, so that each fresh test database is quick.
    let enabled: Bool

    func prepare(on database: any Database) async throws {
        guard enabled else { return }
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await load(sql, file: "provinces-2025", table: "adm_provinces",
                           columns: ["code", "name", "type", "name_key"]) { $0 + [VietnameseText.fold($0[1])] }
            try await load(sql, file: "communes-2025", table: "adm_communes",
                           columns: ["code", "name", "type", "province_code", "name_key"]) { $0 + [VietnameseText.fold($0[1])] }
            try await load(sql, file: "provinces-legacy", table: "adm_legacy_provinces", columns: ["code", "name", "type"]) { $0 }
            try await load(sql, file: "districts-legacy", table: "adm_legacy_districts",
                           columns: ["code", "name", "type", "province_code"]) { $0 }
            try await load(sql, file: "communes-legacy", table: "adm_legacy_communes",
                           columns: ["code", "name", "type", "district_code", "province_code"]) { $0 }
            try await load(sql, file: "communes-legacy-to-2025", table: "adm_commune_conversions",
                           columns: ["legacy_code", "new_code", "portion"]) { $0 }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in ["adm_commune_conversions", "adm_legacy_communes", "adm_legacy_districts",
                      "adm_legacy_provinces", "adm_communes", "adm_provinces"] {
            try await sql.delete(from: table).run()
        }
    }

    /// Inserts a CSV file's rows in batches (the files have no quoted fields: checked in a test).
    private func load(_ sql: any SQLDatabase, file: String, table: String, columns: [String],
                      row transform: ([String]) -> [String]) async throws {
        let rows = try Self.readCSV(file)
        for batch in stride(from: 0, to: rows.count, by: 500) {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[batch..<min(batch + 500, rows.count)] {
                insert = insert.values(transform(row).map { SQLBind($0) })
            }
            try await insert.run()
        }
    }

    /// The data rows of a bundled CSV file, header skipped.
    static func readCSV(_ name: String) throws -> [[String]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "admin-units") else {
            throw AppConfig.StartupError(description: "Missing bundled file admin-units/\(name).csv")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
