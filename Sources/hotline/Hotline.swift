import ArgumentParser
import Foundation
import HotlineCore

@main
struct Hotline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotline",
        abstract: "一企来 12345 企业服务专席：批处理命令行（初始化、导入、知识库检索、工作日历、报表）。",
        discussion: """
            全局选项放在子命令之前（也可放在之后）：hotline --db PATH --as LOGIN kb search 社保
            退出码：0 成功，64 用法错误，65 数据错误，69 不可用，73 无法创建，77 权限不足。
            """,
        subcommands: [InitCommand.self, AccountCommand.self, DepartmentCommand.self, CallCommand.self, RingCommand.self,
                      KnowledgeCommand.self, CalendarCommand.self, OrderCommand.self, SweepCommand.self,
                      AuditCommand.self, BackupCommand.self, RestoreCommand.self, CheckCommand.self,
                      SpecialistCommand.self, ThreeWayCommand.self, BenchCommand.self,
                      ReportCommand.self, SmsCommand.self, CdrCommand.self, ReviewCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let failure as any HotlineFailure {
            CommandOutput.fail(failure)
        } catch let invalid as ValidationError {
            // Raised while running, after the arguments parsed: one line, like every error.
            FileHandle.standardError.write(Data("hotline: \(invalid.message)\n".utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
