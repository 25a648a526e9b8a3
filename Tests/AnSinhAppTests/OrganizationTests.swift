@testable import AnSinhApp
import AnSinhCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Units and users administration")
struct OrganizationTests {
    @Test func adminCreatesAUnitAndItIsAudited() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let form = try await admin.get(SiteURL.adminUnitNew.path)
            #expect(form.text.contains("id=\"unit-form\""))
            let res = try await admin.post(SiteURL.adminUnits.path, form: [
                "name": "Văn phòng CTXH phường Mới", "kind": "commune", "code": "vpm",
                "parent_id": fx.center.id!.uuidString, "phone": "0203 3825 111"])
            #expect(res.status == .seeOther)
            let unit = try #require(try await OrgUnit.query(on: app.db).filter(\.$code == "VPM").first())
            #expect(unit.parentID == fx.center.id)
            #expect(unit.createdBy == fx.user(.admin).id)
            let list = try await admin.get(SiteURL.adminUnits.path)
            #expect(list.text.contains("Văn phòng CTXH phường Mới"))
            #expect(list.text.contains(UIText.created.pair.vi))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.unitCreated.rawValue).count() == 1)
        }
    }

    @Test func invalidUnitFormComesBackWithMessagesAndValues() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let res = try await admin.post(SiteURL.adminUnits.path, form: [
                "name": "Tên đã gõ \"<b>", "kind": "commune", "code": "VPA", "parent_id": "nonsense", "phone": "12ab"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains(UIText.unitCodeTaken.pair.vi))
            #expect(res.text.contains(UIText.unitParentInvalid.pair.vi))
            #expect(res.text.contains(UIText.unitPhoneInvalid.pair.vi))
            // What the user typed is kept, escaped.
            #expect(res.text.contains("value=\"Tên đã gõ &quot;&lt;b&gt;\""))
            #expect(res.text.contains("value=\"12ab\""))
            #expect(try await OrgUnit.query(on: app.db).count() == 4)
        }
    }

    @Test func aStaleEditShowsAConflictAndLosesNothing() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let unit = fx.officeB
            // Someone else saves first.
            let first = try await admin.post(SiteURL.adminUnitEdit(unit.id!).path, form: [
                "name": "Tên của người thứ nhất", "kind": "commune", "code": "VPB",
                "parent_id": fx.center.id!.uuidString, "version": "1"])
            #expect(first.status == .seeOther)
            // The second save was based on version 1 too.
            let second = try await admin.post(SiteURL.adminUnitEdit(unit.id!).path, form: [
                "name": "Tên của người thứ hai", "kind": "commune", "code": "VPB",
                "parent_id": fx.center.id!.uuidString, "version": "1"])
            #expect(second.status == .conflict)
            #expect(second.text.contains("Tên của người thứ nhất"))
            #expect(second.text.contains("Tên của người thứ hai"))
            #expect(second.text.contains("name=\"version\" value=\"2\""))
            let stored = try #require(try await OrgUnit.find(unit.id, on: app.db))
            #expect(stored.name == "Tên của người thứ nhất")
        }
    }

    @Test func aUnitCannotMoveBelowItself() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let res = try await admin.post(SiteURL.adminUnitEdit(fx.officeA.id!).path, form: [
                "name": fx.officeA.name, "kind": "commune", "code": "VPA",
                "parent_id": fx.officeA1.id!.uuidString, "version": "1"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains(UIText.unitParentInvalid.pair.vi))
        }
    }

    @Test func deactivationNeedsAnEmptyUnit() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            _ = try await admin.post(SiteURL.adminUnitActive(fx.officeA.id!).path)
            #expect(try await OrgUnit.find(fx.officeA.id, on: app.db)?.active == true)
            let empty = OrgUnit(name: "Trống", kind: .hospital, code: "TRONG", parentID: fx.center.id)
            try await empty.create(on: app.db)
            let res = try await admin.post(SiteURL.adminUnitActive(empty.id!).path)
            #expect(res.status == .seeOther)
            #expect(try await OrgUnit.find(empty.id, on: app.db)?.active == false)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.unitDeactivated.rawValue).count() == 1)
        }
    }

    @Test func adminCreatesAUserWhoMustChangeThePassword() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let bad = try await admin.post(SiteURL.adminUsers.path, form: [
                "username": "Nguyễn Lan", "full_name": "", "role": "boss", "unit_id": fx.officeB.id!.uuidString, "password": "123"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains(UIText.userUsernameInvalid.pair.vi))
            #expect(bad.text.contains(UIText.userRoleInvalid.pair.vi))
            #expect(bad.text.contains(UIText.passwordTooShort.pair.vi))
            let ok = try await admin.post(SiteURL.adminUsers.path, form: [
                "username": "nguyenthilan", "full_name": "Nguyễn Thị Lan", "role": "caseWorker",
                "unit_id": fx.officeB.id!.uuidString, "password": "Hoa-Sen-Trang-9"])
            #expect(ok.status == .seeOther)
            let user = try #require(try await User.find(username: "nguyenthilan", on: app.db))
            #expect(user.mustChangePassword)
            #expect(user.unitID == fx.officeB.id)
            let login = try await TestClient(app).login("nguyenthilan", "Hoa-Sen-Trang-9")
            #expect(login.location == SiteURL.accountPassword.path)
        }
    }

    @Test func resetPasswordGivesAOneTimePasswordAndEndsSessions() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let victim = try await TestClient.signedIn(app, as: fx.caseWorkerB)
            let res = try await admin.post(SiteURL.adminUserResetPassword(fx.caseWorkerB.id!).path)
            #expect(res.status == .ok)
            let temporary = try #require(res.text.range(of: "id=\"temporary-password\" type=\"text\" readonly value=\"").map { r in
                String(res.text[r.upperBound...].prefix { $0 != "\"" })
            })
            #expect(temporary.count == 14)
            #expect(try await victim.get("/").status == .seeOther)
            let login = try await TestClient(app).login(fx.caseWorkerB.username, temporary)
            #expect(login.location == SiteURL.accountPassword.path)
        }
    }

    @Test func userEditKeepsTheUsernameAndChecksTheVersion() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let target = fx.caseWorkerB
            let ok = try await admin.post(SiteURL.adminUserEdit(target.id!).path, form: [
                "username": "hacked", "full_name": "Tên mới", "role": "supervisor", "unit_id": fx.officeB.id!.uuidString, "version": "1"])
            #expect(ok.status == .seeOther)
            let stored = try #require(try await User.find(target.id, on: app.db))
            #expect(stored.username == target.username)
            #expect(stored.role == .supervisor)
            let stale = try await admin.post(SiteURL.adminUserEdit(target.id!).path, form: [
                "full_name": "Tên cũ hơn", "role": "viewer", "unit_id": fx.officeB.id!.uuidString, "version": "1"])
            #expect(stale.status == .conflict)
            #expect(try await User.find(target.id, on: app.db)?.fullName == "Tên mới")
        }
    }

    @Test func workingCalendarSwapsAreEditedAndValidated() async throws {
        try await TestApp.run { app, fx in
            let admin = try await TestClient.signedIn(app, as: fx.user(.admin))
            let page = try await admin.get(SiteURL.adminCalendar.path + "?year=2026")
            #expect(page.text.contains("17/02/2026"))
            let bad = try await admin.post(SiteURL.adminCalendar.path, form: ["date": "31/02/2026", "kind": "dayOff", "note": "x"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains(UIText.calendarDateInvalid.pair.vi))
            #expect(bad.text.contains("value=\"31/02/2026\""))
            let ok = try await admin.post(SiteURL.adminCalendar.path, form: ["date": "02/01/2026", "kind": "dayOff", "note": "Nghỉ bù"])
            #expect(ok.status == .seeOther)
            let calendar = try await SwappedDayRecord.calendar(on: app.db)
            #expect(!calendar.isWorkingDay(LocalDate(year: 2026, month: 1, day: 2)!))
            let dup = try await admin.post(SiteURL.adminCalendar.path, form: ["date": "2026-01-02", "kind": "workday"])
            #expect(dup.text.contains(UIText.calendarDuplicate.pair.vi))
        }
    }
}
