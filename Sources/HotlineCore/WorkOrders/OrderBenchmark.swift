import Foundation
import GRDB

/// `hotline bench orders`: a year of synthetic orders with their events in a temporary
/// database, then the operations a desk waits on: a queue page, an order's detail, a
/// transition, and the sweep.
public enum OrderBenchmark {
    public struct Report: Sendable {
        public var orders: Int
        public var events: Int
        public var openOrders: Int
        public var fillSeconds: Double
        public var latencies: [LatencySummary]
        public var sweepSeconds: Double
        public var sweepFlagged: Int
        public var databaseMegabytes: Double
        public var peakResidentMegabytes: Double
    }

    /// "Now" of the benchmark: a Friday afternoon, inside working hours.
    public static let now = ShanghaiTime.instant(LocalDate(year: 2026, month: 11, day: 27)!, hour: 15)
    static let departmentCount = 40

    public static func run(orders count: Int, samples: Int, seed: URL, directory: URL,
                           progress: ((String) -> Void)? = nil) throws -> Report {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("bench.sqlite").path
        let clock = HotlineClock.fixed(now)
        let (store, _) = try Setup.initialize(path: path, seed: seed, includeSamples: false, clock: clock, osUser: "bench")
        let began = Date()
        let people = try fill(orders: count, into: store, progress: progress)
        let fillSeconds = Date().timeIntervalSince(began)
        progress?("生成用时 \(String(format: "%.1f", fillSeconds)) 秒")
        return try measure(store: store, path: path, people: people, samples: samples, fillSeconds: fillSeconds)
    }

    /// Times the operations again on a database an earlier run kept (`--keep`), without
    /// generating anything. The first run's urges and sweep stay in it: a rerun's sweep
    /// finds only what became overdue since, as cron's does every minute.
    public static func rerun(path: String, samples: Int) throws -> Report {
        let store = try HotlineStore.open(at: path, mode: .existing, clock: .fixed(now))
        let people = try store.read { db in
            let lead = try Account.filter(Column("login") == "benchlead").fetchOne(db)!
            let departments = try Row.fetchAll(db, sql: "SELECT id, code FROM department WHERE code GLOB 'B[0-9][0-9]' ORDER BY code")
            return People(lead: Identity(account: lead, actingAdmin: nil), departmentIDs: departments.map { $0["id"] },
                          departmentCodes: departments.map { $0["code"] })
        }
        return try measure(store: store, path: path, people: people, samples: samples, fillSeconds: 0)
    }

    static func measure(store: HotlineStore, path: String, people: People, samples: Int, fillSeconds: Double) throws -> Report {
        // Timed as the console runs: checkpoints beside the writes, not in them.
        try store.checkpointInBackground()
        let desk = WorkOrders(store: store)
        var rng = SplitMix64(seed: 42)
        let open = try store.read { db in
            try String.fetchAll(db, sql: "SELECT number FROM work_order WHERE status IN ('dispatched','signed','rework')")
        }
        let all = try store.read { db in try Int.fetchOne(db, sql: "SELECT max(id) FROM work_order") ?? 0 }
        let statuses: [OrderStatus] = [.dispatched, .signed, .answered, .awaitingCallback, .rework]
        let departments = people.departmentCodes

        let filters = (0..<samples).map { _ in
            OrderFilter(statuses: [statuses.randomElement(using: &rng)!], department: departments.randomElement(using: &rng)!)
        }
        _ = try desk.list(filters[0], identity: people.lead)
        let page = try LatencySummary.measure("队列一页（50 条）", over: filters) { _ = try desk.list($0, identity: people.lead) }

        let numbers = try store.read { db in
            try (0..<samples).map { _ in
                try String.fetchOne(db, sql: "SELECT number FROM work_order WHERE id = ?", arguments: [Int.random(in: 1...all, using: &rng)])!
            }
        }
        let detail = try LatencySummary.measure("工单详情与事件", over: numbers) { _ = try desk.detail($0, identity: people.lead) }

        let targets = (0..<min(samples, open.count)).map { _ in open.randomElement(using: &rng)! }
        let transition = try LatencySummary.measure("一次操作（催办）", over: targets) {
            try desk.urge($0, note: "请抓紧办理", identity: people.lead)
        }

        let sweepBegan = Date()
        let summary = try desk.sweep()
        let sweepSeconds = Date().timeIntervalSince(sweepBegan)

        let (orders, events) = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM work_order") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM order_event") ?? 0)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        return Report(orders: orders, events: events, openOrders: open.count, fillSeconds: fillSeconds,
                      latencies: [page, detail, transition], sweepSeconds: sweepSeconds,
                      sweepFlagged: summary.signOverdue.count + summary.answerOverdue.count,
                      databaseMegabytes: Double(size + wal) / 1_048_576,
                      peakResidentMegabytes: ProcessMemory.peakResidentMegabytes())
    }

    /// Fills `store` with a year of synthetic orders (departments B01…, a lead `benchlead`),
    /// as `hotline bench orders` and `hotline bench desk` use them.
    @discardableResult
    public static func fill(orders count: Int, into store: HotlineStore, progress: ((String) -> Void)? = nil) throws -> People {
        let people = try makePeople(in: store)
        var generator = OrderGenerator(calendar: try CalendarStore(store: store).calendar(),
                                       rules: try CalendarStore(store: store).slaRules(), departments: people.departmentIDs,
                                       codes: people.departmentCodes)
        var filled = 0
        while filled < count {
            let batch = min(50_000, count - filled)
            try store.write { db in try generator.insert(batch, startingAt: filled + 1, total: count, in: db) }
            filled += batch
            progress?("已生成 \(filled)/\(count) 单")
        }
        try store.write { db in try db.execute(sql: "ANALYZE") }
        return people
    }

    public struct People: Sendable {
        public var lead: Identity
        var departmentIDs: [Int64]
        public var departmentCodes: [String]
    }

    private static func makePeople(in store: HotlineStore) throws -> People {
        try store.write { db in
            var ids: [Int64] = []
            var codes: [String] = []
            for index in 1...departmentCount {
                let code = String(format: "B%02d", index)
                var department = Department(code: code, name: "基准承办单位\(index)", kind: index <= 20 ? .city : .town, createdAt: now)
                try department.insert(db)
                ids.append(department.id!)
                codes.append(code)
            }
            var lead = Account(login: "benchlead", name: "基准班长", role: .lead, osUser: nil, createdAt: now)
            try lead.insert(db)
            return People(lead: Identity(account: lead, actingAdmin: nil), departmentIDs: ids, departmentCodes: codes)
        }
    }
}

/// Synthetic orders over the year before `OrderBenchmark.now`: old orders mostly
/// closed, the last month in every state, deadlines from the real calendar, overdue
/// flags set as a sweep running until a day ago would have left them.
struct OrderGenerator {
    let calendar: WorkingCalendar
    let rules: [String: SLARule]
    let departments: [Int64]
    let departmentCodes: [Int64: String]
    var rng = SplitMix64(seed: 2026)
    let nowSeconds = ShanghaiTime.epochSeconds(OrderBenchmark.now)
    var sequenceByDay: [String: Int] = [:]

    init(calendar: WorkingCalendar, rules: [SLARule], departments: [Int64], codes: [String]) {
        self.calendar = calendar
        self.rules = Dictionary(uniqueKeysWithValues: rules.map { ($0.kind, $0) })
        self.departments = departments
        self.departmentCodes = Dictionary(uniqueKeysWithValues: zip(departments, codes))
    }

    static let topics = ["数电发票领用", "留抵退税进度", "社保费缴纳基数", "稳岗返还申领", "营业执照变更", "食品经营许可延续",
                         "高新技术企业认定", "研发费用加计扣除", "住房公积金缴存", "医保异地备案", "排污许可登记", "安全生产许可",
                         "道路运输证年审", "建筑施工许可", "用地规划许可", "外贸出口退税", "技改项目补贴", "人才引进补贴"]

    mutating func insert(_ count: Int, startingAt first: Int, total: Int, in db: Database) throws {
        let orderStatement = try db.makeStatement(sql: """
            INSERT INTO work_order(id, number, kind, title, content, enterprise_name, contact_phone, is_enterprise,
              department_id, status, sign_overdue, answer_overdue, dispatched_at, sign_due, answer_due, return_due,
              signed_at, answered_at, accepted_at, closed_at, answer_text, callback_result, version,
              created_at, created_by, updated_at, updated_by)
            VALUES (?,?,?,?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'bench',?,'bench')
            """)
        // Generated events join the audit chain like any other: each batch continues
        // from the log's last event, so `hotline audit verify` passes on a bench database.
        var events = try ChainedEventWriter(in: db)
        let callbackStatement = try db.makeStatement(sql: """
            INSERT INTO callback(order_id, at, channel, result, after_rework, recorded_by) VALUES (?,?,?,?,0,'agent')
            """)
        let year = 365 * 86_400
        for offset in 0..<count {
            let id = Int64(first + offset)
            // Spread evenly over the year, oldest first, with jitter.
            let created = nowSeconds - year + Int(Double(year) * Double(first + offset) / Double(total + 1))
                - Int.random(in: 0..<600, using: &rng)
            let kind = Int.random(in: 0..<10, using: &rng) < 6 ? "consult" : "other"
            let rule = rules[kind]!
            let dispatched = Date(timeIntervalSince1970: Double(created))
            let deadlines = calendar.deadlines(for: rule, dispatchedAt: dispatched)
            let signDue = ShanghaiTime.epochSeconds(deadlines.sign.instant)
            let answerDue = ShanghaiTime.epochSeconds(deadlines.answer.instant)
            let status = pickStatus(ageDays: (nowSeconds - created) / 86_400)
            let signed = created + Int.random(in: 600...5_400, using: &rng)
            let answered = min(nowSeconds - 60, signed + Int.random(in: 3_600...(3 * 86_400), using: &rng))
            let accepted = min(nowSeconds - 30, answered + Int.random(in: 600...14_400, using: &rng))
            let closed = min(nowSeconds - 10, accepted + Int.random(in: 3_600...86_400, using: &rng))
            let reached = stepsReached(status)
            let flagHorizon = nowSeconds - 86_400
            let signOverdue = (status == "dispatched" && signDue < flagHorizon) || (reached >= 1 && signed > signDue)
            let answerOverdue = (["dispatched", "signed", "rework"].contains(status) && answerDue < flagHorizon)
                || (reached >= 2 && answered > answerDue)
            let topic = Self.topics.randomElement(using: &rng)!
            let number = nextNumber(createdSeconds: created)
            let phone = "13\(Int.random(in: 100_000_000...999_999_999, using: &rng))"
            // Drawn in the same order as before, so the data set stays the same.
            let enterprise = "如皋市第\(Int.random(in: 1...20_000, using: &rng))号企业有限公司"
            let department = departments.randomElement(using: &rng)!
            func time(_ seconds: Int) -> Double { StoredInstant.value(epochSeconds: seconds) }
            func iso(_ seconds: Int) -> String { ShanghaiTime.format(epochSeconds: seconds) }
            let title = "咨询\(topic)"
            let answerText = "经核实，\(topic)可通过政务服务网办理，所需材料及时限已告知企业。"
            let returnDue = ShanghaiTime.epochSeconds(deadlines.returnWindow.instant)
            func when(_ step: Int, _ seconds: Int) -> DatabaseValueConvertible? { reached >= step ? time(seconds) : nil }
            try orderStatement.execute(arguments: [
                id, number, kind, title, "企业来电反映\(topic)相关问题，请承办单位核实并答复办理渠道、材料和时限。",
                enterprise, phone, department, status, signOverdue, answerOverdue,
                time(created), time(signDue), time(answerDue), time(returnDue),
                when(1, signed), when(2, answered), when(3, accepted), status == "closed" ? time(closed) : nil,
                reached >= 2 ? answerText : nil,
                status == "closed" ? "satisfied" : nil, 1 + reached, time(created),
                time(status == "closed" ? closed : created),
            ])
            var sequence = 0
            func event(_ type: String, _ seconds: Int, _ actor: String, _ payload: String) throws {
                sequence += 1
                try events.append(order: id, sequence: sequence, at: time(seconds), actor: actor, type: type, payload: payload)
            }
            // The events tell the same story as the row (`hotline check` replays them):
            // late steps say so, a merge and a rework have their own events. Each carries
            // what the work-order service writes into it (the title, the deadlines set at
            // dispatch, the answer's text, the deadline a sweep found passed), so the log
            // takes the space a real one does.
            let late = #","late":true"#
            try event("created", created, "agent", #"{"kind":"\#(kind)","title":"\#(title)"}"#)
            try event("dispatched", created, "agent", """
                {"answer_due":"\(iso(answerDue))","department":"\(departmentCodes[department] ?? "")","from":"pending_dispatch",\
                "return_due":"\(iso(returnDue))","sign_due":"\(iso(signDue))","to":"dispatched"}
                """)
            if status == "merged" { try event("merged", created + 600, "lead", #"{"from":"dispatched","to":"merged"}"#) }
            if reached >= 1 {
                try event("signed", signed, "dept", #"{"from":"dispatched"\#(signed > signDue ? late : ""),"to":"signed"}"#)
            }
            if reached >= 2 {
                try event("answered", answered, "dept",
                          #"{"from":"signed"\#(answered > answerDue ? late : ""),"text":"\#(answerText)","to":"answered"}"#)
            }
            if reached >= 3 || status == "rework" {
                try event("answer_accepted", accepted, "lead", #"{"from":"answered","to":"awaiting_callback"}"#)
            }
            // A callback is a row of its own beside its event, as the service records it.
            if status == "rework" {
                try callbackStatement.execute(arguments: [id, time(accepted + 60), "manual", "unsatisfied"])
                try event("callback", accepted + 60, "agent",
                          #"{"channel":"manual","from":"awaiting_callback","result":"unsatisfied","to":"rework"}"#)
            }
            if status == "closed" {
                try callbackStatement.execute(arguments: [id, time(closed), "sms", "satisfied"])
                try event("callback", closed, "agent", #"{"channel":"sms","from":"awaiting_callback","result":"satisfied","to":"closed"}"#)
            }
            if signOverdue && status == "dispatched" {
                try event("sign_overdue", signDue + 60, "sweep", #"{"due":"\#(iso(signDue))"}"#)
            }
            if answerOverdue && ["dispatched", "signed", "rework"].contains(status) {
                try event("answer_overdue", answerDue + 60, "sweep", #"{"due":"\#(iso(answerDue))"}"#)
            }
        }
    }

    /// Old orders are nearly all finished; the last month holds every state.
    private mutating func pickStatus(ageDays: Int) -> String {
        let roll = Int.random(in: 0..<1000, using: &rng)
        if ageDays > 30 {
            switch roll {
            case 0..<970: return "closed"
            case 970..<985: return "merged"
            case 985..<992: return "signed"
            default: return "awaiting_callback"
            }
        }
        switch roll {
        case 0..<450: return "closed"
        case 450..<550: return "awaiting_callback"
        case 550..<650: return "answered"
        case 650..<850: return "signed"
        case 850..<980: return "dispatched"
        default: return "rework"
        }
    }

    /// 0 dispatched, 1 signed, 2 answered, 3 accepted (and beyond).
    private func stepsReached(_ status: String) -> Int {
        switch status {
        case "dispatched", "merged": return 0
        case "signed": return 1
        case "answered", "rework": return 2
        default: return 3
        }
    }

    private mutating func nextNumber(createdSeconds: Int) -> String {
        let day = ShanghaiTime.localDate(of: Date(timeIntervalSince1970: Double(createdSeconds)))
        let key = String(format: "%04d%02d%02d", day.year, day.month, day.day)
        let value = (sequenceByDay[key] ?? 0) + 1
        sequenceByDay[key] = value
        return "YQL-\(key)-\(String(format: "%04d", value))"
    }
}
