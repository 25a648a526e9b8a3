import AnSinhCore
import Fluent
import Vapor

/// Notes, assessments and plans of a case (`/api/v1/cases/{id}/notes|assessments|plans`).
struct CaseWorkController {
    func addNote(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let note = try await CaseWork.note(try req.content.decode(CaseWork.NoteInput.self), for: c, req)
        let response = Response(status: .created)
        try response.content.encode(CaseWork.NoteOutput(note))
        return response
    }

    func notes(_ req: Request) async throws -> [CaseWork.NoteOutput] {
        let c = try await CaseAccess.load(req)
        return try await CaseNote.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$onDate, .descending).all().map(CaseWork.NoteOutput.init)
    }

    /// Records an assessment. A risk assessment sets the case's risk level (its history is the
    /// list of risk assessments).
    func addAssessment(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        // Decoding failures of the nested codes are field errors, not 500s.
        let input: CaseWork.AssessmentInput
        do { input = try req.content.decode(CaseWork.AssessmentInput.self) } catch {
            throw ValidationError([FieldProblem(field: "details", message: req.t.pick(vi: "Nội dung đánh giá không hợp lệ.", en: "The assessment's content is not valid."))], req)
        }
        let a = try await CaseWork.record(input, for: c, req)
        let response = Response(status: .created)
        try response.content.encode(CaseWork.AssessmentOutput(a))
        return response
    }

    func assessments(_ req: Request) async throws -> [CaseWork.AssessmentOutput] {
        let c = try await CaseAccess.load(req)
        return try await CaseAssessment.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$at).all().map(CaseWork.AssessmentOutput.init)
    }

    /// Submits a plan (or a revision: a new version; the earlier ones stay) for approval.
    func submitPlan(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let t = req.t
        let input: CaseWork.PlanInput
        do { input = try req.content.decode(CaseWork.PlanInput.self) } catch {
            throw ValidationError([.init(field: "goals", message: t.pick(vi: "Mục tiêu và hoạt động không hợp lệ.", en: "The goals are not valid."))], req)
        }
        let plan = try await CaseWork.submit(input, for: c, req)
        let response = Response(status: .created)
        try response.content.encode(CaseWork.PlanOutput(plan))
        return response
    }

    func plans(_ req: Request) async throws -> [CaseWork.PlanOutput] {
        let c = try await CaseAccess.load(req)
        return try await CasePlan.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$versionNo).all().map(CaseWork.PlanOutput.init)
    }

    /// A supervisor's or the director's decision: approve (the case moves to "plan approved",
    /// earlier approved versions are superseded) or return with a comment. Never one's own plan.
    func decide(_ req: Request) async throws -> CaseWork.PlanOutput {
        let c = try await CaseAccess.load(req)
        guard let planID = req.parameters.get("plan").flatMap(UUID.init(uuidString:)),
              let plan = try await CasePlan.find(planID, on: req.db), plan.caseID == c.id else { throw Abort(.notFound) }
        return CaseWork.PlanOutput(try await CaseWork.decide(plan, try req.content.decode(CaseWork.DecisionInput.self), for: c, req))
    }
}
