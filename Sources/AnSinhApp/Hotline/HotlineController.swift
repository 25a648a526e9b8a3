import AnSinhCore
import Fluent
import Vapor

/// The hotline's pages: the intake screen, the list of calls and the report.
struct HotlineController {
    func newCall(_ req: Request) async throws -> Response {
        var form = CallForm(now: req.application.clock.now())
        form.line = try await HotlineLine.query(on: req.db).filter(\.$active == true).sort(\.$number).first()?.number ?? ""
        return try await intakePage(req, form: form, errors: FieldErrors(), justSaved: false, saved: try await SavedCallNotice.load(req))
    }

    func createCall(_ req: Request) async throws -> Response {
        let form = CallForm(from: req)
        guard let kind = req.formValue("kind").flatMap(CallKind.init(rawValue:)) else { throw Abort(.badRequest) }
        // Every topic, retired ones too: a stored call keeps its retired topic by name, and
        // CallWriter says which topics new calls may no longer use.
        let topics = try await HotlineTopic.query(on: req.db).all()
        do {
            let targets = kind == .counselling ? try form.handoffTargets(req.t) : []
            let call = try await CallWriter(req: req).create(form.input(kind: kind, topicIndex: TopicNames(topics, req.t).index))
            do {
                try await Handoffs.record(targets, callID: call.id, req)
            } catch {
                // The call is saved: never offer to save it twice. Its page takes the hand-off.
                req.logger.warning("hand-off of call \(call.id) not recorded: \(error)")
                req.flash(.error, .handoffNotRecorded)
                return req.redirect(to: .hotlineCall(call.id))
            }
            // The next screen names the call saved, links to it and offers to undo it.
            return req.redirect(to: SiteURL.hotlineCallNew.path + "?saved=" + call.id.uuidString.lowercased(), redirectType: .normal)
        } catch let error as ValidationError {
            var errors = FieldErrors()
            for p in error.problems { errors[CallForm.formField(p.field)] = p.message }
            return try await intakePage(req, form: form, errors: errors, justSaved: false, status: .unprocessableEntity)
        } catch let missing as HandoffChoiceMissing {
            var errors = FieldErrors()
            errors["handoff_target"] = missing.message
            return try await intakePage(req, form: form, errors: errors, justSaved: false, status: .unprocessableEntity)
        }
    }

    /// A stored call in the intake form: to complete one the telephone system logged, or to
    /// correct one. It shows the caller, so opening it is audited like a reveal.
    func editCall(_ req: Request) async throws -> Response {
        let call = try await req.load(Call.self)
        try await req.audit(.callerRevealed, entity: .call, entityID: call.id?.uuidString, summary: "call opened in the form")
        return try await intakePage(req, form: try await storedForm(call, req), errors: FieldErrors(),
                                    justSaved: req.query[String.self, at: "saved"] != nil, editing: try await editing(call, req))
    }

    func updateCall(_ req: Request) async throws -> Response {
        let call = try await req.load(Call.self)
        let form = CallForm(from: req)
        let confirmed = req.formValue("confirm_kind").flatMap(CallKind.init(rawValue:))
        guard let kind = req.formValue("kind").flatMap(CallKind.init(rawValue:)) ?? confirmed else { throw Abort(.badRequest) }
        // Every topic, retired ones too: a stored call keeps its retired topic by name, and
        // CallWriter says which topics new calls may no longer use.
        let topics = try await HotlineTopic.query(on: req.db).all()
        var input = form.input(kind: kind, topicIndex: TopicNames(topics, req.t).index)
        input.version = req.formValue("version").flatMap(Int.init) ?? 0
        // A saved counselling call does not become a hang-up on one click: ask, keeping all typed.
        if !call.incomplete, call.kind == .counselling, kind != .counselling, confirmed != kind {
            return try await intakePage(req, form: form, errors: FieldErrors(), justSaved: false, confirmKind: kind,
                                        editing: try await editing(call, req, version: input.version ?? call.version))
        }
        do {
            let targets = kind == .counselling ? try form.handoffTargets(req.t) : []
            try await CallWriter(req: req).update(call, with: input)
            try await Handoffs.record(targets, callID: call.id!, req)
        } catch let missing as HandoffChoiceMissing {
            var errors = FieldErrors()
            errors["handoff_target"] = missing.message
            return try await intakePage(req, form: form, errors: errors, justSaved: false, status: .unprocessableEntity,
                                        editing: try await editing(call, req, version: input.version ?? call.version))
        } catch let error as ValidationError {
            var errors = FieldErrors()
            for p in error.problems { errors[CallForm.formField(p.field)] = p.message }
            return try await intakePage(req, form: form, errors: errors, justSaved: false, status: .unprocessableEntity,
                                        editing: try await editing(call, req, version: input.version ?? call.version))
        } catch let error as any AbortError where error.status == .conflict {
            // Someone saved first: their version beside what this user typed, whose values the
            // form keeps; it now carries the stored version, so saving again is deliberate.
            let fresh = try await req.load(Call.self)
            var edit = try await editing(fresh, req)
            edit.conflict = ConflictNotice.view(rows: Self.conflictRows(stored: try await storedForm(fresh, req), typed: form, req.t), req.t)
            return try await intakePage(req, form: form, errors: FieldErrors(), justSaved: false, status: .conflict, editing: edit)
        }
        req.flash(.success, .saved)
        return req.redirect(to: .hotlineCall(call.id!))
    }


    private func storedForm(_ call: Call, _ req: Request) async throws -> CallForm {
        let line = try await HotlineLine.find(call.lineID, on: req.db)
        let codes = try await CallTopic.query(on: req.db).filter(\.$callID == call.id!).sort(\.$position).all().map(\.topicCode)
        let names = TopicNames(try await HotlineTopic.query(on: req.db).all(), req.t)
        var form = CallForm(call: call, lineNumber: line?.number ?? "", topics: codes.map(names.name))
        form.handoffTarget = try await Handoff.query(on: req.db).filter(\.$callID == call.id!).filter(\.$target ~~ CallForm.hotlineTargets)
            .sort(\.$createdAt).first()?.target.rawValue ?? ""
        return form
    }

    private func editing(_ call: Call, _ req: Request, version: Int? = nil) async throws -> CallIntakePage.Editing {
        var editing = CallIntakePage.Editing(id: call.id!, version: version ?? call.version, incomplete: call.incomplete)
        if let id = call.personID, let person = try await Person.find(id, on: req.db) { editing.person = (id, person.fullName) }
        // The cases opened from this call, for those who work on cases (restricted ones only
        // for their team).
        if Policy.manageCases.allows(try req.user.role) {
            editing.mayOpenCase = true
            editing.casesLabel = req.t.pick(vi: "Hồ sơ trường hợp:", en: "Cases:")
            editing.openCaseLabel = req.t.pick(vi: "Mở hồ sơ trường hợp từ cuộc gọi", en: "Open a case from this call")
            editing.cases = try await CaseAccess.visible(req).filter(\.$sourceCallID == call.id!).sort(\.$number).all()
                .map { ($0.id!, $0.number) }
        }
        return editing
    }

    /// Links the call to a person record chosen on the people search page (`?linkCall=`).
    func linkPerson(_ req: Request) async throws -> Response {
        let call = try await req.load(Call.self)
        guard let personID = req.formValue("person_id").flatMap(UUID.init(uuidString:)),
              let person = try await Person.find(personID, on: req.db),
              try await req.unitScope().contains(person.unitID) else { throw Abort(.notFound) }
        guard let version = req.formValue("version").flatMap(Int.init) else { throw Abort(.badRequest) }
        call.personID = person.id
        let linked = person.id!
        try await req.saveVersioned(call, expected: version, audit: .callUpdated, .call, conflict: CallWriter.staleMessage(req.t)) {
            "linked to person \(linked.uuidString)"
        }
        req.flash(.success, .saved)
        return req.redirect(to: .hotlineCall(call.id!))
    }

    static func conflictRows(stored: CallForm, typed: CallForm, _ t: Localizer) -> [(label: String, stored: String, typed: String)] {
        [
            (t.pick(vi: "Đường dây", en: "Line"), stored.line, typed.line),
            (t.pick(vi: "Bắt đầu", en: "Started"), stored.startedAt, typed.startedAt),
            (t.pick(vi: "Chủ đề", en: "Topics"), stored.topics.filter { !$0.isEmpty }.joined(separator: "; "),
             typed.topics.filter { !$0.isEmpty }.joined(separator: "; ")),
            (t.pick(vi: "Mức độ", en: "Urgency"), stored.urgency, typed.urgency),
            (t.pick(vi: "Tóm tắt", en: "Summary"), stored.summary, typed.summary),
            (t.pick(vi: "Đã xử lý", en: "Actions taken"), stored.actions.joined(separator: ", "), typed.actions.joined(separator: ", ")),
            (t.pick(vi: "Số gọi đến", en: "Caller's number"), stored.callerPhone, typed.callerPhone),
            (t.pick(vi: "Tên người gọi", en: "Caller's name"), stored.callerName, typed.callerName),
        ]
    }

    func list(_ req: Request) async throws -> Response {
        let t = req.t
        let page = try await CallQueries.page(req, paging: try req.paging(), masked: true)
        let canReveal = Policy.viewCallerIdentity.allows(try req.user.role)
        let canEdit = Policy.recordCalls.allows(try req.user.role)
        let topics = try await HotlineTopic.query(on: req.db).all()
        let labels = Dictionary(uniqueKeysWithValues: topics.map { ($0.id!, t.pick(vi: $0.labelVI, en: $0.labelEN)) })
        let lines = try await HotlineLine.query(on: req.db).sort(\.$number).all()
        let rows: [BodyNode] = page.items.map { c in
            .el("tr", [], [
                .el("td", [], [canEdit ? .link(.hotlineCall(c.id), ISODateTime.parse(c.startedAt).map(VNFormat.dateTime) ?? c.startedAt)
                                       : .txt(ISODateTime.parse(c.startedAt).map(VNFormat.dateTime) ?? c.startedAt)]),
                .el("td", [], [.txt(c.line)]),
                .el("td", [], [.txt(t.callKind(c.kind) + (c.incomplete ? t.pick(vi: " (chưa đủ)", en: " (incomplete)") : ""))]),
                .el("td", [], [.txt(c.topics.map { labels[$0] ?? $0 }.joined(separator: "; "))]),
                .el("td", [], [.txt(c.caller.phone ?? ""),
                               canReveal && c.caller.phone != nil
                                   ? .el("a", [.href(.hotlineCallReveal(c.id)), .cls("reveal")], [.txt(" " + t.pick(vi: "Xem số", en: "Reveal"))])
                                   : .empty]),
                .el("td", [], [.txt(c.urgency.map(t.urgency) ?? "")]),
            ])
        }
        let next: BodyNode = page.nextOffset.map { offset in
            .el("a", [.hrefRaw(req.nextPageLink(SiteURL.hotlineCalls.path, offset: offset))], [.txt(t(.next))])
        } ?? .empty
        let from = req.query[String.self, at: "from"] ?? ""
        let to = req.query[String.self, at: "to"] ?? ""
        let content: BodyNode = .group(
            .el("h1", [], [.txt(t.pick(vi: "Cuộc gọi", en: "Calls"))]),
            Policy.recordCalls.allows(try req.user.role)
                ? .el("p", [], [.link(.hotlineCallNew, t.pick(vi: "Ghi nhận cuộc gọi", en: "Log a call"), [.cls("button")])]) : .empty,
            .el("form", [.id("call-filter"), .action(.hotlineCalls), .getMethod, .cls("filters")], [
                FormField.text("from", label: t(.auditFrom), value: from, errors: FieldErrors(), type: "date"),
                FormField.text("to", label: t(.auditTo), value: to, errors: FieldErrors(), type: "date"),
                FormField.text("phone", label: t.pick(vi: "Số gọi đến", en: "Caller's number"), value: req.query[String.self, at: "phone"] ?? "",
                               errors: FieldErrors(), type: "tel"),
                FormField.select("kind", label: t(.kind), options: CallKind.allCases.map { ($0.rawValue, t.callKind($0)) },
                                 selected: req.query[String.self, at: "kind"], errors: FieldErrors(), placeholder: "—"),
                FormField.select("line", label: t.pick(vi: "Đường dây", en: "Line"), options: lines.map { ($0.number, $0.number) },
                                 selected: req.query[String.self, at: "line"], errors: FieldErrors(), placeholder: "—"),
                FormField.select("topic", label: t.pick(vi: "Chủ đề", en: "Topic"),
                                 options: topics.filter { $0.parentCode != nil }.sorted { $0.sort < $1.sort }.map { ($0.id!, labels[$0.id!] ?? $0.id!) },
                                 selected: req.query[String.self, at: "topic"], errors: FieldErrors(), placeholder: "—"),
                FormField.select("channel", label: t.pick(vi: "Kênh", en: "Channel"), options: CallChannel.allCases.map { ($0.rawValue, t.channel($0)) },
                                 selected: req.query[String.self, at: "channel"], errors: FieldErrors(), placeholder: "—"),
                FormField.select("urgency", label: t.pick(vi: "Mức độ", en: "Urgency"), options: CallUrgency.allCases.map { ($0.rawValue, t.urgency($0)) },
                                 selected: req.query[String.self, at: "urgency"], errors: FieldErrors(), placeholder: "—"),
                FormField.select("action", label: t.pick(vi: "Đã xử lý", en: "Action"), options: CallAction.allCases.map { ($0.rawValue, t.action($0)) },
                                 selected: req.query[String.self, at: "action"], errors: FieldErrors(), placeholder: "—"),
                .el("button", [.type("submit")], [.txt(t(.filter))]),
            ]),
            .el("p", [.cls("form-actions")], [
                .el("a", [.id("calls-xlsx"), .hrefRaw(req.exportLink(SiteURL.hotlineCallsExport.path, format: "xlsx")), .cls("button-secondary")], [.txt("Excel (.xlsx)")]),
                .el("a", [.id("calls-csv"), .hrefRaw(req.exportLink(SiteURL.hotlineCallsExport.path, format: "csv")), .cls("button-secondary")], [.txt("CSV")]),
            ]),
            DataTable.view(headers: [t(.auditTime), t.pick(vi: "Đường dây", en: "Line"), t(.kind), t.pick(vi: "Chủ đề", en: "Topics"),
                                     t.pick(vi: "Số gọi đến", en: "Caller's number"), t.pick(vi: "Mức độ", en: "Urgency")],
                           rows: rows, empty: t(.noRecords)),
            .el("nav", [.cls("pager"), .aria("label", t(.next))], [next])
        )
        return await Layout.page(req, title: t.pick(vi: "Cuộc gọi", en: "Calls"), content: content)
    }

    func report(_ req: Request) async throws -> Response {
        let (tables, from, to) = try await reportTables(req)
        let heading = try await DocumentHeading.forReport(req)
        return await Layout.page(req, title: tables.title, content: HotlineReportPage.view(tables, from: from.iso, to: to.iso, heading: heading, req))
    }

    /// The report as .xlsx (or CSV): the same tables as the page.
    func reportExport(_ req: Request) async throws -> Response {
        let (tables, from, to) = try await reportTables(req)
        let xlsx = req.query[String.self, at: "format"] != "csv"
        try await req.audit(.exported, entity: .report, entityID: "hotline", summary: "\(from.iso)..\(to.iso) \(xlsx ? "xlsx" : "csv")")
        return tables.spreadsheet(req.t).response(xlsx: xlsx, filename: "bao-cao-tong-dai-\(from.iso)-\(to.iso)")
    }

    /// Shows one call's caller unmasked, to a role allowed to see it; every reveal is audited.
    func reveal(_ req: Request) async throws -> Response {
        let t = req.t
        let call = try await req.load(Call.self)
        try await req.audit(.callerRevealed, entity: .call, entityID: call.id?.uuidString, summary: "caller name and number shown")
        let content: BodyNode = .el("section", [.cls("narrow")], [
            .el("h1", [], [.txt(t.pick(vi: "Thông tin người gọi", en: "Caller"))]),
            .el("dl", [.cls("facts")], [
                .el("dt", [], [.txt(t(.auditTime))]), .el("dd", [], [.txt(VNFormat.dateTime(call.startedAt))]),
                .el("dt", [], [.txt(t.pick(vi: "Số gọi đến", en: "Caller's number"))]), .el("dd", [.id("caller-phone")], [.txt(call.callerPhone ?? "—")]),
                .el("dt", [], [.txt(t.pick(vi: "Tên người gọi", en: "Caller's name"))]), .el("dd", [], [.txt(call.callerName ?? "—")]),
            ]),
            .el("p", [], [.link(.hotlineCalls, t(.back))]),
        ])
        return await Layout.page(req, title: t.pick(vi: "Thông tin người gọi", en: "Caller"), content: content)
    }

    /// Calls of the list's filters as .xlsx or CSV, masked like the list.
    func listExport(_ req: Request) async throws -> Response {
        let t = req.t
        // The same list as the page, so that the filters mean the same rows; their topics
        // and lines are read a thousand calls at a time (the binds of one statement are bounded).
        let calls = try await CallQueries.list.all(req)
        var all: [CallOutput] = []
        for start in stride(from: 0, to: calls.count, by: 1000) {
            all += try await CallQueries.outputs(Array(calls[start..<min(start + 1000, calls.count)]), req)
        }
        let topics = try await HotlineTopic.query(on: req.db).all()
        let labels = Dictionary(uniqueKeysWithValues: topics.map { ($0.id!, t.pick(vi: $0.labelVI, en: $0.labelEN)) })
        var rows: [[Spreadsheet.Cell]] = [[
            .text(t(.auditTime)), .text(t.pick(vi: "Đường dây", en: "Line")), .text(t.pick(vi: "Kênh", en: "Channel")), .text(t(.kind)),
            .text(t.pick(vi: "Chủ đề", en: "Topics")), .text(t.pick(vi: "Số gọi đến", en: "Caller's number")),
            .text(t.pick(vi: "Tên người gọi", en: "Caller's name")), .text(t.pick(vi: "Mức độ", en: "Urgency")),
        ]]
        rows += all.map { c in
            [.text(ISODateTime.parse(c.startedAt).map(VNFormat.dateTime) ?? c.startedAt), .text(c.line), .text(t.channel(c.channel)),
             .text(t.callKind(c.kind)), .text(c.topics.map { labels[$0] ?? $0 }.joined(separator: "; ")),
             .text(c.caller.phone ?? ""), .text(c.caller.name ?? ""), .text(c.urgency.map(t.urgency) ?? "")]
        }
        let xlsx = req.query[String.self, at: "format"] != "csv"
        try await req.audit(.exported, entity: .calls, summary: "\(all.count) calls \(xlsx ? "xlsx" : "csv") masked=\(!Policy.viewCallerIdentity.allows(try req.user.role))")
        return Spreadsheet(sheets: [.init(name: t.pick(vi: "Cuộc gọi", en: "Calls"), rows: rows)]).response(xlsx: xlsx, filename: "cuoc-goi")
    }

    private func reportTables(_ req: Request) async throws -> (HotlineReportTables, LocalDate, LocalDate) {
        let t = req.t
        let today = LocalDate(req.application.clock.now())
        let (from, to) = try req.reportPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"],
                                              defaultFrom: LocalDate(year: today.year, month: 1, day: 1)!, defaultTo: today)
        let report = try await HotlineReport.compute(
            HotlineReportQuery(from: from, to: to, lineIDs: nil, scope: try await req.unitScope()), on: req.db)
        let topics = try await HotlineTopic.query(on: req.db).all()
        var labels = Dictionary(uniqueKeysWithValues: topics.map { ($0.id!, t.pick(vi: $0.labelVI, en: $0.labelEN)) })
        let directory = AddressDirectory(req.db)
        for province in try await directory.provinces() { labels[province.code] = province.displayName }
        for commune in try await directory.communes(codes: report.byPersonCommune.map(\.code)) { labels[commune.code] = commune.displayName }
        return (HotlineReportTables(report, labels: labels, t), from, to)
    }

    private func intakePage(_ req: Request, form: CallForm, errors: FieldErrors, justSaved: Bool, saved: SavedCallNotice? = nil,
                            confirmKind: CallKind? = nil, status: HTTPResponseStatus = .ok,
                            editing: CallIntakePage.Editing? = nil) async throws -> Response {
        let model = CallIntakePage.Model(
            form: form, errors: errors,
            lines: try await HotlineLine.query(on: req.db).filter(\.$active == true).sort(\.$number).all(),
            topics: try await HotlineTopic.query(on: req.db).sort(\.$sort).all(),
            provinces: try await AddressDirectory(req.db).provinces(), justSaved: justSaved, saved: saved, confirmKind: confirmKind, editing: editing)
        return await Layout.page(req, title: CallIntakePage.title(model, req.t), status: status,
                                 content: CallIntakePage.view(model, req))
    }
}

extension HotlineAPIController {
    struct RepeatCaller: Content {
        let count: Int
        let lastAt: String?
    }

    /// How often a number called before, found by its keyed hash (numbers are never scanned).
    func repeatCaller(_ req: Request) async throws -> RepeatCaller {
        guard let raw = req.query[String.self, at: "phone"], let phone = PhoneNumber.normalize(raw) else {
            throw ValidationError([FieldProblem(field: "phone", message: req.t.pick(vi: "Số điện thoại không hợp lệ.", en: "The phone number is not valid."))], req)
        }
        let hash = Secrets.keyedHash(phone, secret: req.ansinh.secret)
        let calls = Call.query(on: req.db).filter(\.$callerPhoneHash == hash)
        let count = try await calls.count()
        let last = try await Call.query(on: req.db).filter(\.$callerPhoneHash == hash).sort(\.$startedAt, .descending).first()
        return RepeatCaller(count: count, lastAt: last.map { VNFormat.dateTime($0.startedAt) })
    }
}
