import AnSinhCore
import Vapor

/// The person page's own forms: add a relative (chosen in the people search), record a consent,
/// withdraw one. They share `RelationsWriter` with the API; a refused form comes back on the
/// person page with its messages beside the fields and what was typed.
struct PersonRelationsPages {
    func addRelation(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        let input = RelationsController.RelationInput(
            relatedPersonId: req.formValue("relatedPersonId").flatMap(UUID.init(uuidString:)),
            relation: req.formValue("relation"), legalRepresentative: req.formValue("legalRepresentative") == "1")
        do {
            _ = try await RelationsWriter(req: req).addRelation(to: person, input)
        } catch let error as ValidationError {
            return try await PeopleController().page(req, person, forms: .init(relationErrors: error.problems.map(\.message)),
                                                     status: .unprocessableEntity)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .person(person.id!))
    }

    func removeRelation(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        let relation = try await PersonRelationQueries.relation(of: person, req)
        do {
            try await RelationsWriter(req: req).remove(relation, from: person)
        } catch let error as ValidationError {
            return try await PeopleController().page(req, person, forms: .init(relationErrors: error.problems.map(\.message)),
                                                     status: .unprocessableEntity)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .person(person.id!))
    }

    func addConsent(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        let form = PersonPage.ConsentForm(from: req)
        do {
            _ = try await RelationsWriter(req: req).addConsent(to: person, form.input)
        } catch let error as ValidationError {
            var forms = PersonPage.Forms(consent: form)
            for p in error.problems { forms.consentErrors[p.field] = p.message }
            return try await PeopleController().page(req, person, forms: forms, status: .unprocessableEntity)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .person(person.id!))
    }

    func withdraw(_ req: Request) async throws -> Response {
        let person = try await req.load(Person.self)
        let consent = try await PersonRelationQueries.consent(of: person, req)
        let day = req.formValue("withdrawnOn")
        do {
            _ = try await RelationsWriter(req: req).withdraw(consent, on: day)
        } catch let error as ValidationError {
            let forms = PersonPage.Forms(withdrawal: (consent.id!, day ?? "", error.problems.map(\.message).joined(separator: " ")))
            return try await PeopleController().page(req, person, forms: forms, status: .unprocessableEntity)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .person(person.id!))
    }
}
