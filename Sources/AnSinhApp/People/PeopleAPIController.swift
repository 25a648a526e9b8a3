import AnSinhCore
import Fluent
import Vapor

/// `/api/v1/persons`: register, search, read and change persons in the caller's units.
struct PeopleAPIController {
    struct SearchPage: Content {
        let items: [PersonOutput]
        /// More persons match than were ranked: add a birth year or more of the name.
        let tooMany: Bool
    }

    struct DuplicateAnswer: Content {
        let error: Bool
        let reason: String
        let duplicates: [PersonDuplicates.Candidate]
    }

    func create(_ req: Request) async throws -> Response {
        let input = try req.content.decode(PersonInput.self)
        do {
            let person = try await PersonWriter(req: req).create(input)
            let response = Response(status: .created)
            try response.content.encode(PersonOutput(person, phones: (input.phones ?? []).compactMap(PhoneNumber.normalize), masked: false))
            return response
        } catch let found as PersonWriter.DuplicatesFound {
            let response = Response(status: .conflict)
            try response.content.encode(DuplicateAnswer(error: true, reason: found.reason, duplicates: found.candidates))
            return response
        }
    }

    /// `?q=` a name fragment, birth year, phone or ID number; `&birthYear=`, `&communeCode=`, `&limit=`.
    func search(_ req: Request) async throws -> SearchPage {
        let q = PersonSearch.Query(text: req.query[String.self, at: "q"] ?? "", birthYear: try req.boundedInt("birthYear", in: 1900...2100),
                                   communeCode: req.query[String.self, at: "communeCode"],
                                   limit: try req.boundedInt("limit", default: 20, in: 1...100))
        let result = try await PersonSearch(db: req.db, scope: try await req.unitScope()).run(q)
        return SearchPage(items: result.persons.map { PersonOutput($0, phones: result.phones[$0.id!] ?? [], masked: true) },
                          tooMany: result.tooMany)
    }

    func get(_ req: Request) async throws -> PersonOutput {
        let person = try await req.load(Person.self)
        try await req.audit(.personViewed, entity: .person, entityID: person.id?.uuidString, summary: "api")
        var out = PersonOutput(person, phones: try await PersonQueries.phones(person, req), masked: false)
        out.allowances = try await PersonQueries.allowances(person, req.db)
        return out
    }

    func update(_ req: Request) async throws -> PersonOutput {
        let person = try await req.load(Person.self)
        try await PersonWriter(req: req).update(person, with: try req.content.decode(PersonInput.self))
        var out = PersonOutput(person, phones: try await PersonQueries.phones(person, req), masked: false)
        out.allowances = try await PersonQueries.allowances(person, req.db)
        return out
    }
}
