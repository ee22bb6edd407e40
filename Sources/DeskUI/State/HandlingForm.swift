import Foundation
import HotlineCore

/// A department's form for one order: the answer (答复), a note of the contact with the
/// requester (联系), a return request (退回申请) or an extension request (延时申请).
/// Drafts are kept per order and operation until sent or discarded, so leaving the
/// screen, a refresh, a resize or a refusal never loses what was typed.
public struct HandlingForm: Equatable, Sendable {
    public enum Field: Int, Sendable {
        case text, days, suggest
    }

    /// Which draft this is: one per order and operation.
    public struct DraftKey: Hashable, Sendable {
        public var number: String
        public var operation: OrderOperation
    }

    public var operation: OrderOperation
    public var number: String
    public var orderTitle: String
    /// The order's version the person saw; the core refuses the form if it changed since.
    public var version: Int
    public var text: TextField
    /// Working days asked for (extension).
    public var days = TextField(maxLength: 3)
    /// The department the order should go to instead (return, optional).
    public var suggest = TextField(maxLength: 40)
    public var focus: Field = .text
    /// Sent and waiting for the core's answer.
    public var submitting = false

    /// The operations that need a form (sign needs nothing typed).
    public static let operations: [OrderOperation] = [.answer, .contact, .requestReturn, .requestExtension]

    public init(operation: OrderOperation, number: String, orderTitle: String, version: Int) {
        self.operation = operation
        self.number = number
        self.orderTitle = orderTitle
        self.version = version
        // The core's limits: an answer up to 10,000 characters, notes and reasons 2,000.
        text = TextField(maxLength: operation == .answer ? 10_000 : 2_000, multiline: operation == .answer)
        focus = operation == .requestExtension ? .days : .text
    }

    public var key: DraftKey { DraftKey(number: number, operation: operation) }

    /// The fields in Tab order.
    public var fields: [Field] {
        switch operation {
        case .requestExtension: return [.days, .text]
        case .requestReturn: return [.text, .suggest]
        default: return [.text]
        }
    }

    public var title: String {
        switch operation {
        case .answer: return "答复"
        case .contact: return "联系诉求人"
        case .requestReturn: return "退回申请"
        case .requestExtension: return "延时申请"
        default: return operation.label
        }
    }

    public func label(_ field: Field) -> String {
        switch field {
        case .days: return "延时天数"
        case .suggest: return "建议单位"
        case .text:
            switch operation {
            case .answer: return "答复内容"
            case .contact: return "联系情况"
            case .requestReturn: return "退回理由"
            default: return "延时理由"
            }
        }
    }

    public func field(_ field: Field) -> TextField {
        switch field {
        case .text: return text
        case .days: return days
        case .suggest: return suggest
        }
    }

    public mutating func edit(_ field: Field, _ change: (inout TextField) -> Void) {
        switch field {
        case .text: change(&text)
        case .days: change(&days)
        case .suggest: change(&suggest)
        }
    }

    /// Anything typed that leaving would throw away.
    public var hasInput: Bool { !(text.trimmed.isEmpty && days.trimmed.isEmpty && suggest.trimmed.isEmpty) }
}
