@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Administrative units and the address picker")
struct AddressTests {
    @Test func migrationLoadsEveryRowAndLookupsWork() async throws {
        try await TestApp.run(loadAddresses: true) { app, fx in
            let sql = app.db as! any SQLDatabase
            func count(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
            }
            #expect(try await count("adm_provinces") == 34)
            #expect(try await count("adm_communes") == 3321)
            #expect(try await count("adm_legacy_provinces") == 63)
            #expect(try await count("adm_legacy_districts") == 696)
            #expect(try await count("adm_legacy_communes") == 10035)
            #expect(try await count("adm_commune_conversions") == 10565)

            let directory = AddressDirectory(app.db)
            // Typed without tone marks.
            let found = try await directory.searchCommunes(provinceCode: "22", query: "ha long")
            #expect(found.first?.name == "Hạ Long")
            #expect(found.first?.displayName == "Phường Hạ Long")
            #expect(try await directory.resolveCommune(provinceCode: "22", code: nil, typed: "phuong ha long") == .found(found[0]))
            #expect(try await directory.resolveCommune(provinceCode: "01", code: nil, typed: "ha long") == .notFound)

            // Legacy → 2025: a whole commune.
            guard case .converted(let place) = try await directory.convertLegacyCommune(code: "00001") else {
                Issue.record("00001 should convert"); return
            }
            #expect(place.code == "00097")
            // A split commune whose residents all went to one new commune.
            let allResidents = try await sql.raw("SELECT legacy_code, new_code FROM adm_commune_conversions WHERE portion = 'part_all_residents'").first()
            let legacy = try #require(allResidents).decode(column: "legacy_code", as: String.self)
            let target = try #require(allResidents).decode(column: "new_code", as: String.self)
            #expect(try await directory.convertLegacyCommune(code: legacy) == .converted(try #require(try await directory.commune(code: target))))
            // A split commune with no such row needs a person's choice.
            let splitRow = try await sql.raw("""
                SELECT legacy_code FROM adm_commune_conversions GROUP BY legacy_code
                HAVING COUNT(*) > 1 AND SUM(CASE WHEN portion = 'part_all_residents' THEN 1 ELSE 0 END) = 0
                """).first()
            let split = try #require(splitRow).decode(column: "legacy_code", as: String.self)
            guard case .split(let candidates) = try await directory.convertLegacyCommune(code: split) else {
                Issue.record("\(split) should be split"); return
            }
            #expect(candidates.count > 1)
            #expect(try await directory.convertLegacyCommune(code: "99999") == .unknown)

            // The API answers the picker, and the unit form resolves typed names.
            let client = try await TestClient.signedIn(app, as: fx.user(.admin))
            let api = try await client.get(SiteURL.apiCommunes.path + "?province=22&q=ha%20long")
            #expect(api.text.contains("\"displayName\":\"Phường Hạ Long\""))
            let conv = try await client.get(SiteURL.apiLegacyCommune("00001").path)
            #expect(conv.text.contains("\"status\":\"converted\""))
            let create = try await client.post(SiteURL.adminUnits.path, form: [
                "name": "Văn phòng CTXH phường Hạ Long", "kind": "commune", "code": "HLONG",
                "parent_id": fx.center.id!.uuidString, "province_code": "22", "commune": "ha long"])
            #expect(create.status == .seeOther)
            #expect(try await OrgUnit.query(on: app.db).filter(\.$code == "HLONG").first()?.communeCode == "06688")
            let wrong = try await client.post(SiteURL.adminUnits.path, form: [
                "name": "Sai", "kind": "commune", "code": "SAI", "parent_id": fx.center.id!.uuidString,
                "province_code": "22", "commune": "khong co xa nay"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains(UIText.unitCommuneNotFound.pair.vi))
        }
    }

    @Test func bundledCSVFilesHaveNoQuotedFields() throws {
        for name in ["provinces-2025", "communes-2025", "provinces-legacy", "districts-legacy", "communes-legacy", "communes-legacy-to-2025"] {
            let rows = try LoadAdministrativeUnits.readCSV(name)
            #expect(!rows.isEmpty)
            let width = rows[0].count
            #expect(rows.allSatisfy { $0.count == width && !$0.joined().contains("\"") }, "\(name)")
        }
    }
}
