/// Bad input to the account and department directory (exit 65): one line naming the
/// field or the record and what would be accepted.
public enum DirectoryError: HotlineFailure, Equatable {
    case invalid(field: String, value: String, reason: String)
    case loginTaken(String)
    case osUserTaken(osUser: String, login: String)
    case departmentRequired(role: Role)
    case departmentNotAllowed(role: Role)
    case unknownDepartment(String)
    case unknownAccount(String)
    case departmentCodeTaken(code: String, name: String)
    case departmentNameTaken(name: String, code: String)
    case lastActiveAdmin(String)
    case unknownRole(String)
    case unknownKind(String)
    case cannotRead(path: String)

    public var description: String {
        switch self {
        case .invalid(let field, let value, let reason):
            return "\(field) “\(TextSafety.visible(value))”：\(reason)"
        case .loginTaken(let login):
            return "账号 \(login) 已存在；要停用或启用请用 hotline account disable|enable"
        case .osUserTaken(let osUser, let login):
            return "--os-user: 系统用户 \(osUser) 已对应账号 \(login)；一个系统用户只能对应一个账号"
        case .departmentRequired(let role):
            return "--department: \(role.label)（\(role.rawValue)）账号必须指定所属承办单位编码"
        case .departmentNotAllowed(let role):
            return "--department: 只有承办单位联络员（department）账号属于某个承办单位，\(role.label)（\(role.rawValue)）账号不能指定"
        case .unknownDepartment(let code):
            return "--department: 没有编码为 \(TextSafety.visible(code)) 的承办单位；可用 hotline department list 查看"
        case .unknownAccount(let login):
            return "没有账号 \(TextSafety.visible(login))；可用 hotline account list 查看"
        case .departmentCodeTaken(let code, let name):
            return "承办单位编码 \(code) 已存在（\(TextSafety.visible(name))）；要修改名称或类型请用 hotline department import"
        case .departmentNameTaken(let name, let code):
            return "承办单位名称 \(TextSafety.visible(name)) 已被编码 \(code) 使用"
        case .lastActiveAdmin(let login):
            return "\(login) 是唯一在用的系统管理员账号，停用后将无人能管理系统；请先添加另一个管理员"
        case .unknownRole(let text):
            return "--role “\(TextSafety.visible(text))”无法识别；应为 " + Role.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、")
        case .unknownKind(let text):
            return "--kind “\(TextSafety.visible(text))”无法识别；应为 city（市级部门）或 town（镇区街道）"
        case .cannotRead(let path):
            return "\(TextSafety.visible(path)): 无法读取文件"
        }
    }

    public var exitCode: ExitStatus { .badData }
}
