import Foundation
import GRDB

/// Screen pop: calls the telephony hook (`hotline ring`) recorded for an agent, which
/// that agent's desk opens as a prefilled intake form.
extension CallService {
    /// The id of the newest call; a desk starting up ignores rings older than this.
    public func latestCallID() throws -> Int64 {
        try store.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM call") ?? 0 }
    }

    /// Calls rung for this identity's account after call `id` that nobody has filled in
    /// yet (still open and without content), oldest first, each with the caller's
    /// history (the rung call itself left out).
    public func rings(after id: Int64, identity: Identity, historyLimit: Int = 10) throws -> [RingResult] {
        try requireIntake(identity, "接收来电弹屏")
        return try store.read { db in
            let calls = try Call.fetchAll(db, sql: """
                SELECT * FROM call WHERE agent_login = ? AND id > ? AND outcome = 'open' AND content = ''
                ORDER BY id LIMIT 5
                """, arguments: [identity.account.login, id])
            return try calls.map { call in
                var history = try CallService.history(phone: call.callerPhone, uscc: nil, limit: historyLimit + 1, in: db)
                history.calls.removeAll { $0.id == call.id }
                history.calls = Array(history.calls.prefix(historyLimit))
                return RingResult(call: try CallService.details(of: call, in: db), history: history)
            }
        }
    }
}
