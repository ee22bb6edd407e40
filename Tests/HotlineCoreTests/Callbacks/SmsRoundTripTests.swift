import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The SMS callback round trip: the outbox lists what to send and remembers it; the
/// platform's replies are applied through the callback rules; malformed, unknown and
/// ambiguous lines are reported by line and change nothing.
final class SmsRoundTripTests: ReportTestCase {
    var sms: SmsCallbacks { SmsCallbacks(store: store) }

    func accepted(phone: String, kind: OrderKind = .consult) throws -> String {
        let number = try create(phone: phone, kind: kind).number
        try bringToCallback(number)
        return number
    }

    func testOutboxListsEachOrderOnceAndUsesTheTemplate() throws {
        let a = try accepted(phone: "13800000001")
        let b = try accepted(phone: "13800000002", kind: .other)
        _ = try accepted(phone: "0513-80001001")  // a landline cannot take an SMS
        _ = try create(phone: "13800000009")       // not yet answered
        _ = try sms.setTemplate(kind: "other", body: "工单{number}已由{department}办理，请回复1满意2基本满意3不满意", identity: lead)

        let preview = try sms.outbox(dryRun: true, identity: lead)
        XCTAssertEqual(preview.map(\.orderNumber), [a, b])
        let sent = try sms.outbox(identity: admin)
        XCTAssertEqual(sent.map(\.orderNumber), [a, b])
        XCTAssertEqual(sent[0].phone, "13800000001")
        XCTAssertTrue(sent[0].text.contains(a) && sent[0].text.contains("如皋市税务局"), sent[0].text)
        XCTAssertEqual(sent[1].text, "工单\(b)已由如皋市税务局办理，请回复1满意2基本满意3不满意")
        XCTAssertEqual(try sms.outbox(identity: lead), [], "already handed to the platform")

        XCTAssertThrowsError(try sms.outbox(identity: agent))
        XCTAssertThrowsError(try sms.setTemplate(kind: "consult", body: "没有工单号", identity: lead))
        XCTAssertThrowsError(try sms.setTemplate(kind: "consult", body: "{number}{phone}", identity: lead))
        XCTAssertThrowsError(try sms.setTemplate(kind: "nope", body: "{number}", identity: lead))

        let queue = try CallbackQueue(store: store).manual(identity: agent)
        XCTAssertEqual(queue.map(\.reason), [.noMobile], "the landline order is for a manual callback at once")
    }

    func testRepliesAreAppliedThroughTheCallbackRules() throws {
        let a = try accepted(phone: "13800000001")
        let b = try accepted(phone: "13800000002")
        let c = try accepted(phone: "13800000003")
        let d = try accepted(phone: "13800000004")
        XCTAssertEqual(try sms.outbox(identity: lead).count, 4)
        clock.set("2026-11-23T15:00:00+08:00")
        let replies = """
            手机号,回复内容,回复时间
            13800000001,1,2026-11-23 14:10:00
            \(b),２,2026-11-23 14:20:00
            13800000003,3,2026-11-23 14:30:00
            13800000004,好的谢谢,2026-11-23 14:40:00
            13900000000,1,2026-11-23 14:50:00
            13800000004,1,昨天
            13800000004,1
            YQL-1,1,2026-11-23 14:55:00
            """
        let path = try writeFile("replies.csv", replies)
        let summary = try sms.importReplies(path: path, identity: lead)
        XCTAssertEqual(summary.lines, 8)
        XCTAssertEqual(summary.applied, [.satisfied: 1, .basic: 1, .unsatisfied: 1])
        XCTAssertEqual(summary.problems.count, 5, summary.problems.joined(separator: "\n"))
        XCTAssertEqual(Set(summary.problems.map { $0.components(separatedBy: ": ")[0] }),
                       Set([5, 6, 7, 8, 9].map { "\(path):\($0)" }), "the header is not a line of data")
        XCTAssertTrue(summary.problems.contains { $0.contains("好的谢谢") && $0.contains("无法识别") })
        XCTAssertTrue(summary.problems.contains { $0.contains("139****0000") }, "an unknown phone, named masked")

        XCTAssertEqual(try status(a), .closed)
        XCTAssertEqual(try status(b), .closed)
        XCTAssertEqual(try status(c), .awaitingCallback)
        XCTAssertEqual(try status(d), .awaitingCallback, "its malformed replies changed nothing")
        let detail = try orders.detail(c, identity: lead)
        XCTAssertEqual(detail.callbacks.map(\.result), [.unsatisfied])
        XCTAssertEqual(detail.callbacks.first?.channel, .sms)
        XCTAssertEqual(detail.callbacks.first?.at, Self.instant("2026-11-23T14:30:00+08:00"),
                       "the callback is dated when the requester replied, not when the file was imported")
        XCTAssertEqual(try orders.detail(a, identity: lead).order.closedAt, Self.instant("2026-11-23T14:10:00+08:00"))
        XCTAssertTrue(detail.order.manualCallbackNeeded)
        XCTAssertEqual(try CallbackQueue(store: store).manual(identity: agent).map(\.orderNumber), [c])

        // The same file again: nothing applied twice.
        let again = try sms.importReplies(path: path, identity: admin)
        XCTAssertEqual(again.appliedCount, 0)
        XCTAssertEqual(again.alreadyApplied, 3)
        XCTAssertEqual(try orders.detail(a, identity: lead).callbacks.count, 1)

        // A second, different reply to an SMS already answered is reported, not applied.
        let second = try writeFile("second.csv", "\(c),1,2026-11-23 14:59:00\n")
        let late = try sms.importReplies(path: second, identity: lead)
        XCTAssertEqual(late.appliedCount, 0)
        XCTAssertEqual(late.problems.count, 1)
        XCTAssertEqual(try status(c), .awaitingCallback)
    }

    func testRepliesByPhoneNeedOneWaitingOrder() throws {
        let a = try accepted(phone: "13800000001")
        let b = try accepted(phone: "13800000001")
        _ = try sms.outbox(identity: lead)
        clock.set("2026-11-23T15:00:00+08:00")
        let path = try writeFile("ambiguous.csv", "13800000001,1,2026-11-23 14:10:00\n\(b),1,2026-11-23 14:11:00\n")
        let summary = try sms.importReplies(path: path, identity: lead)
        XCTAssertEqual(summary.appliedCount, 1)
        XCTAssertTrue(summary.problems.first?.contains(a) ?? false, summary.problems.description)
        XCTAssertEqual(try status(a), .awaitingCallback)
        XCTAssertEqual(try status(b), .closed)
    }

    func testUnansweredSmsJoinsTheManualQueueAfterTheReplyWindow() throws {
        let a = try accepted(phone: "13800000001")
        _ = try sms.outbox(identity: lead)
        XCTAssertEqual(try CallbackQueue(store: store).manual(identity: lead).count, 0)
        clock.set("2026-11-24T11:00:00+08:00")
        let queue = try CallbackQueue(store: store).manual(identity: lead)
        XCTAssertEqual(queue.map(\.orderNumber), [a])
        XCTAssertEqual(queue.first?.reason, .noSmsReply)
        XCTAssertEqual(queue.first?.contactPhone, "13800000001")
        XCTAssertThrowsError(try CallbackQueue(store: store).manual(identity: tax))
    }
}
