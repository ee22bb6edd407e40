/// Each thing a person can do to an order, with who may do it (DESIGN.md "Roles").
/// The check lives here so the CLI and the console refuse exactly the same things.
public enum OrderOperation: String, Sendable, CaseIterable {
    case create, dispatch, sign, contact, answer, review
    case requestReturn = "request-return"
    case decideReturn = "decide-return"
    case requestExtension = "request-extension"
    case decideExtension = "decide-extension"
    case callback, urge, supervise, merge, reassign

    /// The verb, as in "不能签收".
    public var label: String {
        switch self {
        case .create: return "创建工单"
        case .dispatch: return "派发"
        case .sign: return "签收"
        case .contact: return "记录联系诉求人"
        case .answer: return "答复"
        case .review: return "认定答复"
        case .requestReturn: return "申请退回"
        case .decideReturn: return "审核退回申请"
        case .requestExtension: return "申请延时"
        case .decideExtension: return "审核延时申请"
        case .callback: return "回访"
        case .urge: return "催办"
        case .supervise: return "督办"
        case .merge: return "合并工单"
        case .reassign: return "改派"
        }
    }

    public var roles: [Role] {
        switch self {
        case .create, .callback: return [.agent, .lead]
        case .dispatch, .review, .decideReturn, .decideExtension, .urge, .supervise, .merge, .reassign: return [.lead]
        case .sign, .contact, .answer, .requestReturn, .requestExtension: return [.department]
        }
    }

    /// Department operations act only on orders their own department holds.
    var needsHoldingDepartment: Bool { roles == [.department] }

    /// Whether `identity` may perform this operation at all (before looking at an order);
    /// the console uses it to offer only the actions a role has.
    public func isAllowed(for role: Role) -> Bool { roles.contains(role) }

    func authorize(_ identity: Identity) throws {
        guard roles.contains(identity.role) else {
            throw AccessError.roleRequired(operation: label, roles: roles, actual: identity.role)
        }
    }
}
