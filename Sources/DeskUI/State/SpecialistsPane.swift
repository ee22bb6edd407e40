import Foundation
import HotlineCore

/// The specialists screen: a topic searched as typed, the specialists who match, and the
/// three-way call being recorded with one of them.
public struct SpecialistsPane: Equatable, Sendable {
    public var topic = TextField(maxLength: 200)
    /// Set once the topic is typed by hand, so coming back never overwrites it with the
    /// call's content.
    public var topicEdited = false
    public var matches: [SpecialistRow] = []
    public var selected = 0
    /// Bumped by every change of the topic; an older result is dropped.
    public var generation = 0
    public var searching = false
    /// The three-way call going on now, if any.
    public var running: RunningThreeWay?
    /// The specialist's answer as the agent types it; kept until the record is finished.
    public var answer = TextField(maxLength: ThreeWayCallLog.answerLimit, multiline: true)
    /// The last finished three-way call, which Ctrl-P can promote.
    public var finished: FinishedThreeWay?

    public init() {}
}

/// One specialist as the list shows them; the phone is already masked for the viewer.
public struct SpecialistRow: Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var departmentCode: String
    public var department: String
    public var title: String
    public var matchedExpertise: [String]
    public var phone: String
}

public struct RunningThreeWay: Equatable, Sendable {
    public var id: Int64
    public var specialist: SpecialistRow
    public var question: String
    public var startedAt: Date
}

public struct FinishedThreeWay: Equatable, Sendable {
    public var id: Int64
    public var specialistName: String
    public var resolved: Bool
    /// The draft's external id once promoted.
    public var draft: String?
}

/// Work on the specialists screen, as one case of `DeskEffect`.
public enum SpecialistsEffect: Equatable, Sendable {
    case find(topic: String, generation: Int)
    case start(callID: Int64, specialist: SpecialistRow, question: String)
    case finish(id: Int64, answer: String, resolved: Bool)
    case promote(id: Int64)
}

public enum SpecialistsResult: Sendable {
    case found(generation: Int, rows: [SpecialistRow], problem: String?)
    case started(RunningThreeWay)
    case finished(FinishedThreeWay, seconds: Int)
    case promoted(threeWayID: Int64, draft: String, department: String)
}

/// The running call's elapsed time as the screen shows it.
public enum ThreeWayTimer {
    /// `mm:ss` from `start` to `now` (minutes run past 59 rather than adding hours: a
    /// conference is minutes long); never negative if clocks disagree.
    public static func text(from start: Date, to now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(start).rounded(.down)))
        let minutes = seconds / 60, rest = seconds % 60
        return (minutes < 10 ? "0" : "") + "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}
