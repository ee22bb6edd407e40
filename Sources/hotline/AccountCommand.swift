import ArgumentParser
import Foundation
import HotlineCore

struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "账号：添加、列出、停用、启用（仅系统管理员）。",
        discussion: "每个账号对应一个系统用户（SSH 登录即身份认证）；账号不删除，离岗人员停用即可。",
        subcommands: [AccountAddCommand.self, AccountListCommand.self, AccountDisableCommand.self, AccountEnableCommand.self]
    )

    static func json(_ listing: AccountListing) -> [String: Any] {
        let account = listing.account
        return ["login": account.login, "name": account.name, "role": account.role.rawValue,
                "role_label": account.role.label, "department": listing.departmentCode as Any? ?? NSNull(),
                "department_name": listing.departmentName as Any? ?? NSNull(),
                "os_user": account.osUser as Any? ?? NSNull(), "active": account.active,
                "created_at": ShanghaiTime.format(account.createdAt)]
    }

    static func line(_ listing: AccountListing) -> String {
        let account = listing.account
        var text = "\(account.login)\t\(account.name)\t\(account.role.label)（\(account.role.rawValue)）"
        if let name = listing.departmentName { text += "\t\(name)" }
        text += "\t系统用户 \(account.osUser ?? "无")\t\(account.active ? "在用" : "已停用")"
        return text
    }
}

struct AccountAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "添加账号。",
        discussion: "承办单位联络员（department）必须给出 --department；其他角色不能给出。--os-user 默认与 LOGIN 相同。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("账号名：英文字母、数字、. _ -", valueName: "LOGIN"))
    var login: String

    @Option(help: ArgumentHelp("姓名", valueName: "NAME"))
    var name: String

    @Option(help: ArgumentHelp("agent（坐席）、lead（班长）、trainer（知识库管理员）、department（承办单位联络员）或 admin（系统管理员）",
                               valueName: "ROLE"))
    var role: String

    @Option(help: ArgumentHelp("所属承办单位编码（仅 department 角色）", valueName: "CODE"))
    var department: String?

    @Option(name: .customLong("os-user"), help: ArgumentHelp("对应的系统用户（默认同 LOGIN）", valueName: "USER"))
    var osUser: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        do {
            _ = try Role(text: role)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let new = NewAccount(login: login, name: name, role: try Role(text: role), departmentCode: department, osUser: osUser)
        let listing = try AccountDirectory(store: store).add(new, identity: identity)
        if json { CommandOutput.json(AccountCommand.json(listing)); return }
        CommandOutput.line("\(listing.account.login)  已添加账号 \(listing.account.name)（\(listing.account.role.label)"
            + (listing.departmentName.map { "，\($0)" } ?? "") + "），系统用户 \(listing.account.osUser ?? "无")")
    }
}

struct AccountListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "列出全部账号（按账号名排序）。"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let listings = try AccountDirectory(store: store).list(identity: identity)
        if json { CommandOutput.json(listings.map(AccountCommand.json)); return }
        for listing in listings { CommandOutput.line(AccountCommand.line(listing)) }
        CommandOutput.line("共 \(listings.count) 个账号，在用 \(listings.filter(\.account.active).count) 个")
    }
}

struct AccountDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "停用账号（记录保留；不能停用唯一在用的系统管理员）。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("账号名", valueName: "LOGIN"))
    var login: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let listing = try AccountDirectory(store: store).setActive(false, login: login, identity: identity)
        if json { CommandOutput.json(AccountCommand.json(listing)); return }
        CommandOutput.line("\(listing.account.login)  已停用")
    }
}

struct AccountEnableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "重新启用已停用的账号。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("账号名", valueName: "LOGIN"))
    var login: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let listing = try AccountDirectory(store: store).setActive(true, login: login, identity: identity)
        if json { CommandOutput.json(AccountCommand.json(listing)); return }
        CommandOutput.line("\(listing.account.login)  已启用")
    }
}
