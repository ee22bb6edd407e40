import Foundation

/// What the agent enters for a new call (统一受理).
public struct CallIntake: Sendable, Equatable {
    public var channel: Call.Channel
    public var phone: String?
    public var callerName: String
    public var enterpriseName: String?
    public var uscc: String?
    /// Keep a 统一社会信用代码 whose check character fails (the agent checked with the caller).
    public var acceptFailingUSCC: Bool
    public var requestType: Call.RequestType
    public var content: String
    /// Tag the call 企业 when an enterprise is named (on unless the agent says otherwise).
    public var enterpriseTag: Bool
    public var tags: [String]

    public init(channel: Call.Channel = .phone, phone: String?, callerName: String = "", enterpriseName: String? = nil,
                uscc: String? = nil, acceptFailingUSCC: Bool = false, requestType: Call.RequestType = .consult,
                content: String, enterpriseTag: Bool = true, tags: [String] = []) {
        self.channel = channel
        self.phone = phone
        self.callerName = callerName
        self.enterpriseName = enterpriseName
        self.uscc = uscc
        self.acceptFailingUSCC = acceptFailingUSCC
        self.requestType = requestType
        self.content = content
        self.enterpriseTag = enterpriseTag
        self.tags = tags
    }
}

/// Details filled in after a call rang (`ring` records only the number); nil leaves a
/// field as it is, an empty string clears an optional one.
public struct CallAmendment: Sendable, Equatable {
    public var callerName: String?
    public var enterpriseName: String?
    public var uscc: String?
    public var acceptFailingUSCC: Bool
    public var requestType: Call.RequestType?
    public var content: String?
    public var enterpriseTag: Bool

    public init(callerName: String? = nil, enterpriseName: String? = nil, uscc: String? = nil,
                acceptFailingUSCC: Bool = false, requestType: Call.RequestType? = nil, content: String? = nil,
                enterpriseTag: Bool = true) {
        self.callerName = callerName
        self.enterpriseName = enterpriseName
        self.uscc = uscc
        self.acceptFailingUSCC = acceptFailingUSCC
        self.requestType = requestType
        self.content = content
        self.enterpriseTag = enterpriseTag
    }
}

/// How a call ended, as the agent records it. `specialist` and `order` are set by the
/// three-way call and work-order code (Call.markResolvedBySpecialist, Call.markOrdered).
public enum OutcomeChoice: Sendable, Equatable {
    case knowledge(externalID: String)
    case outOfScope(OutOfScopeReason)
    case transferred(to: String)
}

/// The validated enterprise part of an intake.
struct EnterpriseFields {
    var name: String?
    var uscc: String?
    var check: USCCCheck?

    var overridden: Bool { check.map { !$0.checkCharacterValid } ?? false }

    /// Validates name and code; a failing check character is an error unless accepted.
    static func validate(name: String?, uscc: String?, accept: Bool) throws(IntakeError) -> EnterpriseFields {
        let cleanName = try IntakeText.clean(name, field: "企业名称", limit: IntakeText.enterpriseNameLimit)
        guard let uscc, !uscc.trimmingCharacters(in: .whitespaces).isEmpty else {
            return EnterpriseFields(name: cleanName, uscc: nil, check: nil)
        }
        let check = try USCC.check(uscc)
        if !check.checkCharacterValid && !accept {
            throw .usccCheckFailed(code: check.normalized, expected: check.expectedCheckCharacter,
                                   actual: check.actualCheckCharacter)
        }
        return EnterpriseFields(name: cleanName, uscc: check.normalized, check: check)
    }
}
