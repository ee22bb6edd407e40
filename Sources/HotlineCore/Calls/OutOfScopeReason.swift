/// Why the hotline does not accept a matter: the six items of 第九条 of the Jiangsu 12345
/// operating rules, with 第五条's emergencies split by the number the caller must ring.
/// Each has the script the agent reads to explain and guide (解释引导, 第十条).
public enum OutOfScopeReason: String, Sendable, CaseIterable {
    /// 第九条（一）
    case jurisdiction
    /// 第九条（二）
    case legalProcess = "legal_process"
    /// 第九条（三）
    case secretsPrivacy = "secrets_privacy"
    /// 第九条（四）
    case abuseOrVague = "abuse_or_vague"
    /// 第九条（五）, when the kind of emergency is not yet clear.
    case emergency
    case emergencyPolice = "emergency_police"
    case emergencyFire = "emergency_fire"
    case emergencyMedical = "emergency_medical"
    case emergencyWater = "emergency_water"
    /// 第九条（六）
    case other

    /// The item of 第九条 it comes from.
    public var article: String {
        switch self {
        case .jurisdiction: return "第九条（一）"
        case .legalProcess: return "第九条（二）"
        case .secretsPrivacy: return "第九条（三）"
        case .abuseOrVague: return "第九条（四）"
        case .emergency, .emergencyPolice, .emergencyFire, .emergencyMedical, .emergencyWater: return "第九条（五）"
        case .other: return "第九条（六）"
        }
    }

    public var label: String {
        switch self {
        case .jurisdiction: return "非江苏省行政管辖范围"
        case .legalProcess: return "已进入或须通过信访、仲裁、行政复议、诉讼程序"
        case .secretsPrivacy: return "涉及国家秘密、商业秘密、个人隐私"
        case .abuseOrVague: return "恶意侮辱诽谤、扰乱秩序，或内容不具体、无依据无法办理"
        case .emergency: return "紧急救助（110、119、120、水上救援）"
        case .emergencyPolice: return "紧急救助：治安、刑事警情（110）"
        case .emergencyFire: return "紧急救助：火灾、抢险救援（119）"
        case .emergencyMedical: return "紧急救助：急救医疗（120）"
        case .emergencyWater: return "紧急救助：水上遇险（12395）"
        case .other: return "其他不予受理事项"
        }
    }

    /// The emergency number to give the caller, when there is one.
    public var emergencyNumber: String? {
        switch self {
        case .emergencyPolice: return "110"
        case .emergencyFire: return "119"
        case .emergencyMedical: return "120"
        case .emergencyWater: return "12395"
        default: return nil
        }
    }

    /// What the agent says: polite, states why, and says where the caller can go instead.
    public var script: String {
        switch self {
        case .jurisdiction:
            return "您好，您反映的事项不属于江苏省行政管辖范围，12345 热线无法受理。建议您向事项所在地的政务服务热线"
                + "或相关主管部门反映。感谢您的理解。"
        case .legalProcess:
            return "您好，您反映的事项已进入（或依法须通过）信访、仲裁、行政复议或诉讼程序，12345 热线不能介入。"
                + "请您按原程序向受理机关了解进展，或咨询律师、法律援助机构（法律服务热线 12348）。感谢您的理解。"
        case .secretsPrivacy:
            return "您好，您咨询的内容涉及国家秘密、商业秘密或个人隐私，热线不能提供或受理。如确需查询，"
                + "请本人携带有效证件到有关部门依法申请。感谢您的理解。"
        case .abuseOrVague:
            return "您好，为了帮您办理，需要您说明具体的事项、时间、地点和诉求。目前的反映内容不够具体（或缺乏政策法规依据），"
                + "热线暂时无法受理。您补充具体情况后可以再次来电。请文明表达，谢谢配合。"
        case .emergency:
            return "您好，您反映的是紧急情况，请立即挂断后拨打紧急电话：治安警情拨 110，火灾拨 119，急救拨 120，"
                + "水上遇险拨 12395。12345 热线不受理紧急救助事项。"
        case .emergencyPolice:
            return "您好，这属于紧急警情，请立即挂断后拨打 110 报警。12345 热线不受理紧急救助事项。"
        case .emergencyFire:
            return "您好，这属于火灾或抢险救援，请立即挂断后拨打 119。12345 热线不受理紧急救助事项。"
        case .emergencyMedical:
            return "您好，这需要急救，请立即挂断后拨打 120。12345 热线不受理紧急救助事项。"
        case .emergencyWater:
            return "您好，这属于水上遇险求救，请立即挂断后拨打水上搜救专用电话 12395（紧急时也可拨 110）。"
                + "12345 热线不受理紧急救助事项。"
        case .other:
            return "您好，您反映的事项依照《江苏12345热线运行规则》不属于热线受理范围，我们无法为您办理。"
                + "如您不清楚应向哪个部门反映，我们可以为您提供相关部门的联系方式。感谢您的理解。"
        }
    }

    /// The code (`emergency_police`), or an emergency number (`110`).
    public init(text: String) throws(IntakeError) {
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        if let reason = OutOfScopeReason(rawValue: folded) { self = reason; return }
        if let reason = OutOfScopeReason.allCases.first(where: { $0.emergencyNumber == folded }) { self = reason; return }
        throw .unknownReason(text)
    }
}
