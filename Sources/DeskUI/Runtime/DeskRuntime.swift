import Foundation
import HotlineCore

/// Does the work effects ask for, against the shared database, as the person at the
/// desk. Synchronous: the curses backend calls it on a background queue and posts the
/// result back to the input loop; tests call it directly.
public struct DeskRuntime: Sendable {
    public let store: HotlineStore
    public let identity: Identity

    public init(store: HotlineStore, identity: Identity) {
        self.store = store
        self.identity = identity
    }

    var knowledge: KnowledgeBase { KnowledgeBase(store: store) }
    var orders: WorkOrders { WorkOrders(store: store) }
    var calls: CallService { CallService(store: store) }

    public func perform(_ effect: DeskEffect) -> DeskResult {
        do {
            return try run(effect)
        } catch let failure as any HotlineFailure {
            return .failed(failure.description)
        } catch {
            return .failed("\(error)")
        }
    }

    private func run(_ effect: DeskEffect) throws -> DeskResult {
        switch effect {
        case .search(let query, let generation):
            let response = try knowledge.search(SearchRequest(text: query, limit: 30))
            return .searched(generation: generation, hits: response.hits, terms: response.terms)
        case .preview(let externalID):
            let detail = try knowledge.detail(externalID: externalID)
            let entry = detail.entry
            let validity = [entry.effectiveFrom.map { "\($0) 起" }, entry.effectiveTo.map { "至 \($0)" }]
                .compactMap { $0 }.joined(separator: " ")
            return .previewed(KnowledgeEntryPreview(externalID: entry.externalID, question: entry.question, answer: entry.answer,
                                                    department: detail.department.name, source: entry.source,
                                                    validity: (validity.isEmpty ? "长期有效" : validity) + (detail.isExpired ? "（已过期）" : "")))
        case .loadQueue(let request):
            return .queue(try queue(request))
        case .loadQueueDepartments:
            return .queueDepartments(try orders.queueDepartments(identity: identity).map {
                QueueDepartment(code: $0.code, name: $0.name)
            })
        case .loadDetail(let number):
            return .detail(try detail(number))
        case .loadCounters:
            let counters = try orders.counters(identity: identity)
            let year = ShanghaiTime.localDate(of: store.clock.now()).year
            return .counters(counters, warning: try CalendarStore(store: store).calendar().warning(forYear: year)?.message)
        case .checkRepeats(let phone, let enterprise, let content):
            let candidates = try calls.repeats(phone: phone.isEmpty ? nil : phone, enterpriseName: enterprise.isEmpty ? nil : enterprise,
                                               content: content.isEmpty ? enterprise : content, identity: identity)
            return .repeats(candidates.map { "\($0.order.number) \($0.order.title)（\($0.matchedBy.map(\.label).joined(separator: "、"))）" })
        case .completeEnterprise(let typed):
            return .enterpriseCompletions(typed: typed, try calls.enterpriseNames(matching: typed, identity: identity))
        case .enterpriseForCode(let code):
            return .enterpriseForCode(code: code, try calls.enterprise(uscc: code, identity: identity))
        case .saveCall(let draft):
            return try saveCall(draft)
        case .markAnswered(let callID, let query, let externalID):
            if !query.isEmpty { try knowledge.recordChoice(query: query, entryExternalID: externalID, actor: identity.actor) }
            guard let callID else { return .answered("已记录选用 \(externalID)；保存来电后可记为“知识库解答”") }
            _ = try calls.setOutcome(.knowledge(externalID: externalID), for: callID, identity: identity)
            return .answered("来电 \(callID) 已记为知识库解答（\(externalID)）")
        case .feedback(let externalID, let helpful, let query):
            try knowledge.recordFeedback(externalID: externalID, helpful: helpful, query: query, identity: identity)
            return .answered("已记录对 \(externalID) 的评价：\(helpful ? "有用" : "没用")")
        case .previewDeadlines(let kind, let department):
            let deadlines = try CalendarStore(store: store).deadlines(kind: kind.rawValue, dispatchedAt: store.clock.now())
            let name = try DepartmentRegistry(store: store).list(identity: identity)
                .first { $0.department.code == department || $0.department.name == department }?.department.name
            guard let name else { return .failed("没有承办单位 \(department)") }
            return .deadlines(sign: deadlines.sign.instant, answer: deadlines.answer.instant, departmentName: name)
        case .createOrder(let new):
            return .orderCreated(number: try orders.create(new, identity: identity).order.number)
        case .orderAction(let request):
            return orderAction(request)
        case .specialists(let effect):
            return try specialists(effect)
        case .browse(let effect):
            return try browse(effect)
        case .loadDashboard:
            let board = try Reports(store: store).dashboard(identity: identity)
            func figure(_ label: String, _ rate: Rate) -> DashboardPane.Figure {
                DashboardPane.Figure(label: label, numerator: rate.numerator, denominator: rate.denominator)
            }
            return .dashboard(DashboardPane(
                asOf: board.asOf, headline: board.today.headline.map { figure($0.label, $0.rate) },
                callsPerHour: board.callsPerHour,
                departments: board.departments.map {
                    DashboardPane.DepartmentRow(name: $0.department.name, answerOnTime: figure("按时办结率", $0.answerOnTime),
                                                satisfaction: figure("满意率", $0.satisfactionFinal), holding: $0.holding,
                                                overdue: $0.overdue)
                },
                openOrders: board.openOrders, overdueOrders: board.overdueOrders, awaitingCallback: board.awaitingCallback,
                manualCallbacks: board.manualCallbacks))
        case .loadRingBaseline:
            return .ringBaseline(try calls.latestCallID())
        case .checkRings(let after):
            return .rang(try calls.rings(after: after, identity: identity).map { ring in
                RingPop(callID: ring.call.id, phone: ring.call.call.callerPhone ?? "",
                        history: ring.history.openOrders.map { "在办 \($0.number) \($0.title)" }
                            + ring.history.calls.map { call in
                                "\(ShanghaiTime.format(call.call.receivedAt).prefix(10)) \(call.call.content.isEmpty ? "（无内容）" : call.call.content)"
                            })
            })
        }
    }

    private func saveCall(_ draft: CallDraft) throws -> DeskResult {
        let intake = CallIntake(channel: Call.Channel(rawValue: draft.channel) ?? .phone,
                                phone: draft.phone.isEmpty ? nil : draft.phone, callerName: draft.name,
                                enterpriseName: draft.enterprise.isEmpty ? nil : draft.enterprise,
                                uscc: draft.uscc.isEmpty ? nil : draft.uscc, acceptFailingUSCC: true,
                                requestType: Call.RequestType(rawValue: draft.requestType) ?? .consult,
                                content: draft.content, enterpriseTag: draft.enterpriseTag)
        let recorded: RecordedCall
        if let ringID = draft.ringCallID {
            recorded = try calls.amend(callID: ringID, CallAmendment(
                callerName: draft.name, enterpriseName: draft.enterprise, uscc: draft.uscc, acceptFailingUSCC: true,
                requestType: intake.requestType, content: draft.content, enterpriseTag: draft.enterpriseTag), identity: identity)
        } else {
            recorded = try calls.record(intake, identity: identity)
        }
        var message = "已保存来电 \(recorded.call.id)"
        if let code = draft.outOfScopeReason, let reason = OutOfScopeReason(rawValue: code) {
            _ = try calls.setOutcome(.outOfScope(reason), for: recorded.call.id, identity: identity)
            message += "，记为不予受理：\(reason.label)"
        }
        if !recorded.repeats.isEmpty { message += "；可能重复：\(recorded.repeats.map(\.order.number).joined(separator: "、"))" }
        return .callSaved(id: recorded.call.id, message: message)
    }

    private func queue(_ request: QueueRequest) throws -> [QueueRow] {
        let filter = OrderFilter(statuses: request.status.map { [$0] } ?? WorkOrders.openStatuses,
                                 department: request.department, overdueOnly: request.overdueOnly, kind: request.kind,
                                 enterpriseOnly: request.enterpriseOnly, limit: 200)
        return try orders.queue(filter, identity: identity).map { entry in
            QueueRow(number: entry.number, kind: entry.kind, status: entry.status, department: entry.departmentName ?? "（待派发）",
                     title: entry.title, due: entry.nextDue, remainingWorkingSeconds: entry.remainingWorkingSeconds,
                     overdue: entry.isOverdue, supervised: entry.supervised, isEnterprise: entry.isEnterprise,
                     returnRequested: entry.returnRequested, extensionRequested: entry.extensionRequested, version: entry.version)
        }
    }

    private func detail(_ number: String) throws -> DetailPane {
        let detail = try orders.detail(number, identity: identity)
        let order = detail.order
        var lines = detail.fieldLines
        lines.append("—— 事件 ——")
        for event in detail.events {
            lines.append("\(ShanghaiTime.format(event.at).prefix(16).replacingOccurrences(of: "T", with: " ")) \(event.type.label) \(event.actorText)")
        }
        var pane = DetailPane()
        pane.number = order.number
        pane.title = order.title
        pane.lines = lines
        pane.status = order.status
        pane.version = order.version
        return pane
    }

    /// One step on an order. A refusal comes back as the core's words with the order's
    /// version now, never as a thrown error, so the form that sent it can be sent again.
    private func orderAction(_ request: OrderActionRequest) -> DeskResult {
        do {
            return try performOrderAction(request)
        } catch {
            let message = (error as? any HotlineFailure)?.description ?? "\(error)"
            let version = try? orders.detail(request.number, identity: identity).order.version
            return .orderRefused(number: request.number, operation: request.operation, message: message, currentVersion: version)
        }
    }

    private func performOrderAction(_ request: OrderActionRequest) throws -> DeskResult {
        let number = request.number, version = request.version, text = request.text ?? ""
        let change: OrderChange
        switch request.operation {
        case .sign: change = try orders.sign(number, expectedVersion: version, identity: identity)
        case .contact: change = try orders.contact(number, note: text, expectedVersion: version, identity: identity)
        case .answer: change = try orders.answer(number, text: text, expectedVersion: version, identity: identity)
        case .requestReturn:
            change = try orders.requestReturn(number, reason: text, suggestedDepartment: request.suggestedDepartment,
                                              expectedVersion: version, identity: identity)
        case .requestExtension:
            change = try orders.requestExtension(number, days: request.days ?? 0, reason: text, expectedVersion: version,
                                                 identity: identity)
        case .review:
            change = try orders.review(number, accept: request.accept, reason: request.accept ? nil : text,
                                       expectedVersion: version, identity: identity)
        case .urge: change = try orders.urge(number, note: text, expectedVersion: version, identity: identity)
        case .supervise: change = try orders.supervise(number, note: text, expectedVersion: version, identity: identity)
        case .reassign: change = try orders.reassign(number, to: text, expectedVersion: version, identity: identity)
        case .merge: change = try orders.merge(number, into: text, expectedVersion: version, identity: identity)
        case .decideReturn, .decideExtension:
            // One key decides whichever request is pending.
            let order = try orders.detail(number, identity: identity).order
            if order.returnRequested {
                change = try orders.decideReturn(number, approve: request.accept, expectedVersion: version, identity: identity)
            } else {
                change = try orders.decideExtension(number, approve: request.accept, expectedVersion: version, identity: identity)
            }
        default:
            return .failed("控制台暂不支持\(request.operation.label)；请用 hotline order \(request.operation.rawValue)")
        }
        return .orderChanged(number: number, message: "\(number) 已\(request.operation.label)：\(change.order.status.label)（版本 \(change.order.version)）")
    }
}
