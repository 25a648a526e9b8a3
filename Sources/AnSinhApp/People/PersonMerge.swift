import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// Two records of the same person, merged by a supervisor: every record linked to the
/// duplicate (cases, related-person rows, calls, relations, consents, phones, allowances)
/// moves to the record kept, empty fields of the kept record are filled from the duplicate,
/// and the duplicate stays (for the audit) with `merged_into` set and no longer found.
enum PersonMerge {
    struct Input: Content {
        var intoId: UUID?
        /// The duplicate's version, as read.
        var version: Int?
    }

    static func merge(_ dup: Person, _ input: Input, _ req: Request) async throws -> Person {
        let t = req.t
        guard let intoID = input.intoId, intoID != dup.id, let kept = try await Person.find(intoID, on: req.db),
              try await req.unitScope().contains(kept.unitID), kept.mergedInto == nil else {
            throw ValidationError([.init(field: "intoId", message: t.pick(vi: "Chọn một hồ sơ khác, còn hiệu lực, trong đơn vị của bạn.",
                                                                         en: "Choose another current record in your units."))], req)
        }
        guard dup.mergedInto == nil else {
            throw ValidationError([.init(field: "intoId", message: t.pick(vi: "Hồ sơ này đã được gộp.", en: "This record was already merged."))], req)
        }
        guard let version = input.version else {
            throw ValidationError([.init(field: "version", message: t.pick(vi: "Thiếu phiên bản bản ghi (version).", en: "The record's version is required."))], req)
        }
        let filled = fillEmptyFields(of: kept, from: dup)
        let dupID = dup.id!, keptID = kept.id!
        let movedID = dup.idNumber != nil && kept.idNumber == nil ? dup.idNumber : nil
        dup.mergedInto = keptID
        // An ID number moves when the kept record has none; otherwise both stay on record.
        if movedID != nil { dup.idNumber = nil }
        let keptVersion = kept.version
        let saved = try await req.db.transaction { db -> Bool in
            // Claiming both versions: a concurrent edit or merge of either makes this one conflict.
            guard try await OptimisticSave.update(dup, expectedVersion: version, on: db) else { return false }
            if let movedID { kept.idNumber = movedID }
            guard try await OptimisticSave.update(kept, expectedVersion: keptVersion, on: db) else { return false }
            try await moveLinks(from: dupID, to: keptID, db)
            try await PersonNameIndex.write(kept, on: db)
            try await (db as! any SQLDatabase).delete(from: "person_name_tokens").where("person_id", .equal, SQLBind(dupID)).run()
            try await req.audit(.personsMerged, entity: .person, entityID: keptID.uuidString,
                                summary: "\(dupID.uuidString) → \(keptID.uuidString); filled: \(filled.isEmpty ? "—" : filled.joined(separator: ", "))", on: db)
            return true
        }
        guard saved else {
            throw Abort(.conflict, reason: t.pick(vi: "Một trong hai hồ sơ vừa được người khác sửa. Hãy tải lại.", en: "One of the records was just changed by someone else. Reload."))
        }
        return kept
    }

    /// Copies what the kept record lacks; returns the names of the fields filled.
    static func fillEmptyFields(of kept: Person, from dup: Person) -> [String] {
        var filled: [String] = []
        if kept.birthPrecision == nil, dup.birthPrecision != nil {
            kept.birthPrecision = dup.birthPrecision; kept.birthYear = dup.birthYear; kept.birthMonth = dup.birthMonth; kept.birthDay = dup.birthDay
            filled.append("birth")
        }
        if kept.ethnicity == nil, let e = dup.ethnicity { kept.ethnicity = e; filled.append("ethnicity") }
        if kept.communeCode == nil, dup.communeCode != nil {
            kept.provinceCode = dup.provinceCode; kept.communeCode = dup.communeCode
            kept.addressLine = kept.addressLine ?? dup.addressLine; kept.legacyCommuneCode = kept.legacyCommuneCode ?? dup.legacyCommuneCode
            filled.append("address")
        }
        if kept.schoolOrOccupation == nil, let s = dup.schoolOrOccupation { kept.schoolOrOccupation = s; filled.append("schoolOrOccupation") }
        let groups = Set(kept.groupCodes)
        let extra = dup.groupCodes.filter { !groups.contains($0) }
        if !extra.isEmpty { kept.groups = Person.joinGroups(kept.groupCodes + extra); filled.append("groups") }
        if kept.disabilityType == nil, let d = dup.disabilityType { kept.disabilityType = d; kept.disabilitySeverity = dup.disabilitySeverity; filled.append("disability") }
        if kept.povertyStatus == nil, let p = dup.povertyStatus { kept.povertyStatus = p; filled.append("povertyStatus") }
        if kept.photoSHA256 == nil, let sha = dup.photoSHA256 { kept.photoSHA256 = sha; kept.photoType = dup.photoType; filled.append("photo") }
        if let n = dup.notes, !n.isEmpty { kept.notes = [kept.notes, n].compactMap { $0 }.joined(separator: "\n"); filled.append("notes") }
        return filled
    }

    /// Points the records of `table` (cases, calls) about `dup` at `kept`, each with a new
    /// version and update time: an edit of one of them, begun before the merge, then conflicts
    /// instead of saving what it read.
    private static func movePerson(in table: String, from dup: UUID, to kept: UUID, _ db: any Database) async throws {
        try await (db as! any SQLDatabase).update(table)
            .set("person_id", to: SQLBind(kept))
            .set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1")))
            .set("updated_at", to: SQLBind(Date()))
            .where("person_id", .equal, SQLBind(dup))
            .run()
    }

    /// Every row that refers to the duplicate now refers to the kept record; rows that would
    /// repeat one the kept record already has are dropped instead.
    static func moveLinks(from dup: UUID, to kept: UUID, _ db: any Database) async throws {
        try await movePerson(in: CaseFile.schema, from: dup, to: kept, db)
        // A case about the kept person cannot also list it as a related person.
        let ownCases = try await CaseFile.query(on: db).filter(\.$personID == kept).all().compactMap(\.id)
        if !ownCases.isEmpty {
            try await CaseParticipant.query(on: db).filter(\.$caseID ~~ ownCases).filter(\.$personID ~~ [dup, kept]).delete()
        }
        let keptIn = try await CaseParticipant.query(on: db).filter(\.$personID == kept).all().map(\.caseID)
        if !keptIn.isEmpty { try await CaseParticipant.query(on: db).filter(\.$personID == dup).filter(\.$caseID ~~ keptIn).delete() }
        try await CaseParticipant.query(on: db).filter(\.$personID == dup).set(\.$personID, to: kept).update()
        try await movePerson(in: Call.schema, from: dup, to: kept, db)

        let keptRelated = try await PersonRelation.query(on: db).filter(\.$personID == kept).all().map(\.relatedID)
        if !keptRelated.isEmpty { try await PersonRelation.query(on: db).filter(\.$personID == dup).filter(\.$relatedID ~~ keptRelated).delete() }
        try await PersonRelation.query(on: db).filter(\.$personID == dup).set(\.$personID, to: kept).update()
        let relatedToKept = try await PersonRelation.query(on: db).filter(\.$relatedID == kept).all().map(\.personID)
        if !relatedToKept.isEmpty { try await PersonRelation.query(on: db).filter(\.$relatedID == dup).filter(\.$personID ~~ relatedToKept).delete() }
        try await PersonRelation.query(on: db).filter(\.$relatedID == dup).set(\.$relatedID, to: kept).update()
        try await PersonRelation.query(on: db).filter(\.$personID == kept).filter(\.$relatedID == kept).delete()
        // One legal representative: the kept record's own (the earliest) stays.
        let representatives = try await PersonRelation.query(on: db).filter(\.$personID == kept).filter(\.$legalRepresentative == true)
            .sort(\.$createdAt).all()
        for extra in representatives.dropFirst() {
            extra.legalRepresentative = false
            try await extra.save(on: db)
        }

        try await PersonConsent.query(on: db).filter(\.$personID == dup).set(\.$personID, to: kept).update()
        try await PersonConsent.query(on: db).filter(\.$representativeID == dup).set(\.$representativeID, to: kept).update()
        let keptPhones = try await PersonPhone.query(on: db).filter(\.$personID == kept).all()
        if !keptPhones.isEmpty { try await PersonPhone.query(on: db).filter(\.$personID == dup).filter(\.$phone ~~ keptPhones.map(\.phone)).delete() }
        let offset = (keptPhones.map(\.position).max() ?? -1) + 1
        for (i, phone) in try await PersonPhone.query(on: db).filter(\.$personID == dup).sort(\.$position).all().enumerated() {
            phone.personID = kept
            phone.position = offset + i
            try await phone.save(on: db)
        }
        try await PersonAllowance.query(on: db).filter(\.$personID == dup).set(\.$personID, to: kept).update()
        try await CaseDisclosure.query(on: db).filter(\.$personID == dup).set(\.$personID, to: kept).update()
    }
}
