import AnSinhCore
import Fluent
import SQLKit
import Vapor

/// A record that a case's personal data went to a partner (a hospital, the police, a school,
/// legal aid): who received what, when, and on which basis. The basis is the person's consent
/// to sharing in force that day, or a legal ground stated in words (`SharingRule`). Law 91/2025
/// asks for proof of the basis of every disclosure; these rows are that proof.
final class CaseDisclosure: Model, @unchecked Sendable {
    static let schema = "case_disclosures"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    /// The person whose data was shared: the case's primary person at the time.
    @Field(key: "person_id") var personID: UUID
    @Field(key: "partner") var partner: String
    /// `YYYY-MM-DD`.
    @Field(key: "shared_on") var sharedOn: String
    /// What was shared, e.g. "case summary and medical examination report".
    @Field(key: "what") var what: String
    /// The consent relied on; nil when a legal ground was.
    @OptionalField(key: "consent_id") var consentID: UUID?
    @OptionalField(key: "legal_ground") var legalGround: LegalGround?
    @OptionalField(key: "ground_statement") var groundStatement: String?
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Timestamp(key: "recorded_at", on: .create) var recordedAt: Date?

    init() {}
}

struct CreateCaseDisclosures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseDisclosure.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseFile.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("partner", .string, .required).field("shared_on", .string, .required).field("what", .string, .required)
            .field("consent_id", .uuid, .references(PersonConsent.schema, "id"))
            .field("legal_ground", .string).field("ground_statement", .string)
            .field("recorded_by", .uuid, .references(User.schema, "id")).field("recorded_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX case_disclosures_case ON case_disclosures (case_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseDisclosure.schema).delete()
    }
}

/// `/api/v1/cases/{id}/disclosures` and the case page's form.
struct CaseDisclosureController {
    struct Input: Content {
        var partner: String?
        var sharedOn: String?
        var what: String?
        /// Absent: the person's consent to sharing in force on `sharedOn` is the basis.
        var legalGround: String?
        var groundStatement: String?
    }

    struct Output: Content {
        let id: UUID
        let partner: String
        let sharedOn: String
        let what: String
        /// `consent` or the legal ground's code.
        let basis: String
        let consentId: UUID?
        let groundStatement: String?
        let recordedBy: UUID?

        init(_ d: CaseDisclosure) {
            id = d.id!; partner = d.partner; sharedOn = d.sharedOn; what = d.what
            basis = d.legalGround?.rawValue ?? "consent"; consentId = d.consentID; groundStatement = d.groundStatement
            recordedBy = d.recordedBy
        }
    }

    func create(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let disclosure = try await CaseDisclosureRecords.record(try req.content.decode(Input.self), for: c, req)
        let response = Response(status: .created)
        try response.content.encode(Output(disclosure))
        return response
    }

    func list(_ req: Request) async throws -> [Output] {
        let c = try await CaseAccess.load(req)
        return try await CaseDisclosureRecords.all(of: c, req.db).map(Output.init)
    }

    /// The case page's form.
    func createFromPage(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let input = Input(partner: req.formValue("partner"), sharedOn: req.formValue("sharedOn"), what: req.formValue("what"),
                          legalGround: req.formValue("legalGround"), groundStatement: req.formValue("groundStatement"))
        return try await CasesController().afterFormStep(req, c, section: "disclosures") { _ = try await CaseDisclosureRecords.record(input, for: c, req) }
    }

}

/// A case's disclosures: read, and recorded under the sharing rule (the API and the case page).
enum CaseDisclosureRecords {
    static func all(of c: CaseFile, _ db: any Database) async throws -> [CaseDisclosure] {
        try await CaseDisclosure.query(on: db).filter(\.$caseID == c.id!).sort(\.$sharedOn, .descending).all()
    }

    /// The consent to sharing of `person` in force on `day`, if there is one.
    static func sharingConsent(of person: UUID, on day: String, _ db: any Database) async throws -> PersonConsent? {
        try await PersonConsent.query(on: db).filter(\.$personID == person).filter(\.$purpose == .sharingWithPartners).all()
            .first { $0.isInForce(on: day) }
    }

    /// Checks the basis (`SharingRule`) and records the disclosure, audited in the same transaction.
    static func record(_ input: CaseDisclosureController.Input, for c: CaseFile, _ req: Request) async throws -> CaseDisclosure {
        let t = req.t
        var problems: [FieldProblem] = []
        let partner = VietnameseText.nfc(input.partner ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if partner.isEmpty || partner.count > 200 {
            problems.append(.init(field: "partner", message: t.pick(vi: "Ghi tên đối tác nhận thông tin (tối đa 200 ký tự).", en: "Name the partner who received the data (200 characters at most).")))
        }
        let what = VietnameseText.nfc(input.what ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if what.isEmpty || what.count > 2000 {
            problems.append(.init(field: "what", message: t.pick(vi: "Ghi thông tin nào đã chia sẻ.", en: "Say which data was shared.")))
        }
        let today = LocalDate(req.application.clock.now())
        let day = input.sharedOn.flatMap(LocalDate.init(iso:))
        if day == nil || day! > today {
            problems.append(.init(field: "sharedOn", message: req.isAPI ? t.pick(vi: "Ngày chia sẻ dạng YYYY-MM-DD, không ở tương lai.", en: "sharedOn is YYYY-MM-DD, not in the future.")
                : t.pick(vi: "Ngày chia sẻ ghi ngày/tháng/năm, không ở tương lai.", en: "The date shared is dd/mm/yyyy, not in the future.")))
        }
        let groundTyped = !(input.legalGround ?? "").isEmpty
        let ground = input.legalGround.flatMap(LegalGround.init(rawValue:))
        if groundTyped, ground == nil {
            problems.append(.init(field: "legalGround", message: t.pick(vi: "Căn cứ pháp lý không hợp lệ: \(input.legalGround ?? "").", en: "Unknown legal ground: \(input.legalGround ?? "").")))
        }
        let statement = VietnameseText.nfc(input.groundStatement ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if statement.count > 2000 {
            problems.append(.init(field: "groundStatement", message: t.pick(vi: "Căn cứ tối đa 2000 ký tự.", en: "The ground is 2000 characters at most.")))
        }
        if !groundTyped, !statement.isEmpty {
            // A ground stated but not chosen would be dropped without a word: ask which it is.
            problems.append(.init(field: "legalGround", message: t.pick(
                vi: "Chọn loại căn cứ pháp lý cho nội dung đã nêu, hoặc xóa nội dung nếu dựa vào sự đồng ý.",
                en: "Choose the kind of legal ground for the statement, or clear it if the consent is the basis.")))
        }
        let consent = try await day.asyncFlatMap { try await sharingConsent(of: c.personID, on: $0.iso, req.db) }
        // An unknown ground, or a statement without its kind, is reported above; the basis is judged
        // once the ground is known.
        if let day, groundTyped ? ground != nil : statement.isEmpty {
            for problem in SharingRule.problems(consentInForce: consent != nil, ground: ground, statement: statement) {
                switch problem {
                case .noBasis:
                    problems.append(.init(field: "legalGround", message: t.pick(
                        vi: "Ngày \(day) người này chưa đồng ý chia sẻ thông tin với đối tác: cần ghi nhận sự đồng ý trước, hoặc nêu căn cứ pháp lý.",
                        en: "On \(day.iso) this person had not consented to sharing with partners: record the consent first, or state a legal ground.")))
                case .groundNotStated:
                    problems.append(.init(field: "groundStatement", message: t.pick(
                        vi: "Nêu rõ căn cứ: văn bản yêu cầu nào, tình huống khẩn cấp nào, điều luật nào.",
                        en: "State the ground: which request, which emergency, which law.")))
                }
            }
        }
        guard problems.isEmpty, let day else { throw ValidationError(problems, req) }
        let disclosure = CaseDisclosure()
        disclosure.caseID = c.id!
        disclosure.personID = c.personID
        disclosure.partner = partner
        disclosure.sharedOn = day.iso
        disclosure.what = what
        disclosure.legalGround = ground
        disclosure.groundStatement = ground == nil ? nil : statement
        disclosure.consentID = ground == nil ? consent?.id : nil
        disclosure.recordedBy = try req.user.id
        try await req.db.transaction { db in
            try await disclosure.create(on: db)
            // The partner may be a private person (a foster mother): the name stays in the row, out of the log.
            try await req.audit(.caseDataShared, entity: .caseFile, entityID: c.id?.uuidString,
                                summary: "data shared with a partner on \(day.iso), basis \(ground?.rawValue ?? "consent")", on: db)
        }
        return disclosure
    }
}
