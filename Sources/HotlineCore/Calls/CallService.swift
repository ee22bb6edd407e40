import Foundation
import GRDB

/// Intake: recording calls, what the telephony hook runs when a call rings, outcomes and
/// tags, and reading calls back. Agents and leads take calls; an admin does so only by
/// acting for one (`--as`). Every operation checks the role here, not in the programs.
public struct CallService: Sendable {
    public let store: HotlineStore

    /// The tag every enterprise call carries (全程标签化处置).
    public static let enterpriseTag = "企业"

    public init(store: HotlineStore) { self.store = store }

    static let intakeRoles: [Role] = [.agent, .lead]

    func requireIntake(_ identity: Identity, _ operation: String) throws(AccessError) {
        guard CallService.intakeRoles.contains(identity.role) else {
            throw AccessError.roleRequired(operation: operation, roles: CallService.intakeRoles, actual: identity.role)
        }
    }

    // MARK: recording

    /// Records a call. The phone is normalised; a 统一社会信用代码 must pass its check
    /// character unless `acceptFailingUSCC`. Returns the call and the open orders it may
    /// repeat (same phone or enterprise within 30 days, similar content), best first.
    public func record(_ intake: CallIntake, identity: Identity) throws -> RecordedCall {
        try requireIntake(identity, "记录来电")
        let phone = try intake.phone.flatMap { text throws(IntakeError) -> String? in
            text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try PhoneNumber.normalize(text)
        }
        if phone == nil && intake.channel == .phone { throw IntakeError.phoneRequired(channel: intake.channel.label) }
        let name = try IntakeText.clean(intake.callerName, field: "来电人姓名", limit: IntakeText.callerNameLimit) ?? ""
        let enterprise = try EnterpriseFields.validate(name: intake.enterpriseName, uscc: intake.uscc,
                                                       accept: intake.acceptFailingUSCC)
        let content = try IntakeText.clean(intake.content, field: "诉求内容", limit: IntakeText.contentLimit,
                                           multiline: true, required: true)!
        var tags = try intake.tags.map { text throws(IntakeError) in try IntakeText.tag(text) }
        if intake.enterpriseTag && (enterprise.name != nil || enterprise.uscc != nil) { tags.insert(CallService.enterpriseTag, at: 0) }

        let now = store.clock.now()
        var call = Call(id: nil, receivedAt: now, channel: intake.channel, callerPhone: phone, callerName: name,
                        enterpriseName: enterprise.name, enterpriseUSCC: enterprise.uscc,
                        usccCheckOverridden: enterprise.overridden, requestType: intake.requestType, content: content,
                        outcome: .open, knowledgeEntryID: nil, outOfScopeReasonCode: nil, transferredTo: nil,
                        agentLogin: identity.account.login, recordedBy: identity.actor.login,
                        actingFor: identity.actor.onBehalfOf, updatedAt: now)
        return try store.write { db in
            try identity.confirmActive(in: db)
            let repeats = try RepeatDetection.candidates(phone: phone, uscc: enterprise.uscc, enterpriseName: enterprise.name,
                                                         content: content, now: now, in: db)
            try call.insert(db)
            for tag in Set(tags) { try CallTagRecord(callID: call.id!, tag: tag).insert(db) }
            return RecordedCall(call: try CallService.details(of: call, in: db), repeats: repeats,
                                overriddenUSCC: enterprise.overridden ? enterprise.check : nil)
        }
    }

    /// An incoming phone call: records it with just the number (the agent fills in the rest
    /// with `amend`) and returns it with the caller's earlier calls and open orders.
    /// `agent` is the login of the agent the call was routed to; default the identity.
    public func ring(phone: String, agent: String? = nil, identity: Identity, historyLimit: Int = 10) throws -> RingResult {
        try requireIntake(identity, "登记来电")
        let normalized = try PhoneNumber.normalize(phone)
        let now = store.clock.now()
        return try store.write { db in
            try identity.confirmActive(in: db)
            var agentLogin = identity.account.login
            if let agent {
                let login = agent.trimmingCharacters(in: .whitespaces)
                guard let account = try Account.filter(Column("login") == login).fetchOne(db), account.active else {
                    throw IntakeError.unknownAgent(login)
                }
                guard CallService.intakeRoles.contains(account.role) else {
                    throw IntakeError.notAnAgent(login: login, role: account.role)
                }
                agentLogin = account.login
            }
            let history = try CallService.history(phone: normalized, uscc: nil, limit: historyLimit, in: db)
            var call = Call(id: nil, receivedAt: now, channel: .phone, callerPhone: normalized, callerName: "",
                            enterpriseName: nil, enterpriseUSCC: nil, usccCheckOverridden: false, requestType: .consult,
                            content: "", outcome: .open, knowledgeEntryID: nil, outOfScopeReasonCode: nil,
                            transferredTo: nil, agentLogin: agentLogin, recordedBy: identity.actor.login,
                            actingFor: identity.actor.onBehalfOf, updatedAt: now)
            try call.insert(db)
            return RingResult(call: try CallService.details(of: call, in: db), history: history)
        }
    }

    /// Fills in or corrects the intake details of a call (after `ring`, or a typo).
    public func amend(callID: Int64, _ changes: CallAmendment, identity: Identity) throws -> RecordedCall {
        try requireIntake(identity, "修改来电记录")
        let callerName = try changes.callerName.map { text throws(IntakeError) in
            try IntakeText.clean(text, field: "来电人姓名", limit: IntakeText.callerNameLimit) ?? ""
        }
        let content = try changes.content.map { text throws(IntakeError) in
            try IntakeText.clean(text, field: "诉求内容", limit: IntakeText.contentLimit, multiline: true, required: true)!
        }
        let now = store.clock.now()
        return try store.write { db in
            try identity.confirmActive(in: db)
            var call = try CallService.fetch(callID, in: db)
            let enterprise = try EnterpriseFields.validate(
                name: changes.enterpriseName ?? call.enterpriseName,
                uscc: changes.uscc ?? call.enterpriseUSCC,
                accept: changes.acceptFailingUSCC || (changes.uscc == nil && call.usccCheckOverridden))
            if let callerName { call.callerName = callerName }
            if let content { call.content = content }
            if let type = changes.requestType { call.requestType = type }
            call.enterpriseName = enterprise.name
            call.enterpriseUSCC = enterprise.uscc
            call.usccCheckOverridden = enterprise.overridden
            call.updatedAt = now
            try call.update(db)
            if changes.enterpriseTag && call.isEnterprise {
                try CallTagRecord(callID: callID, tag: CallService.enterpriseTag).insert(db, onConflict: .ignore)
            }
            let repeats = try RepeatDetection.candidates(phone: call.callerPhone, uscc: call.enterpriseUSCC,
                                                         enterpriseName: call.enterpriseName, content: call.content,
                                                         now: now, in: db)
            return RecordedCall(call: try CallService.details(of: call, in: db), repeats: repeats,
                                overriddenUSCC: changes.uscc != nil && enterprise.overridden ? enterprise.check : nil)
        }
    }

    // MARK: tags

    /// Adds a tag by hand (adding one the call has is harmless).
    public func addTag(_ tag: String, to callID: Int64, identity: Identity) throws -> CallDetails {
        try requireIntake(identity, "给来电加标签")
        let clean = try IntakeText.tag(tag)
        return try store.write { db in
            try identity.confirmActive(in: db)
            var call = try CallService.fetch(callID, in: db)
            try CallTagRecord(callID: callID, tag: clean).insert(db, onConflict: .ignore)
            call.updatedAt = store.clock.now()
            try call.update(db)
            return try CallService.details(of: call, in: db)
        }
    }

    /// Removes a tag; one the call does not have is an error naming the tags it has.
    public func removeTag(_ tag: String, from callID: Int64, identity: Identity) throws -> CallDetails {
        try requireIntake(identity, "删除来电标签")
        let clean = try IntakeText.tag(tag)
        return try store.write { db in
            try identity.confirmActive(in: db)
            var call = try CallService.fetch(callID, in: db)
            guard try CallTagRecord.deleteOne(db, key: ["call_id": callID, "tag": clean]) else {
                let tags = try CallService.tags(of: callID, in: db)
                throw IntakeError.invalidTag(tag, reason: "来电 \(callID) 没有这个标签（现有：\(tags.isEmpty ? "无" : tags.joined(separator: "、"))）")
            }
            call.updatedAt = store.clock.now()
            try call.update(db)
            return try CallService.details(of: call, in: db)
        }
    }

    // MARK: reading

    public func show(_ callID: Int64, identity: Identity) throws -> CallDetails {
        try requireIntake(identity, "查看来电记录")
        return try store.read { db in try CallService.details(of: try CallService.fetch(callID, in: db), in: db) }
    }

    /// The most recent calls, newest first.
    public func recent(limit: Int = 20, identity: Identity) throws -> [CallDetails] {
        try requireIntake(identity, "查看来电记录")
        return try store.read { db in
            let calls = try Call.order(Column("received_at").desc, Column("id").desc).limit(max(1, limit)).fetchAll(db)
            return try CallService.details(of: calls, in: db)
        }
    }

    // MARK: shared with the other services

    static func fetch(_ callID: Int64, in db: Database) throws -> Call {
        guard let call = try Call.fetchOne(db, key: callID) else { throw IntakeError.callNotFound(callID) }
        return call
    }

    static func tags(of callID: Int64, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT tag FROM call_tag WHERE call_id = ? ORDER BY tag = ? DESC, tag",
                            arguments: [callID, enterpriseTag])
    }

    static func details(of call: Call, in db: Database) throws -> CallDetails {
        try details(of: [call], in: db)[0]
    }

    /// Details for many calls with one query per related table.
    static func details(of calls: [Call], in db: Database) throws -> [CallDetails] {
        let ids = calls.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let placeholders = databaseQuestionMarks(count: ids.count)
        var tags: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT call_id, tag FROM call_tag WHERE call_id IN (\(placeholders)) ORDER BY tag = ? DESC, tag",
                                    arguments: StatementArguments(ids) + [enterpriseTag]) {
            tags[row["call_id"], default: []].append(row["tag"])
        }
        var orders: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT call_id, number FROM work_order WHERE call_id IN (\(placeholders)) ORDER BY id",
                                    arguments: StatementArguments(ids)) {
            orders[row["call_id"], default: []].append(row["number"])
        }
        let entryIDs = calls.compactMap(\.knowledgeEntryID)
        var entries: [Int64: String] = [:]
        if !entryIDs.isEmpty {
            for row in try Row.fetchAll(db, sql: "SELECT id, external_id FROM knowledge_entry WHERE id IN (\(databaseQuestionMarks(count: entryIDs.count)))",
                                        arguments: StatementArguments(entryIDs)) {
                entries[row["id"]] = row["external_id"]
            }
        }
        return calls.map { call in
            CallDetails(call: call, tags: tags[call.id!] ?? [], knowledgeEntryExternalID: call.knowledgeEntryID.flatMap { entries[$0] },
                        orderNumbers: orders[call.id!] ?? [])
        }
    }
}
