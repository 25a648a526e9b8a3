import AnSinhCore
import Fluent
import Vapor

/// A household member or relative of a person: "X is the mother of P". One of them may be the
/// person's legal representative.
final class PersonRelation: Model, @unchecked Sendable {
    static let schema = "person_relations"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "related_id") var relatedID: UUID
    @Field(key: "relation") var relation: RelationKind
    @Field(key: "legal_representative") var legalRepresentative: Bool
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A consent recorded for a person: for what, given when and by whom, withdrawn when.
final class PersonConsent: Model, @unchecked Sendable {
    static let schema = "person_consents"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "purpose") var purpose: ConsentPurpose
    /// `YYYY-MM-DD`.
    @Field(key: "given_on") var givenOn: String
    @Field(key: "by_person") var byPerson: Bool
    /// The legal representative who consented (a person record), if any.
    @OptionalField(key: "representative_id") var representativeID: UUID?
    @OptionalField(key: "withdrawn_on") var withdrawnOn: String?
    @OptionalField(key: "notes") var notes: String?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Timestamp(key: "recorded_at", on: .create) var recordedAt: Date?

    init() {}

    /// In force on a date: given on or before it and not withdrawn by then.
    func isInForce(on day: String) -> Bool {
        givenOn <= day && (withdrawnOn.map { $0 > day } ?? true)
    }
}

struct CreatePersonRelationsAndConsents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonRelation.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("related_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("relation", .string, .required).field("legal_representative", .bool, .required)
            .field("created_by", .uuid, .references(User.schema, "id")).field("created_at", .datetime)
            .unique(on: "person_id", "related_id")
            .create()
        try await database.schema(PersonConsent.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required).field("given_on", .string, .required)
            .field("by_person", .bool, .required).field("representative_id", .uuid, .references(Person.schema, "id"))
            .field("withdrawn_on", .string).field("notes", .string)
            .field("recorded_by", .uuid, .references(User.schema, "id")).field("recorded_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonConsent.schema).delete()
        try await database.schema(PersonRelation.schema).delete()
    }
}

/// `/api/v1/persons/{id}/relations` and `/consents`: thin handlers over `RelationsWriter`.
struct RelationsController {
    struct RelationInput: Content {
        var relatedPersonId: UUID?
        var relation: String?
        var legalRepresentative: Bool?
    }

    struct RelationOutput: Content {
        let id: UUID
        let relatedPersonId: UUID
        let relatedName: String
        let relation: String
        let legalRepresentative: Bool
    }

    struct ConsentInput: Content {
        var purpose: String?
        var givenOn: String?
        var byPerson: Bool?
        var representativeId: UUID?
        var withdrawnOn: String?
        var notes: String?
    }

    struct ConsentOutput: Content {
        let id: UUID
        let purpose: String
        let givenOn: String
        let byPerson: Bool
        let representativeId: UUID?
        let withdrawnOn: String?
        let inForce: Bool

        init(_ c: PersonConsent, today: String) {
            id = c.id!; purpose = c.purpose.rawValue; givenOn = c.givenOn; byPerson = c.byPerson
            representativeId = c.representativeID; withdrawnOn = c.withdrawnOn; inForce = c.isInForce(on: today)
        }
    }

    func addRelation(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        let (row, related) = try await RelationsWriter(req: req).addRelation(to: person, try req.content.decode(RelationInput.self))
        let response = Response(status: .created)
        try response.content.encode(RelationOutput(id: row.id!, relatedPersonId: related.id!, relatedName: related.fullName,
                                                   relation: row.relation.rawValue, legalRepresentative: row.legalRepresentative))
        return response
    }

    /// Takes a relation recorded by mistake off the record (204); the audit keeps that it was there.
    func removeRelation(_ req: Request) async throws -> HTTPStatus {
        let person = try await req.load(Person.self)
        try await RelationsWriter(req: req).remove(try await PersonRelationQueries.relation(of: person, req), from: person)
        return .noContent
    }

    func relations(_ req: Request) async throws -> [RelationOutput] {
        let person = try await req.load(Person.self)
        return try await PersonRelationQueries.relations(of: person, req)
    }

    func addConsent(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        let consent = try await RelationsWriter(req: req).addConsent(to: person, try req.content.decode(ConsentInput.self))
        let response = Response(status: .created)
        try response.content.encode(ConsentOutput(consent, today: LocalDate(req.application.clock.now()).iso))
        return response
    }

    /// Withdraws a consent (`{"withdrawnOn": "YYYY-MM-DD"}`); it stays on record.
    func withdrawConsent(_ req: Request) async throws -> ConsentOutput {
        let person = try await req.load(Person.self)
        let input = try req.content.decode(ConsentInput.self)
        let consent = try await RelationsWriter(req: req).withdraw(try await PersonRelationQueries.consent(of: person, req), on: input.withdrawnOn)
        return ConsentOutput(consent, today: LocalDate(req.application.clock.now()).iso)
    }

    func consents(_ req: Request) async throws -> [ConsentOutput] {
        let person = try await req.load(Person.self)
        return try await PersonRelationQueries.consents(of: person, req)
    }

}

/// Checks and stores relations and consents, for the API and the person page alike. Every
/// refusal is a `ValidationError` naming the field; every change is audited in its transaction.
struct RelationsWriter {
    let req: Request

    func addRelation(to person: Person, _ input: RelationsController.RelationInput) async throws -> (PersonRelation, Person) {
        try refuseMerged(person)
        let t = req.t
        var problems: [FieldProblem] = []
        let relation = input.relation.flatMap(RelationKind.init(rawValue:))
        if relation == nil { problems.append(.init(field: "relation", message: t.pick(vi: "Quan hệ không hợp lệ.", en: "Invalid relation."))) }
        var related: Person?
        if let id = input.relatedPersonId, id != person.id, let p = try await Person.find(id, on: req.db), p.mergedInto == nil,
           try await req.unitScope().contains(p.unitID) {
            related = p
        } else {
            problems.append(.init(field: "relatedPersonId", message: t.pick(vi: "Không có hồ sơ người thân này.", en: "No such related person.")))
        }
        if let id = input.relatedPersonId,
           try await PersonRelation.query(on: req.db).filter(\.$personID == person.id!).filter(\.$relatedID == id).first() != nil {
            problems.append(.init(field: "relatedPersonId", message: t.pick(vi: "Đã ghi quan hệ này.", en: "This relation is already recorded.")))
        }
        guard problems.isEmpty, let relation, let related else { throw ValidationError(problems, req) }
        let row = PersonRelation()
        row.personID = person.id!
        row.relatedID = related.id!
        row.relation = relation
        row.legalRepresentative = input.legalRepresentative ?? false
        row.createdBy = try req.user.id
        try await req.db.transaction { db in
            if row.legalRepresentative {
                // One legal representative at a time.
                try await PersonRelation.query(on: db).filter(\.$personID == person.id!).set(\.$legalRepresentative, to: false).update()
            }
            try await row.create(on: db)
            try await req.audit(.personUpdated, entity: .person, entityID: person.id?.uuidString,
                                summary: "relation \(relation.rawValue)\(row.legalRepresentative ? " (legal representative)" : "")", on: db)
        }
        return (row, related)
    }

    func remove(_ relation: PersonRelation, from person: Person) async throws {
        try refuseMerged(person)
        try await req.db.transaction { db in
            try await relation.delete(on: db)
            try await req.audit(.personUpdated, entity: .person, entityID: person.id?.uuidString,
                                summary: "relation \(relation.relation.rawValue) removed", on: db)
        }
    }

    /// Records a consent. For a child the legal representative must consent (and the child too
    /// from the age of 7); the representative must be recorded as such among the relations.
    func addConsent(to person: Person, _ input: RelationsController.ConsentInput) async throws -> PersonConsent {
        try refuseMerged(person)
        let t = req.t
        var problems: [FieldProblem] = []
        let purpose = input.purpose.flatMap(ConsentPurpose.init(rawValue:))
        if purpose == nil { problems.append(.init(field: "purpose", message: t.pick(vi: "Mục đích không hợp lệ.", en: "Invalid purpose."))) }
        let today = LocalDate(req.application.clock.now())
        let given = input.givenOn.flatMap(LocalDate.init(iso:))
        if given == nil || given! > today { problems.append(.init(field: "givenOn", message: req.isAPI ? t.pick(vi: "Ngày đồng ý dạng YYYY-MM-DD, không ở tương lai.", en: "givenOn is YYYY-MM-DD, not in the future.")
            : t.pick(vi: "Ngày đồng ý ghi ngày/tháng/năm, không ở tương lai.", en: "The date of consent is dd/mm/yyyy, not in the future."))) }
        var representativeOK = false
        if let rep = input.representativeId {
            representativeOK = try await PersonRelation.query(on: req.db).filter(\.$personID == person.id!).filter(\.$relatedID == rep)
                .filter(\.$legalRepresentative == true).first() != nil
            if !representativeOK {
                problems.append(.init(field: "representativeId", message: t.pick(vi: "Người này chưa được ghi là người đại diện theo pháp luật.", en: "This person is not recorded as the legal representative.")))
            }
        }
        if let given {
            let age = person.birthYear.map { given.year - $0 }
            for problem in ConsentRule.problems(age: age, byPerson: input.byPerson ?? false, byRepresentative: representativeOK) {
                switch problem {
                case .personMissing: problems.append(.init(field: "byPerson", message: t.pick(vi: "Cần sự đồng ý của chính người này (trẻ từ 7 tuổi cũng phải đồng ý).", en: "The person's own consent is needed (a child aged 7 or more too).")))
                case .representativeMissing where input.representativeId == nil:
                    problems.append(.init(field: "representativeId", message: t.pick(vi: "Trẻ em cần sự đồng ý của người đại diện theo pháp luật.", en: "A child needs the legal representative's consent.")))
                case .representativeMissing: break
                }
            }
        }
        guard problems.isEmpty, let purpose, let given else { throw ValidationError(problems, req) }
        let consent = PersonConsent()
        consent.personID = person.id!
        consent.purpose = purpose
        consent.givenOn = given.iso
        consent.byPerson = input.byPerson ?? false
        consent.representativeID = input.representativeId
        consent.notes = input.notes.flatMap { $0.isEmpty ? nil : $0 }
        consent.recordedBy = try req.user.id
        try await req.db.transaction { db in
            try await consent.create(on: db)
            try await req.audit(.personUpdated, entity: .person, entityID: person.id?.uuidString, summary: "consent \(purpose.rawValue) given", on: db)
        }
        return consent
    }

    /// Withdraws a consent on a day (`YYYY-MM-DD`, not before it was given, not in the future).
    /// It stays on record; a consent already withdrawn keeps its first date.
    func withdraw(_ consent: PersonConsent, on day: String?) async throws -> PersonConsent {
        let today = LocalDate(req.application.clock.now())
        if consent.withdrawnOn != nil {
            throw ValidationError([.init(field: "withdrawnOn", message: req.t.pick(vi: "Sự đồng ý này đã được rút lại.", en: "This consent was already withdrawn."))], req)
        }
        guard let on = day.flatMap(LocalDate.init(iso:)), on <= today, on.iso >= consent.givenOn else {
            throw ValidationError([.init(field: "withdrawnOn", message: req.isAPI ? req.t.pick(vi: "Ngày rút lại dạng YYYY-MM-DD, sau ngày đồng ý, không ở tương lai.", en: "withdrawnOn is YYYY-MM-DD, after the consent, not in the future.")
                : req.t.pick(vi: "Ngày rút lại ghi ngày/tháng/năm, sau ngày đồng ý, không ở tương lai.", en: "The date of withdrawal is dd/mm/yyyy, after the consent, not in the future."))], req)
        }
        consent.withdrawnOn = on.iso
        try await req.db.transaction { db in
            try await consent.save(on: db)
            try await req.audit(.personUpdated, entity: .person, entityID: consent.personID.uuidString, summary: "consent \(consent.purpose.rawValue) withdrawn", on: db)
        }
        return consent
    }

    /// A merged record is kept for the trail only: its relations and consents followed the kept one.
    private func refuseMerged(_ person: Person) throws {
        guard person.mergedInto == nil else {
            throw ValidationError([.init(field: "personId", message: req.t.pick(vi: "Hồ sơ này đã được gộp vào hồ sơ khác.", en: "This record was merged into another."))], req)
        }
    }
}

/// A person's relations and consents as the API and the person's pages read them.
enum PersonRelationQueries {
    /// The relation named by the `:item` parameter, if it belongs to the person; 404 otherwise.
    static func relation(of person: Person, _ req: Request) async throws -> PersonRelation {
        guard let id = req.parameters.get("item").flatMap(UUID.init(uuidString:)),
              let relation = try await PersonRelation.find(id, on: req.db), relation.personID == person.id else { throw Abort(.notFound) }
        return relation
    }

    static func relations(of person: Person, _ req: Request) async throws -> [RelationsController.RelationOutput] {
        let rows = try await PersonRelation.query(on: req.db).filter(\.$personID == person.id!).all()
        let names = Dictionary(uniqueKeysWithValues: try await Person.query(on: req.db).filter(\.$id ~~ rows.map(\.relatedID)).all().map { ($0.id!, $0.fullName) })
        return rows.map { RelationsController.RelationOutput(id: $0.id!, relatedPersonId: $0.relatedID, relatedName: names[$0.relatedID] ?? "",
                                         relation: $0.relation.rawValue, legalRepresentative: $0.legalRepresentative) }
    }

    /// The consent named by the `:consent` parameter, if it belongs to the person; 404 otherwise.
    static func consent(of person: Person, _ req: Request) async throws -> PersonConsent {
        guard let id = req.parameters.get("consent").flatMap(UUID.init(uuidString:)),
              let consent = try await PersonConsent.find(id, on: req.db), consent.personID == person.id else { throw Abort(.notFound) }
        return consent
    }

    static func consents(of person: Person, _ req: Request) async throws -> [RelationsController.ConsentOutput] {
        let today = LocalDate(req.application.clock.now()).iso
        return try await PersonConsent.query(on: req.db).filter(\.$personID == person.id!).sort(\.$givenOn).all().map { RelationsController.ConsentOutput($0, today: today) }
    }
}
