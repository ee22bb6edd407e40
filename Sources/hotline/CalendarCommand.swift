import ArgumentParser
import Foundation
import HotlineCore

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "工作日历：节假日与调休、工作时段、工单时限规则、截止时间计算。",
        discussion: "时区为北京时间（+08:00）。没有节假日数据的年份按周一至周五上班计算，并给出警告。",
        subcommands: [CalendarImportCommand.self, CalendarShowCommand.self, CalendarIsWorkdayCommand.self,
                      CalendarHoursCommand.self, CalendarSLACommand.self, CalendarDueCommand.self]
    )
}

struct CalendarImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入节假日安排文件（按文件中出现的年份整年替换；有任何错误行则全部不写入）。",
        discussion: "每行：YYYY-MM-DD  holiday|workday  名称。仅系统管理员。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("节假日安排文件", valueName: "FILE"))
    var file: String

    @Flag(help: "以 JSON 输出结果")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let summary = try CalendarStore(store: store).importHolidays(path: file, identity: identity)
        if json {
            CommandOutput.json(["years": summary.years, "holidays": summary.holidays, "workdays": summary.workdays,
                                "replaced_entries": summary.replacedEntries])
            return
        }
        let years = summary.years.map(String.init).joined(separator: "、")
        CommandOutput.line("已导入 \(years) 年：放假 \(summary.holidays) 天，调休上班 \(summary.workdays) 天（替换原有 \(summary.replacedEntries) 条）")
    }
}

struct CalendarShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "列出某年的法定节假日与调休上班日。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("年份", valueName: "YEAR"))
    var year: Int

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if !(1...9999).contains(year) { throw ValidationError("YEAR: 应为四位年份，如 2025") }
    }

    func run() throws {
        let store = try global.openStore()
        let data = try CalendarStore(store: store).year(year)
        if let warning = data.warning { CommandOutput.warn(warning.message) }
        if json {
            CommandOutput.json([
                "year": year, "has_data": data.hasData,
                "days": data.days.map { ["date": $0.date.iso, "weekday": $0.date.weekday.chineseName,
                                         "kind": $0.kind.rawValue, "name": $0.name] },
            ])
            return
        }
        for day in data.days {
            CommandOutput.line("\(day.date.iso)  \(day.date.weekday.chineseName)  \(day.kind.chineseName)  \(day.name)")
        }
        if data.hasData {
            let holidays = data.days.filter { $0.kind == .holiday }.count
            CommandOutput.line("共 \(data.days.count) 条：放假 \(holidays) 天，调休上班 \(data.days.count - holidays) 天")
        }
    }
}

struct CalendarIsWorkdayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "is-workday",
        abstract: "某日是否工作日（输出 是/否 及原因；退出码均为 0）。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("日期 YYYY-MM-DD", valueName: "DATE"))
    var date: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        guard let day = LocalDate(iso: date.trimmingCharacters(in: .whitespaces)) else {
            throw CalendarError.invalidDate(text: date)
        }
        let calendar = try CalendarStore(store: try global.openStore()).calendar()
        if let warning = calendar.warning(forYear: day.year) { CommandOutput.warn(warning.message) }
        let reason = calendar.reason(for: day)
        if json {
            var object: [String: Any] = ["date": day.iso, "weekday": day.weekday.chineseName,
                                         "workday": reason.isWorkday, "reason": reason.code,
                                         "has_data": calendar.covers(year: day.year)]
            switch reason {
            case .holiday(let name), .adjustedWorkday(let name): object["name"] = name
            default: break
            }
            CommandOutput.json(object)
            return
        }
        CommandOutput.line("\(reason.isWorkday ? "是" : "否")  \(reason.label)  \(day.iso) \(day.weekday.chineseName)")
    }
}

struct CalendarHoursCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hours",
        abstract: "查看或设置每个工作日的工作时段（设置仅系统管理员）。",
        discussion: "如 --set \"08:30-12:00,13:30-17:30\"：按时间先后排列、互不重叠、在 00:00–24:00 之内。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("新的工作时段", valueName: "INTERVALS"))
    var set: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let hours: WorkingHours
        if let set {
            let (store, identity) = try global.openAsIdentity()
            hours = try CalendarStore(store: store).setWorkingHours(set, identity: identity)
        } else {
            hours = try CalendarStore(store: try global.openStore()).workingHours()
        }
        if json {
            CommandOutput.json([
                "intervals": hours.intervals.map { ["start": String($0.description.prefix(5)), "end": String($0.description.suffix(5))] },
                "text": hours.text, "minutes_per_day": hours.minutesPerDay,
            ])
            return
        }
        let perDay = hours.minutesPerDay
        let length = perDay % 60 == 0 ? "\(perDay / 60) 小时" : "\(perDay / 60) 小时 \(perDay % 60) 分"
        CommandOutput.line("\(set == nil ? "" : "已设置：")\(hours.text)（每个工作日 \(length)）")
    }
}

struct CalendarSLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "查看或设置工单时限规则（设置仅系统管理员）。",
        discussion: "--set \"类型 签收工作小时 答复工作日 退回工作日\"，如 --set \"consult 1 3 1\"；已有类型则替换。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("一条规则", valueName: "RULE"))
    var set: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let calendarStore: CalendarStore
        if let set {
            let (store, identity) = try global.openAsIdentity()
            calendarStore = CalendarStore(store: store)
            try calendarStore.setSLARules(set, identity: identity)
        } else {
            calendarStore = CalendarStore(store: try global.openStore())
        }
        let rules = try calendarStore.slaRules()
        if json {
            CommandOutput.json(rules.map { ["kind": $0.kind, "sign_working_hours": $0.signWorkingHours,
                                            "answer_working_days": $0.answerWorkingDays,
                                            "return_window_working_days": $0.returnWindowWorkingDays] })
            return
        }
        if set != nil { CommandOutput.line("已设置。") }
        CommandOutput.line("类型        签收(工作小时)  答复(工作日)  退回(工作日)")
        for rule in rules {
            let kind = rule.kind.padding(toLength: max(10, rule.kind.count), withPad: " ", startingAt: 0)
            CommandOutput.line("\(kind)  \(pad(rule.signWorkingHours, 14))  \(pad(rule.answerWorkingDays, 12))  \(pad(rule.returnWindowWorkingDays, 12))")
        }
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}

struct CalendarDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "计算截止时间（输出 ISO 8601，+08:00）。",
        discussion: """
            --from 为 ISO 8601，不带时区按北京时间。N 个工作日：起算日当天不计，截止于第 N 个工作日最后一个工作时段结束。
            --batch 从标准输入逐行读取 "<时间> hours|days <N>"，按顺序每行输出一个截止时间；有错误行则逐行报错（退出码 65），不输出任何结果。
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("起算时间", valueName: "ISO"))
    var from: String?

    @Option(help: ArgumentHelp("工作小时数", valueName: "N"))
    var workingHours: Int?

    @Option(help: ArgumentHelp("工作日数", valueName: "N"))
    var workingDays: Int?

    @Flag(help: "从标准输入批量计算")
    var batch = false

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if batch {
            if from != nil || workingHours != nil || workingDays != nil {
                throw ValidationError("--batch 从标准输入读取，不能同时给出 --from、--working-hours 或 --working-days")
            }
            return
        }
        if from == nil { throw ValidationError("请给出 --from ISO（或使用 --batch）") }
        switch (workingHours, workingDays) {
        case (nil, nil): throw ValidationError("请给出 --working-hours N 或 --working-days N 之一")
        case (.some, .some): throw ValidationError("--working-hours 与 --working-days 只能给出一个")
        case let (.some(n), nil), let (nil, .some(n)):
            if !(1...DueBatch.maximumAmount).contains(n) {
                throw ValidationError("N 应为 1 到 \(DueBatch.maximumAmount) 的整数")
            }
        }
    }

    func run() throws {
        // A pure computation over the stored calendar: no account needed.
        if batch {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            let text = String(decoding: input, as: UTF8.self)
            let calendar = try CalendarStore(store: try global.openStore()).calendar()
            let results = try DueBatch.evaluate(text, calendar: calendar, source: "<stdin>")
            var seen = Set<CalendarWarning>()
            for result in results {
                for warning in result.deadline.warnings where seen.insert(warning).inserted {
                    CommandOutput.warn(warning.message)
                }
            }
            var out = ""
            out.reserveCapacity(results.count * 26)
            if json {
                for result in results {
                    out += CommandOutput.jsonText(["line": result.line, "due": result.formatted,
                                                   "warnings": result.deadline.warnings.map(\.message)]) + "\n"
                }
            } else {
                for result in results { out += result.formatted + "\n" }
            }
            FileHandle.standardOutput.write(Data(out.utf8))
            return
        }
        let start = try ShanghaiTime.parse(from ?? "")
        let calendar = try CalendarStore(store: try global.openStore()).calendar()
        let deadline = workingHours.map { calendar.due(from: start, workingHours: $0) }
            ?? calendar.due(from: start, workingDays: workingDays ?? 0)
        for warning in deadline.warnings { CommandOutput.warn(warning.message) }
        if json {
            var object: [String: Any] = ["from": ShanghaiTime.format(start), "due": deadline.iso,
                                         "warnings": deadline.warnings.map(\.message)]
            if let workingHours { object["working_hours"] = workingHours }
            if let workingDays { object["working_days"] = workingDays }
            CommandOutput.json(object)
            return
        }
        print(deadline.iso)
    }
}
