import Foundation
import GRDB

/// Deadlines on the stored working calendar and SLA rules (DESIGN.md "Working calendar").
enum OrderDeadlines {
    /// Starts the clocks of a (re)dispatch at `now`: sign, answer and return window.
    /// Returns the calendar's warnings (a year without holiday data).
    static func dispatch(_ order: inout WorkOrder, at now: Date, in db: Database) throws -> [String] {
        let (calendar, rule) = try sla(for: order.kind, in: db)
        let deadlines = calendar.deadlines(for: rule, dispatchedAt: now)
        order.dispatchedAt = now
        order.signDue = deadlines.sign.instant
        order.answerDue = deadlines.answer.instant
        order.returnDue = deadlines.returnWindow.instant
        order.signOverdue = false
        order.answerOverdue = false
        order.signedAt = nil
        order.extensionDaysGranted = 0
        return Array(Set(deadlines.sign.warnings + deadlines.answer.warnings + deadlines.returnWindow.warnings))
            .sorted { $0.year < $1.year }.map(\.message)
    }

    /// A fresh answer deadline from `now` (rework after an unsatisfied manual callback).
    static func freshAnswerDue(kind: OrderKind, from now: Date, in db: Database) throws -> Deadline {
        let (calendar, rule) = try sla(for: kind, in: db)
        return calendar.deadlines(for: rule, dispatchedAt: now).answer
    }

    /// The answer deadline moved by an approved extension of `days` working days.
    static func extended(_ due: Date, byWorkingDays days: Int, in db: Database) throws -> Deadline {
        try CalendarStore.calendar(db).extend(due, byWorkingDays: days)
    }

    private static func sla(for kind: OrderKind, in db: Database) throws -> (calendar: WorkingCalendar, rule: SLARule) {
        guard let rule = try SLARuleRecord.fetchOne(db, key: kind.rawValue)?.rule else {
            let known = try SLARuleRecord.ordered.fetchAll(db).map(\.kind)
            throw CalendarStoreError.unknownKind(kind.rawValue, known: known)
        }
        return (try CalendarStore.calendar(db), rule)
    }
}
