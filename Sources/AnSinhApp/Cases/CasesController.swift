import AnSinhCore
import Fluent
import Vapor

/// The case pages: lists, open a case for a person, a case with its moves.
struct CasesController {

    /// The user's open cases by default; `?all=1` every visible case, filtered by unit, worker,
    /// state, type, client group, risk, overdue and dates of receipt (`CaseQueries.list`).
    func list(_ req: Request) async throws -> Response {
        let t = req.t
        let user = try req.user
        let mine = req.query[String.self, at: "all"] != "1"
        let paging = try req.paging(defaultLimit: 100)
        let (files, next) = try await CaseQueries.list.page(req, paging) { query in
            mine ? query.filter(\.$assignedTo == user.id!).filter(\.$state != .closed) : query
        }
        let names = files.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Person.query(on: req.db)
            .filter(\.$id ~~ files.map(\.personID).uniqued()).all().map { ($0.id!, $0.fullName) })
        let tree = try await UnitTree.load(on: req.db)
        let unitNames = Dictionary(uniqueKeysWithValues: tree.units.map { ($0.id!, $0.name) })
        let assignees = files.compactMap(\.assignedTo).uniqued()
        let workerNames = assignees.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await User.query(on: req.db)
            .filter(\.$id ~~ assignees).all().map { ($0.id!, $0.fullName) })
        let rows = files.map { c in
            CaseListPage.Row(c: c, personName: names[c.personID] ?? "", unitName: unitNames[c.unitID] ?? "",
                             workerName: c.assignedTo.map { workerNames[$0] ?? "" } ?? t.pick(vi: "Chưa phân công", en: "Not assigned"))
        }
        var filter = CaseListPage.Filter(all: !mine)
        if !mine {
            // The filter form's choices, only where the form is shown.
            let scope = try await req.unitScope()
            for name in CaseListPage.Filter.names { filter.values[name] = req.query[String.self, at: name] ?? "" }
            filter.units = tree.options(in: scope, activeOnly: false)
            filter.workers = try await User.query(on: req.db).filter(\.$active == true).sort(\.$fullName).all()
                .filter { scope.contains($0.unitID) && Policy.manageCases.allows($0.role) }.map { ($0.id!.uuidString, $0.fullName) }
            filter.groups = try await Self.groupOptions(req)
        }
        let title = mine ? t.pick(vi: "Hồ sơ của tôi", en: "My cases") : t.pick(vi: "Hồ sơ trường hợp", en: "Case files")
        let now = req.application.clock.now()
        let work = mine ? try await myWork(req, now: now) : .empty
        let nextLink = next.map { req.nextPageLink(SiteURL.cases.path, offset: $0) }
        return await Layout.page(req, title: title, content: .group(
            CaseListPage.view(title: title, rows: rows, now: now, filter: filter, next: nextLink, t), work))
    }

    /// Below "my cases": follow-ups due within two weeks (and those overdue), plans waiting for the user's
    /// approval, and (for supervisors and the director) the overdue cases of their units.
    private func myWork(_ req: Request, now: Date) async throws -> BodyNode {
        let t = req.t
        let user = try req.user
        let soon = LocalDate(now).adding(days: CaseWorkQueries.followUpDays).iso
        let followUps = try await CaseWorkQueries.followUpsDue(req, until: soon).sort(\.$followUpOn).limit(100).all()
        let byID = Dictionary(uniqueKeysWithValues: followUps.isEmpty ? []
            : try await CaseFile.query(on: req.db).filter(\.$id ~~ followUps.map(\.caseID).uniqued()).all().map { ($0.id!, $0) })
        var sections: [BodyNode] = [
            .el("h2", [.id("follow-ups")], [.txt(t.pick(vi: "Việc cần theo dõi đến \(LocalDate(now).adding(days: CaseWorkQueries.followUpDays))",
                                                         en: "Follow-ups due by \(LocalDate(now).adding(days: CaseWorkQueries.followUpDays))"))]),
            DataTable.view(headers: [t.pick(vi: "Ngày hẹn", en: "Due"), t.pick(vi: "Số hồ sơ", en: "Case"), t.pick(vi: "Bước tiếp theo", en: "Next step"), t(.actions)],
                           rows: followUps.compactMap { n in
                               guard let c = byID[n.caseID], let on = n.followUpOn else { return nil }
                               return .el("tr", [.cls(on < LocalDate(now).iso ? "overdue" : "")], [
                                   .el("td", [], [.txt(LocalDate(iso: on)?.description ?? on)]),
                                   .el("td", [], [.link(.caseShow(c.id!), c.number)]),
                                   .el("td", [], [.txt(n.nextStep ?? n.narrative)]),
                                   .el("td", [], [.el("form", [.action(.caseNoteDone(c.id!, n.id!)), .postMethod, .cls("inline")], [
                                       Layout.csrfField(req),
                                       .void("input", [.type("hidden"), .name("version"), .value(String(n.version))]),
                                       .el("button", [.type("submit")], [.txt(t.pick(vi: "Đã làm", en: "Done"))]),
                                   ])]),
                               ])
                           }, empty: t(.noRecords)),
        ]
        if Policy.approveCases.allows(user.role) {
            let waiting = try await CaseWorkQueries.plansWaiting(req).sort(\.$submittedAt).limit(100).all()
            let cases = Dictionary(uniqueKeysWithValues: waiting.isEmpty ? []
                : try await CaseFile.query(on: req.db).filter(\.$id ~~ waiting.map(\.caseID).uniqued()).all().map { ($0.id!, $0) })
            // Who the plan is for, who wrote it and how grave the case is: what a supervisor
            // chooses the next plan to read by.
            let children = cases.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Person.query(on: req.db)
                .filter(\.$id ~~ cases.values.map(\.personID).uniqued()).all().map { ($0.id!, $0.fullName) })
            let authors = waiting.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await User.query(on: req.db)
                .filter(\.$id ~~ waiting.compactMap(\.author).uniqued()).all().map { ($0.id!, $0.fullName) })
            sections += [
                .el("h2", [.id("plans-waiting")], [.txt(t.pick(vi: "Kế hoạch chờ duyệt", en: "Plans waiting for approval"))]),
                DataTable.view(headers: [t.pick(vi: "Số hồ sơ", en: "Case"), t.pick(vi: "Đối tượng", en: "Person"), t.pick(vi: "Mức nguy cơ", en: "Risk"),
                                         t.pick(vi: "Người lập", en: "Written by"), t.pick(vi: "Phiên bản", en: "Version"), t.pick(vi: "Trình lúc", en: "Submitted")],
                               rows: waiting.compactMap { p in
                                   cases[p.caseID].map { c in
                                       .el("tr", [], [.el("td", [], [.link(.caseShow(c.id!), c.number)]),
                                                      .el("td", [], [.txt(children[c.personID] ?? "")]),
                                                      .el("td", [], [.txt(c.riskLevel.map(t.riskLevel) ?? "")]),
                                                      .el("td", [], [.txt(p.author.flatMap { authors[$0] } ?? "")]),
                                                      .el("td", [], [.txt(String(p.versionNo))]),
                                                      .el("td", [], [.txt(VNFormat.dateTime(p.submittedAt))])])
                                   }
                               }, empty: t(.noRecords)),
            ]
            let overdue = try await CaseQueries.due(try await CaseAccess.visible(req), before: now)
                .sort(\.$receivedAt, .descending).sort(\.$number, .descending).limit(100).all()
            sections += [
                .el("h2", [.id("overdue")], [.txt(t.pick(vi: "Hồ sơ quá hạn trong đơn vị", en: "Overdue cases of my units"))]),
                DataTable.view(headers: [t.pick(vi: "Số hồ sơ", en: "Case"), t(.status), t.pick(vi: "Hạn bước hiện tại", en: "Current step due")],
                               rows: overdue.map { c in
                                   .el("tr", [.cls("overdue")], [.el("td", [], [.link(.caseShow(c.id!), c.number)]),
                                                                 .el("td", [], [.txt(t.caseState(c.state))]),
                                                                 .el("td", [], [.txt(c.currentDueAt.map { CasePage.timeLeft($0, now: now, t) } ?? "")])])
                               }, empty: t(.noRecords)),
            ]
        }
        return .group(sections)
    }

    /// The "done" button of a follow-up.
    func followUpDone(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        guard let noteID = req.parameters.get("note").flatMap(UUID.init(uuidString:)),
              let note = try await CaseNote.find(noteID, on: req.db), note.caseID == c.id else { throw Abort(.notFound) }
        // The button carries the version it was shown with: a note changed since is not
        // overwritten (a form without it, from before the version existed, is the current one).
        let expected = req.formValue("version").flatMap(Int.init) ?? note.version
        note.followUpDone = true
        let saved = try await req.saveIfCurrent(note, expected: expected, audit: .followUpDone, .caseFile, about: c.id) { note.followUpOn ?? "" }
        req.flash(saved ? .success : .error, saved ? .saved : .conflictTitle)
        return req.redirect(to: .cases)
    }

    /// `?person=` (required) and `?call=` when the case comes from a hotline call.
    func newForm(_ req: Request) async throws -> Response {
        guard let id = req.query[String.self, at: "person"].flatMap(UUID.init(uuidString:)),
              let person = try await Person.find(id, on: req.db), try await req.unitScope().contains(person.unitID) else { throw Abort(.notFound) }
        var model = CaseFormPage.Model(person: person, receivedAt: CallForm.localInputValue(req.application.clock.now()),
                                       groupOptions: try await Self.groupOptions(req))
        if let callID = req.query[String.self, at: "call"].flatMap(UUID.init(uuidString:)),
           let call = try await Call.find(callID, on: req.db), try await req.unitScope().contains(call.unitID) {
            model.sourceCallId = callID.uuidString
            model.source = CaseSource.hotline.rawValue
            model.receivedAt = CallForm.localInputValue(call.startedAt)
        }
        return await formPage(req, model)
    }

    func create(_ req: Request) async throws -> Response {
        guard let personID = req.formValue("personId").flatMap(UUID.init(uuidString:)),
              let person = try await Person.find(personID, on: req.db), try await req.unitScope().contains(person.unitID) else { throw Abort(.notFound) }
        var model = try await Self.typedModel(req, person: person)
        let input = Self.input(model, personID: personID)
        do {
            let c = try await CaseWriter(req: req).create(input)
            req.flash(.success, .created)
            return req.redirect(to: .caseShow(c.id!))
        } catch let error as ValidationError {
            for p in error.problems { model.errors[p.field] = p.message }
            return await formPage(req, model, status: .unprocessableEntity)
        }
    }

    func editForm(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        guard let person = try await Person.find(c.personID, on: req.db) else { throw Abort(.notFound) }
        return await formPage(req, try await Self.storedModel(c, person: person, req))
    }

    func update(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        guard let person = try await Person.find(c.personID, on: req.db) else { throw Abort(.notFound) }
        var model = try await Self.typedModel(req, person: person)
        model.groupOptions = try await Self.groupOptions(req, keeping: try await CaseQueries.groups(of: [c.id!], req)[c.id!] ?? [])
        let typedVersion = req.formValue("version").flatMap(Int.init) ?? 0
        model.editing = (c.id!, c.number, typedVersion)
        var input = Self.input(model, personID: c.personID)
        input.version = typedVersion
        // Empty fields clear the stored values (absent ones would keep them).
        input.protectionLevel = model.protectionLevel
        input.summary = model.summary
        do {
            try await CaseWriter(req: req).update(c, input)
        } catch let error as ValidationError {
            for p in error.problems { model.errors[p.field] = p.message }
            return await formPage(req, model, status: .unprocessableEntity)
        } catch let error as any AbortError where error.status == .conflict {
            // Someone saved first: their version beside this user's; the form keeps what was
            // typed and carries the stored version, so saving again is deliberate.
            let fresh = try await CaseAccess.load(req)
            let stored = try await Self.storedModel(fresh, person: person, req)
            model.editing = (fresh.id!, fresh.number, fresh.version)
            model.conflict = ConflictNotice.view(rows: CaseFormPage.conflictRows(stored: stored, typed: model, req.t), req.t)
            return await formPage(req, model, status: .conflict)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .caseShow(c.id!))
    }

    /// The groups a case may be given, plus those it already carries (a retired center group stays).
    static func groupOptions(_ req: Request, keeping stored: [String] = []) async throws -> [(code: String, label: String)] {
        try await ClientGroupCatalog.entries(on: req.db).filter { $0.active || stored.contains($0.code) }
            .map { ($0.code, req.t.language == .en ? $0.en : $0.vi) }
    }

    private static func typedModel(_ req: Request, person: Person) async throws -> CaseFormPage.Model {
        CaseFormPage.Model(person: person, type: req.formValue("type") ?? "", source: req.formValue("source") ?? "",
                           receivedAt: req.formValue("receivedAt") ?? "", groups: (try? req.content.get([String].self, at: "clientGroups")) ?? [],
                           protectionLevel: req.formValue("protectionLevel") ?? "", restricted: req.formValue("restricted") == "1",
                           summary: req.formValue("summary") ?? "", sourceCallId: req.formValue("sourceCallId"),
                           groupOptions: try await groupOptions(req))
    }

    private static func storedModel(_ c: CaseFile, person: Person, _ req: Request) async throws -> CaseFormPage.Model {
        let groups = try await CaseQueries.groups(of: [c.id!], req)[c.id!] ?? []
        return CaseFormPage.Model(person: person, type: c.type.rawValue, source: c.source.rawValue, receivedAt: CallForm.localInputValue(c.receivedAt),
                                  groups: groups, protectionLevel: c.protectionLevel?.rawValue ?? "", restricted: c.restricted, summary: c.summary ?? "",
                                  groupOptions: try await groupOptions(req, keeping: groups), editing: (c.id!, c.number, c.version))
    }

    private static func input(_ m: CaseFormPage.Model, personID: UUID) -> CaseInput {
        CaseInput(type: m.type, personId: personID, clientGroups: m.groups, source: m.source,
                  receivedAt: CallForm.isoFromLocalInput(m.receivedAt) ?? m.receivedAt,
                  protectionLevel: m.protectionLevel.isEmpty ? nil : m.protectionLevel,
                  restricted: m.restricted, summary: m.summary.isEmpty ? nil : m.summary,
                  sourceCallId: m.sourceCallId.flatMap(UUID.init(uuidString:)))
    }

    private func formPage(_ req: Request, _ model: CaseFormPage.Model, status: HTTPResponseStatus = .ok) async -> Response {
        await Layout.page(req, title: CaseFormPage.title(model, req.t), status: status, content: CaseFormPage.view(model, req))
    }

    func show(_ req: Request) async throws -> Response {
        let c: CaseFile
        do {
            c = try await CaseAccess.load(req)
        } catch let error as Abort where error.status == .notFound {
            // A case the user's unit sent away: where it went, not "page not found".
            guard let id = try? req.idParameter(), let sent = try await CaseTransfers.sentAway(id, req) else { throw error }
            return try await sentAwayPage(req, sent)
        }
        try await req.audit(.caseViewed, entity: .caseFile, entityID: c.id?.uuidString, summary: "page")
        return try await page(req, c, errors: FieldErrors(), typedReason: "")
    }

    private func sentAwayPage(_ req: Request, _ transfer: CaseTransfer) async throws -> Response {
        let t = req.t
        guard let c = try await CaseFile.find(transfer.caseID, on: req.db) else { throw Abort(.notFound) }
        let user = try req.user
        guard !c.restricted || transfer.requestedBy == user.id || Policy.approveCases.allows(user.role) else { throw Abort(.notFound) }
        let unit = try await OrgUnit.find(transfer.toUnitID, on: req.db)?.name ?? ""
        let day = transfer.decidedAt.map { LocalDate($0).description } ?? ""
        let content: BodyNode = .el("section", [.cls("narrow"), .id("case-sent-away")], [
            .el("h1", [], [.txt(c.number)]),
            .el("p", [], [.txt(t.pick(vi: "Đã chuyển cho \(unit) ngày \(day).", en: "Transferred to \(unit) on \(day)."))]),
            .el("p", [.cls("muted")], [.txt(t.pick(vi: "Hồ sơ nay do đơn vị nhận quản lý; mọi thông tin mới do đơn vị đó cập nhật.",
                                                   en: "The receiving unit now manages the case and records everything new."))]),
            .el("p", [], [.link(.caseTransfers, t.pick(vi: "Xem các yêu cầu chuyển hồ sơ", en: "See the case transfers"))]),
        ])
        return await Layout.page(req, title: c.number, content: content)
    }

    func move(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let input = TransitionInput(to: req.formValue("to"), reason: req.formValue("reason").flatMap { $0.isEmpty ? nil : $0 },
                                    closureReason: req.formValue("closureReason"), outcome: nil,
                                    version: req.formValue("version").flatMap(Int.init))
        do {
            try await CaseWriter(req: req).transition(c, input)
        } catch let error as ValidationError {
            var errors = FieldErrors()
            for p in error.problems { errors[p.field == "to" ? "reason" : p.field] = p.message }
            return try await page(req, try await CaseAccess.load(req), errors: errors, typedReason: input.reason ?? "", status: .unprocessableEntity)
        } catch let error as any AbortError where error.status == .conflict {
            var errors = FieldErrors()
            errors["reason"] = error.reason
            return try await page(req, try await CaseAccess.load(req), errors: errors, typedReason: input.reason ?? "", status: .conflict)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .caseShow(c.id!))
    }

    func addNote(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let input = CaseWork.NoteInput(kind: req.formValue("kind"), date: req.formValue("date"), narrative: req.formValue("narrative"),
                                                 nextStep: req.formValue("nextStep"), followUpOn: req.formValue("followUpOn"))
        return try await afterFormStep(req, c, section: "notes") { _ = try await CaseWork.note(input, for: c, req) }
    }

    /// One of the three assessment forms, told apart by `kind`. A risk form with a level missing
    /// is refused beside the form, like the API's missing `risk`.
    func addAssessment(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        var input = CaseWork.AssessmentInput(kind: req.formValue("kind"))
        switch input.kind.flatMap(CaseAssessment.Kind.init(rawValue:)) {
        case .risk:
            let levels = CasePage.RiskDimension.allCases.map { req.formValue($0.rawValue).flatMap(RiskLevel.init(rawValue:)) }
            if let harm = levels[0], let access = levels[1], let obstacles = levels[2], let capacity = levels[3] {
                input.risk = RiskDetails(harm: harm, abuserAccess: access, careObstacles: obstacles, childCapacity: capacity,
                                         notes: req.formValue("riskNotes"))
            }
        case .needs:
            // A domain counts when its needs or its strengths are filled in: a strength alone is worth recording.
            input.needs = NeedsDetails(domains: NeedsDomain.allCases.compactMap { d in
                let needs = req.formValue("needs-\(d.rawValue)"), strengths = req.formValue("strengths-\(d.rawValue)")
                return needs == nil && strengths == nil ? nil : .init(domain: d, needs: needs ?? "", strengths: strengths)
            })
        case .conference:
            input.conference = ConferenceDetails(date: req.formValue("conferenceDate") ?? "", participants: req.formValue("conferenceParticipants") ?? "",
                                                 decisions: req.formValue("conferenceDecisions") ?? "")
        case nil: break
        }
        return try await afterFormStep(req, c, section: "assessments-heading") { _ = try await CaseWork.record(input, for: c, req) }
    }

    /// The plan form: goals with rows of action, who and due date (`PlanForm`).
    func submitPlan(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        let form = PlanForm(from: req)
        return try await afterFormStep(req, c, staleField: "goals", section: "plan") {
            let input = CaseWork.PlanInput(goals: try form.plan(req), reason: req.formValue("reason").flatMap { $0.isEmpty ? nil : $0 },
                                                     version: req.formValue("version").flatMap(Int.init))
            _ = try await CaseWork.submit(input, for: c, req)
        }
    }

    func decidePlan(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        guard let planID = req.parameters.get("plan").flatMap(UUID.init(uuidString:)),
              let plan = try await CasePlan.find(planID, on: req.db), plan.caseID == c.id else { throw Abort(.notFound) }
        let input = CaseWork.DecisionInput(approve: req.formValue("approve").map { $0 == "1" },
                                                     comment: req.formValue("comment").flatMap { $0.isEmpty ? nil : $0 },
                                                     version: req.formValue("version").flatMap(Int.init))
        return try await afterFormStep(req, c, staleField: "comment", section: "plan") { _ = try await CaseWork.decide(plan, input, for: c, req) }
    }

    func upload(_ req: Request) async throws -> Response {
        let c = try await CaseAccess.load(req)
        return try await afterFormStep(req, c, section: "attachments") { _ = try await CaseAttachmentFiles.store(req, for: c) }
    }

    /// Runs a step of the case page: back to the case on success, the page with the message
    /// beside the field on a refusal, and what was typed kept (`CasePage.typed`). A stale form
    /// says so beside `staleField`.
    /// On success the page opens at `section` (the note just saved, not the top of the case).
    func afterFormStep(_ req: Request, _ c: CaseFile, staleField: String = "reason", section: String? = nil,
                       _ step: () async throws -> Void) async throws -> Response {
        do {
            try await step()
        } catch let error as ValidationError {
            var errors = FieldErrors()
            for p in error.problems { errors[p.field] = p.message }
            return try await page(req, try await CaseAccess.load(req), errors: errors, typedReason: "", status: .unprocessableEntity)
        } catch let error as any AbortError where error.status == .conflict {
            var errors = FieldErrors()
            errors[staleField] = error.reason
            return try await page(req, try await CaseAccess.load(req), errors: errors, typedReason: "", status: .conflict)
        }
        req.flash(.success, .saved)
        return req.redirect(to: SiteURL.caseShow(c.id!).path + (section.map { "#" + $0 } ?? ""), redirectType: .normal)
    }

    func page(_ req: Request, _ c: CaseFile, errors: FieldErrors, typedReason: String, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let person = try await Person.find(c.personID, on: req.db) else { throw Abort(.notFound) }
        let transitions = try await CaseTransition.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$at).all()
        let userIDs = Set(transitions.compactMap(\.by) + [c.assignedTo].compactMap { $0 })
        let users = Dictionary(uniqueKeysWithValues: try await User.query(on: req.db).filter(\.$id ~~ Array(userIDs)).all().map { ($0.id!, $0.fullName) })
        let canApprove = Policy.approveCases.allows(try req.user.role)
        // The moves the workflow allows from here; approvals only for those who may approve.
        let moves = (CaseWorkflow.moves[c.state] ?? []).sorted { CaseState.allCases.firstIndex(of: $0)! < CaseState.allCases.firstIndex(of: $1)! }
            // "Plan approved" comes from the plan decision's button, never a move button.
            .filter { $0 != .planApproved && (canApprove || $0 != .closed) }
        var model = CasePage.Model(c: c, person: person, groups: try await CaseQueries.groups(of: [c.id!], req)[c.id!] ?? [],
                                   transitions: transitions.map { ($0, $0.by.flatMap { users[$0] } ?? "") },
                                   assignee: c.assignedTo.flatMap { users[$0] }, moves: moves, canApprove: canApprove,
                                   errors: errors, typedReason: typedReason)
        model.assessments = try await CaseAssessment.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$at, .descending).all()
            .map(CaseWork.AssessmentOutput.init)
        model.notes = try await CaseNote.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$onDate, .descending).all()
        model.plans = try await CasePlan.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$versionNo).all().map(CaseWork.PlanOutput.init)
        model.attachments = try await CaseAttachment.query(on: req.db).filter(\.$caseID == c.id!).sort(\.$uploadedAt).all()
        model.userID = try req.user.id
        model.participants = try await CaseTeam.participants(of: c, req)
        model.mayOpenCall = Policy.recordCalls.allows(try req.user.role)
        model.groupLabels = try await ClientGroupCatalog.labels(on: req.db, req.t)
        model.team = try await CaseTeam.members(of: c, req.db)
        model.pendingTransfer = try await CaseTeam.pendingTransfer(of: c, req.db)
        let today = LocalDate(req.application.clock.now()).iso
        model.today = today
        model.disclosures = try await CaseDisclosureRecords.all(of: c, req.db)
        model.sharingConsentInForce = try await CaseDisclosureRecords.sharingConsent(of: c.personID, on: today, req.db) != nil
        if canApprove {
            model.eligibleWorkers = try await CaseTeam.eligibleWorkers(forUnit: c.unitID, req.db)
            model.transferUnits = try await OrgUnit.query(on: req.db).filter(\.$active == true).sort(\.$name).all().filter { $0.id != c.unitID }
        }
        return await Layout.page(req, title: c.number, status: status, content: CasePage.view(model, now: req.application.clock.now(), req))
    }
}
