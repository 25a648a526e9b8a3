import AnSinhCore
import Vapor

/// The plan as a form: goals, each with rows of action, who does it and by when. Field names
/// are flat (`goal-0`, `what-0-1`, `who-0-1`, `due-0-1`) so the form works without a script;
/// app.js only adds and removes rows. Blank rows are ignored; a half-filled row is refused
/// beside its field, the form coming back as typed.
struct PlanForm {
    /// Bounds of what a form may carry (the body limit bounds it too).
    static let maxGoals = 20
    static let maxActions = 30

    struct Row: Equatable {
        var what = "", who = "", due = ""
        var isBlank: Bool { what.isEmpty && who.isEmpty && due.isEmpty }
    }

    struct Goal: Equatable {
        var text = ""
        var rows: [Row] = []
        var isBlank: Bool { text.isEmpty && rows.allSatisfy(\.isBlank) }
    }

    var goals: [Goal]

    /// The form as posted, decoded once (up to 1,820 fields are read), dates as typed.
    init(from req: Request) {
        let body = (try? req.content.decode([String: String].self)) ?? [:]
        func value(_ name: String) -> String {
            (body[name] ?? "").precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var goals: [Goal] = []
        for i in 0..<Self.maxGoals {
            var goal = Goal(text: value("goal-\(i)"))
            for j in 0..<Self.maxActions {
                goal.rows.append(Row(what: value("what-\(i)-\(j)"), who: value("who-\(i)-\(j)"), due: value("due-\(i)-\(j)")))
            }
            while goal.rows.last?.isBlank == true { goal.rows.removeLast() }
            goals.append(goal)
        }
        while goals.last?.isBlank == true { goals.removeLast() }
        self.goals = goals
    }

    /// A form filled with a plan version (a revision starts from the current one).
    init(_ plan: [PlanGoal]) {
        goals = plan.map { g in
            Goal(text: g.goal, rows: g.actions.map { a in Row(what: a.what, who: a.who, due: a.due.flatMap(LocalDate.init(iso:))?.description ?? a.due ?? "") })
        }
    }

    /// The plan; a `ValidationError` naming the fields otherwise.
    func plan(_ req: Request) throws -> [PlanGoal] {
        let t = req.t
        var problems: [FieldProblem] = []
        var plan: [PlanGoal] = []
        for (i, goal) in goals.enumerated() where !goal.isBlank {
            if goal.text.isEmpty {
                problems.append(.init(field: "goal-\(i)", message: t.pick(vi: "Ghi mục tiêu của các hoạt động này.", en: "Write the goal of these actions.")))
            }
            var actions: [PlanGoal.Action] = []
            for (j, row) in goal.rows.enumerated() where !row.isBlank {
                if row.what.isEmpty { problems.append(.init(field: "what-\(i)-\(j)", message: t.pick(vi: "Ghi việc cần làm.", en: "Say what is to be done."))) }
                if row.who.isEmpty { problems.append(.init(field: "who-\(i)-\(j)", message: t.pick(vi: "Ghi người thực hiện.", en: "Say who does it."))) }
                var due: LocalDate?
                if row.due.isEmpty {
                    problems.append(.init(field: "due-\(i)-\(j)", message: t.pick(vi: "Ghi hạn (ngày/tháng/năm).", en: "Give a due date (dd/mm/yyyy).")))
                } else {
                    due = VNFormat.parseDate(row.due)
                    if due == nil || !(2000...2100).contains(due!.year) {
                        problems.append(.init(field: "due-\(i)-\(j)", message: t.pick(vi: "Hạn không hợp lệ: ghi ngày/tháng/năm, ví dụ 15/12/2026.",
                                                                                        en: "Not a valid date: dd/mm/yyyy, e.g. 15/12/2026.")))
                    }
                }
                actions.append(.init(what: row.what, who: row.who, due: due?.iso, status: nil))
            }
            if actions.isEmpty, !goal.text.isEmpty {
                problems.append(.init(field: "what-\(i)-0", message: t.pick(vi: "Mỗi mục tiêu cần ít nhất một hoạt động.", en: "Each goal needs at least one action.")))
            }
            plan.append(PlanGoal(goal: goal.text, actions: actions))
        }
        if plan.isEmpty { problems.append(.init(field: "goals", message: t.pick(vi: "Kế hoạch cần ít nhất một mục tiêu.", en: "A plan needs at least one goal."))) }
        guard problems.isEmpty else { throw ValidationError(problems, req) }
        return plan
    }

    /// The rows shown: the goals with one blank row each, and one blank goal, so that a
    /// browser without the script can still add an action and a goal.
    var shown: [Goal] {
        var shown = goals.map { g in Goal(text: g.text, rows: g.rows.count < Self.maxActions ? g.rows + [Row()] : g.rows) }
        if shown.count < Self.maxGoals { shown.append(Goal(text: "", rows: [Row(), Row()])) }
        return shown
    }
}
