import Vapor

// What every form and endpoint answers when input is refused: the fields, each with its
// message in the user's language. Pages show them beside the fields (`FormFields`); the API
// answers them as a 422 JSON body (`AppErrorMiddleware`).

/// A 422 that lists every rejected field; the error middleware answers it as JSON under /api.
struct ValidationError: AbortError {
    let problems: [FieldProblem]
    let reason: String
    var status: HTTPResponseStatus { .unprocessableEntity }

    init(_ problems: [FieldProblem], _ req: Request) {
        self.problems = problems
        self.reason = problems.map { "\($0.field): \($0.message)" }.joined(separator: " ")
    }
}

/// A rejected field: its name as the API spells it and a message in the user's language.
struct FieldProblem: Content, Equatable {
    let field: String
    let message: String
}

/// The body of a 422 answer.
struct ValidationFailure: Content {
    let error: Bool
    let reason: String
    let fields: [FieldProblem]
}
