@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The staff register, the module built on the kit as its worked example (issue 15).
@Suite("Staff register")
struct StaffTests {
    static func add(_ client: TestClient, _ body: [String: Any]) async throws -> StaffController.Output {
        let res = try await HotlineTests.json(client, .POST, StaffURL.api.path, body)
        #expect(res.status == .created, "\(res.text)")
        return try HotlineTests.decode(StaffController.Output.self, res)
    }

    @Test func theRegisterIsFilledListedCountedAndExportedWithinTheUnits() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            // A refused form comes back with each message beside its field and what was typed.
            let bad = try await admin.post(StaffURL.list.path, form: [
                "fullName": "Nguyễn Thị Hoa", "position": "", "employment": "partTime", "unitId": fx.officeA.id!.uuidString])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("id=\"position-error\"") && bad.text.contains("id=\"mainDuty-error\"")
                    && bad.text.contains("value=\"Nguyễn Thị Hoa\""))
            #expect(try await StaffMember.query(on: app.db).count() == 0)
            let page = try await admin.post(StaffURL.list.path, form: [
                "fullName": "Nguyễn Thị Hoa", "position": "Cộng tác viên", "employment": "partTime", "mainDuty": "Hội Phụ nữ",
                "phone": "0912 345 678", "unitId": fx.officeA.id!.uuidString, "active": "1"])
            #expect(page.status == .seeOther && page.location == StaffURL.list.path)
            let an = try await Self.add(admin, ["fullName": "Trần Văn An", "position": "Cán bộ công tác xã hội", "employment": "fullTime",
                                                "unitId": fx.officeA.id!.uuidString])
            _ = try await Self.add(admin, ["fullName": "Lò Văn Páo", "position": "Cộng tác viên", "employment": "partTime",
                                           "mainDuty": "Giáo viên", "unitId": fx.officeB.id!.uuidString])
            // Part-time needs its main duty; the unit must exist in the user's scope.
            let noDuty = try await HotlineTests.json(admin, .POST, StaffURL.api.path, ["fullName": "X", "position": "Y", "employment": "partTime",
                                                                                       "unitId": fx.officeA.id!.uuidString])
            #expect(Set(try HotlineTests.decode(ValidationFailure.self, noDuty).fields.map(\.field)) == ["mainDuty"])
            let noUnit = try await HotlineTests.json(admin, .POST, StaffURL.api.path, ["fullName": "X", "position": "Y", "employment": "fullTime",
                                                                                       "unitId": UUID().uuidString])
            #expect(Set(try HotlineTests.decode(ValidationFailure.self, noUnit).fields.map(\.field)) == ["unitId"])

            // Filters: a unit (with its subtree), the type, words of the name without tone marks.
            let director = try await TestClient.signedIn(app, as: fx.user(.director))
            func names(_ client: TestClient, _ query: String) async throws -> Set<String> {
                let res = try await client.get(StaffURL.api.path + "?" + query)
                #expect(res.status == .ok, "\(query): \(res.text.prefix(200))")
                return Set(try HotlineTests.decode(StaffController.Page.self, res).items.map(\.fullName))
            }
            #expect(try await names(director, "q=nguyen%20thi") == ["Nguyễn Thị Hoa"])
            #expect(try await names(director, "employment=partTime") == ["Nguyễn Thị Hoa", "Lò Văn Páo"])
            #expect(try await names(director, "unit=\(fx.officeB.id!.uuidString)") == ["Lò Văn Páo"])
            #expect(try await director.get(StaffURL.api.path + "?employment=sometimes").status == .unprocessableEntity)
            // A case worker of office A sees office A's register only.
            let worker = try await TestClient.signedIn(app, as: fx.user(.caseWorker))
            #expect(try await names(worker, "") == ["Nguyễn Thị Hoa", "Trần Văn An"])

            // The figure: staff by unit and type, one GROUP BY, within the scope.
            let counts = try HotlineTests.decode([StaffQueries.Count].self, try await director.get(StaffURL.apiCounts.path))
            #expect(counts.map { "\($0.unit)|\($0.employment)|\($0.count)" } == [
                "\(fx.officeA.name)|fullTime|1", "\(fx.officeA.name)|partTime|1", "\(fx.officeB.name)|partTime|1"])
            let workerCounts = try HotlineTests.decode([StaffQueries.Count].self, try await worker.get(StaffURL.apiCounts.path))
            #expect(workerCounts.map(\.count).reduce(0, +) == 2)
            let list = try await worker.get(StaffURL.list.path)
            #expect(list.status == .ok && list.text.contains("id=\"staff-counts\"") && list.text.contains("Hội Phụ nữ")
                    && !list.text.contains("Lò Văn Páo") && !list.text.contains("id=\"staff-new\""))

            // Changes need the version read; a stale one conflicts, on the page with both versions.
            let changed = try await HotlineTests.json(admin, .PATCH, StaffURL.apiMember(an.id).path, ["position": "Trưởng văn phòng", "version": 1])
            #expect(changed.status == .ok)
            #expect(try HotlineTests.decode(StaffController.Output.self, changed).version == 2)
            #expect(try await HotlineTests.json(admin, .PATCH, StaffURL.apiMember(an.id).path, ["position": "Cũ", "version": 1]).status == .conflict)
            let stale = try await admin.post(StaffURL.edit(an.id).path, form: [
                "fullName": "Trần Văn An", "position": "Phó văn phòng", "employment": "fullTime", "unitId": fx.officeA.id!.uuidString,
                "active": "1", "version": "1"])
            #expect(stale.status == .conflict && stale.text.contains("Trưởng văn phòng") && stale.text.contains("value=\"Phó văn phòng\""))
            #expect(try await StaffMember.find(an.id, on: app.db)?.position == "Trưởng văn phòng")
            #expect(try await admin.get(StaffURL.edit(UUID()).path).status == .notFound)

            // The export: the list's rows, audited.
            let xlsx = try await director.get(StaffURL.export.path + "?employment=partTime&format=xlsx")
            #expect(xlsx.status == .ok && xlsx.headers.contentType?.description.contains("spreadsheetml") == true)
            let csv = try await director.get(StaffURL.export.path + "?employment=partTime&format=csv")
            #expect(csv.text.contains("Lò Văn Páo") && csv.text.contains("Nguyễn Thị Hoa") && !csv.text.contains("Trần Văn An"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.exported.rawValue)
                .filter(\.$entityType == AuditEntity.staffMember.rawValue).count() == 2)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.recordCreated.rawValue).count() == 3)
        }
    }
}
