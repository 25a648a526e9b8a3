import Fluent
import Vapor

/// A person's phones and allowances, read by the API, the pages and the merge.
enum PersonQueries {
    static func allowances(_ p: Person, _ db: any Database) async throws -> [AllowanceIO] {
        try await PersonAllowance.query(on: db).filter(\.$personID == p.id!).all()
            .map { AllowanceIO(group: $0.group.rawValue, monthlyAmount: $0.monthlyAmount, since: $0.since) }
    }

    static func phones(_ p: Person, _ req: Request) async throws -> [String] {
        try await PersonPhone.query(on: req.db).filter(\.$personID == p.id!).sort(\.$position).all().map(\.phone)
    }
}
