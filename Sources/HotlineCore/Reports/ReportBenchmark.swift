import Foundation
import GRDB

/// `hotline bench reports`: a year of synthetic orders (with their events and callbacks),
/// calls and call detail records in a temporary database, then the monthly evaluation,
/// the weekly hotspot report and a month's KPI, each timed.
public enum ReportBenchmark {
    public struct Timing: Sendable {
        public var label: String
        public var seconds: [Double]
        public var target: Double
        public var best: Double { seconds.min() ?? 0 }
        public var worst: Double { seconds.max() ?? 0 }
    }

    public struct Report: Sendable {
        public var orders: Int
        public var events: Int
        public var calls: Int
        public var callRecords: Int
        public var callbacks: Int
        public var fillSeconds: Double
        public var timings: [Timing]
        public var evaluatedOrders: Int
        public var hotspotCalls: Int
        public var databaseMegabytes: Double
    }

    static let now = ShanghaiTime.instant(LocalDate(year: 2026, month: 11, day: 27)!, hour: 15)

    public static func run(orders: Int, calls: Int, runs: Int, seed: URL, directory: URL,
                           progress: ((String) -> Void)? = nil) throws -> Report {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("bench.sqlite").path
        let (store, _) = try Setup.initialize(path: path, seed: seed, includeSamples: false, clock: .fixed(now), osUser: "bench")
        let began = Date()
        var generator = try ReportDataGenerator(store: store, orders: orders, calls: calls)
        try generator.fill(progress: progress)
        try store.write { db in try db.execute(sql: "ANALYZE") }
        let fillSeconds = Date().timeIntervalSince(began)
        progress?("生成用时 \(String(format: "%.1f", fillSeconds)) 秒")
        return try time(store: store, path: path, runs: runs, fillSeconds: fillSeconds)
    }

    /// Times the reports again on a database an earlier run kept (`--keep`), without
    /// generating anything.
    public static func rerun(path: String, runs: Int) throws -> Report {
        let store = try HotlineStore.open(at: path, mode: .existing, clock: .fixed(now))
        return try time(store: store, path: path, runs: runs, fillSeconds: 0)
    }

    static func time(store: HotlineStore, path: String, runs: Int, fillSeconds: Double) throws -> Report {
        let lead = try store.read { db in try Account.filter(Column("login") == "bench").fetchOne(db)! }
        let identity = Identity(account: lead, actingAdmin: nil)
        let reports = Reports(store: store)
        let month = ReportPeriod.month(year: 2026, month: 10)!
        let week = ReportPeriod.week(year: 2026, week: 47)!
        func time(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        var evaluated = 0, hotspotCalls = 0
        var evaluation: [Double] = [], hotspots: [Double] = [], kpi: [Double] = []
        for _ in 0..<runs {
            evaluation.append(try time { evaluated = try reports.evaluation(month, identity: identity).total.closed })
            hotspots.append(try time { hotspotCalls = try reports.hotspots(week, identity: identity).calls })
            kpi.append(try time { _ = try reports.kpi(month, identity: identity) })
        }
        let counts = try store.read { db in
            try ["work_order", "order_event", "call", "cdr", "callback"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? 0 }
        }
        let size = [path, path + "-wal"].map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }.reduce(0, +)
        return Report(orders: counts[0], events: counts[1], calls: counts[2], callRecords: counts[3], callbacks: counts[4],
                      fillSeconds: fillSeconds,
                      timings: [Timing(label: "月度评估 \(month.label)", seconds: evaluation, target: 3),
                                Timing(label: "热点周报 \(week.label)", seconds: hotspots, target: 3),
                                Timing(label: "一个月的服务指标 \(month.label)", seconds: kpi, target: 1)],
                      evaluatedOrders: evaluated, hotspotCalls: hotspotCalls, databaseMegabytes: Double(size) / 1_048_576)
    }
}

/// Writes the synthetic year with prepared statements in large transactions. Orders go
/// through the same event types and payload fields the work-order service writes
/// (dispatch with its deadlines, late marks, returns, extensions, callbacks, rework).
struct ReportDataGenerator {
    let store: HotlineStore
    let orderCount: Int
    let callCount: Int
    var rng = SplitMix64(seed: 6_2026)
    let calendar: WorkingCalendar
    let rules: [String: SLARule]
    var departments: [(id: Int64, code: String)] = []
    var entries: [Int64] = []
    let nowSeconds = ShanghaiTime.epochSeconds(ReportBenchmark.now)
    static let year = 365 * 86_400

    static let topics = ["数电发票领用", "留抵退税进度", "社保费缴纳基数", "稳岗返还申领", "营业执照变更", "食品经营许可延续",
                         "高新技术企业认定", "研发费用加计扣除", "住房公积金缴存", "医保异地备案", "排污许可登记", "安全生产许可",
                         "道路运输证年审", "建筑施工许可", "用地规划许可", "外贸出口退税", "技改项目补贴", "人才引进补贴",
                         "专精特新申报", "知识产权质押", "招工用工登记", "消防验收备案", "电力增容报装", "燃气开户办理"]
    static let phrasings = ["企业来电咨询%@的办理流程和所需材料", "%@一直没有进展，企业希望尽快办结", "请问%@可以网上办理吗，需要多久",
                            "反映%@窗口要求重复提交材料", "%@政策今年有什么变化，企业想了解清楚"]

    init(store: HotlineStore, orders: Int, calls: Int) throws {
        self.store = store
        orderCount = orders
        callCount = calls
        calendar = try CalendarStore(store: store).calendar()
        rules = Dictionary(uniqueKeysWithValues: try CalendarStore(store: store).slaRules().map { ($0.kind, $0) })
    }

    mutating func fill(progress: ((String) -> Void)?) throws {
        let stamp = ReportBenchmark.now
        (departments, entries) = try store.write { db in
            var made: [(Int64, String)] = []
            for index in 1...40 {
                var department = Department(code: String(format: "B%02d", index), name: "基准承办单位\(index)",
                                            kind: index <= 20 ? .city : .town, createdAt: stamp)
                try department.insert(db)
                made.append((department.id!, department.code))
            }
            try db.execute(sql: "UPDATE account SET role = 'lead' WHERE login = 'bench'")
            var ids: [Int64] = []
            for (index, topic) in Self.topics.enumerated() {
                for variant in 0..<10 {
                    try db.execute(sql: """
                        INSERT INTO knowledge_entry(external_id, department_id, category, question, answer, status, updated_at, updated_by)
                        VALUES (?, ?, ?, ?, ?, 'published', ?, 'bench')
                        """, arguments: ["BENCH-\(index)-\(variant)", made[index % made.count].0, topic,
                                         "\(topic)常见问题\(variant)", "\(topic)的办理渠道、材料和时限。", stamp])
                    ids.append(db.lastInsertedRowID)
                }
            }
            return (made, ids)
        }
        var done = 0
        while done < orderCount {
            let batch = min(50_000, orderCount - done)
            try store.write { db in try insertOrders(from: done, count: batch, in: db) }
            done += batch
            progress?("已生成 \(done)/\(orderCount) 单")
        }
        done = 0
        while done < callCount {
            let batch = min(100_000, callCount - done)
            try store.write { db in try insertCalls(from: done, count: batch, in: db) }
            done += batch
            progress?("已生成 \(done)/\(callCount) 个来电及话务记录")
        }
    }

    /// An instant of the order domain as stored (`StoredInstant`).
    static func instant(_ seconds: Int) -> Double { StoredInstant.value(epochSeconds: seconds) }

    static func text(_ seconds: Int) -> String {
        let day = LocalDate(dayNumber: CalendarMath.floorDiv(seconds, 86_400))
        let second = CalendarMath.floorMod(seconds, 86_400)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.000", day.year, day.month, day.day, second / 3600, second / 60 % 60, second % 60)
    }

    static func iso(_ seconds: Int) -> String { ShanghaiTime.format(epochSeconds: seconds) }

    mutating func insertOrders(from first: Int, count: Int, in db: Database) throws {
        // An order's row is written after its events (its state is their outcome).
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        let order = try db.makeStatement(sql: """
            INSERT INTO work_order(id, number, kind, title, content, contact_phone, is_enterprise, call_id, department_id, status,
              dispatched_at, sign_due, answer_due, signed_at, answered_at, accepted_at, closed_at, callback_result,
              rework_count, extension_days_granted, sign_overdue, answer_overdue, version, created_at, created_by, updated_at, updated_by)
            VALUES (?,?,?,?,?,?,1,NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,'bench',?,'bench')
            """)
        // Generated events continue the audit chain like any other, so the bench database
        // passes `hotline audit verify`.
        var events = try ChainedEventWriter(in: db)
        let callback = try db.makeStatement(sql: """
            INSERT INTO callback(order_id, at, channel, result, after_rework, recorded_by) VALUES (?,?,?,?,?,'bench')
            """)
        let review = try db.makeStatement(sql: "INSERT INTO service_review(order_id, department_id, level, at, recorded_by) VALUES (?,?,?,?,'bench')")
        for offset in 0..<count {
            let index = first + offset
            let id = Int64(index + 1)
            let created = nowSeconds - Self.year + Int(Double(Self.year) * Double(index) / Double(orderCount + 1))
            let kind = Int.random(in: 0..<10, using: &rng) < 6 ? "consult" : "other"
            var department = departments.randomElement(using: &rng)!
            let topic = Self.topics.randomElement(using: &rng)!
            var sequence = 0
            func add(_ type: String, _ at: Int, _ payload: String) throws {
                sequence += 1
                try events.append(order: id, sequence: sequence, at: Self.instant(at), actor: "bench", type: type, payload: payload)
            }
            func dispatch(_ type: String, at: Int, from: String) throws -> (sign: Int, answer: Int) {
                let deadlines = calendar.deadlines(for: rules[kind]!, dispatchedAt: Date(timeIntervalSince1970: Double(at)))
                let sign = ShanghaiTime.epochSeconds(deadlines.sign.instant), answer = ShanghaiTime.epochSeconds(deadlines.answer.instant)
                try add(type, at, #"{"answer_due":"\#(Self.iso(answer))","department":"\#(department.code)","from":"\#(from)","sign_due":"\#(Self.iso(sign))","to":"dispatched"}"#)
                return (sign, answer)
            }
            try add("created", created, #"{"kind":"\#(kind)"}"#)
            var due = try dispatch("dispatched", at: created, from: "pending_dispatch")
            var t = created
            let age = (nowSeconds - created) / 86_400
            // How far the order got: 0 dispatched, 1 signed, 2 answered, 3 accepted, 4 closed.
            let roll = Int.random(in: 0..<1000, using: &rng)
            let stage = age > 30 ? (roll < 975 ? 4 : roll < 990 ? 1 : 3) : (roll < 450 ? 4 : roll < 550 ? 3 : roll < 650 ? 2 : roll < 850 ? 1 : 0)
            if Int.random(in: 0..<100, using: &rng) < 3 && stage >= 1 {
                t += Int.random(in: 600...20_000, using: &rng)
                try add("return_requested", t, #"{"reason":"非本单位职责"}"#)
                t += 1_800
                try add("return_approved", t, #"{"from":"dispatched","returned_by":"\#(department.code)","to":"pending_dispatch"}"#)
                department = departments.randomElement(using: &rng)!
                t += 600
                due = try dispatch("dispatched", at: t, from: "pending_dispatch")
            }
            var signed: Int?, answered: Int?, accepted: Int?, closed: Int?, result: String?
            var reworks = 0, extended = 0
            // The row keeps the late marks its events carry, as the service sets them.
            var signOverdue = false, answerOverdue = false
            if stage >= 1 {
                t += Int.random(in: 300...7_200, using: &rng)
                signed = t
                signOverdue = t > due.sign
                try add("signed", t, signOverdue ? #"{"from":"dispatched","late":true,"to":"signed"}"# : #"{"from":"dispatched","to":"signed"}"#)
            }
            if stage >= 1 && Int.random(in: 0..<100, using: &rng) < 5 {
                t += 3_600
                try add("extension_requested", t, #"{"days":2,"reason":"需现场核实"}"#)
                t += 1_800
                extended = 2
                let moved = ShanghaiTime.epochSeconds(calendar.extend(Date(timeIntervalSince1970: Double(due.answer)), byWorkingDays: 2).instant)
                try add("extension_approved", t, #"{"answer_due":"\#(Self.iso(moved))","days":2}"#)
                due.answer = moved
            }
            func answerAndAccept() throws {
                t += Int.random(in: 3_600...(4 * 86_400), using: &rng)
                answered = t
                if t > due.answer { answerOverdue = true }
                try add("answered", t, t > due.answer ? #"{"from":"signed","late":true,"to":"answered"}"# : #"{"from":"signed","to":"answered"}"#)
                if stage >= 3 {
                    t += Int.random(in: 600...14_400, using: &rng)
                    accepted = t
                    try add("answer_accepted", t, #"{"from":"answered","to":"awaiting_callback"}"#)
                }
            }
            func callbackStep(_ channel: String, _ outcome: String, to: String?, final: Bool = false) throws {
                t += Int.random(in: 1_800...43_200, using: &rng)
                try callback.execute(arguments: [id, Self.instant(t), channel, outcome, final])
                let move = to.map { #","from":"awaiting_callback","to":"\#($0)""# } ?? ""
                try add("callback", t, #"{"channel":"\#(channel)"\#(move),"result":"\#(outcome)"}"#)
            }
            if stage >= 2 { try answerAndAccept() }
            if stage >= 4 {
                let path = Int.random(in: 0..<100, using: &rng)
                switch path {
                case 0..<85: result = "satisfied"; try callbackStep("sms", "satisfied", to: "closed")
                case 85..<91: result = "basic"; try callbackStep("sms", "basic", to: "closed")
                case 91..<95:
                    try callbackStep("sms", "unsatisfied", to: nil)
                    result = "satisfied"; try callbackStep("manual", "satisfied", to: "closed")
                case 95..<98:
                    try callbackStep("sms", "unreachable", to: nil)
                    result = "basic"; try callbackStep("manual", "basic", to: "closed")
                default:
                    try callbackStep("sms", "unsatisfied", to: nil)
                    try callbackStep("manual", "unsatisfied", to: "rework")
                    reworks = 1
                    answerOverdue = false
                    due.answer = ShanghaiTime.epochSeconds(calendar.deadlines(for: rules[kind]!, dispatchedAt: Date(timeIntervalSince1970: Double(t))).answer.instant)
                    try answerAndAccept()
                    result = Int.random(in: 0..<2, using: &rng) == 0 ? "satisfied" : "unsatisfied"
                    try callbackStep("manual", result!, to: "closed", final: true)
                }
                t = min(t, nowSeconds - 60)
                closed = t
                if Int.random(in: 0..<100, using: &rng) == 0 {
                    try review.execute(arguments: [id, department.id, Int.random(in: 1...5, using: &rng), Self.text(t + 60)])
                }
            }
            let status = stage == 4 ? "closed" : stage == 3 ? "awaiting_callback" : stage == 2 ? "answered" : stage == 1 ? "signed" : "dispatched"
            func when(_ value: Int?) -> Double? { value.map(Self.instant) }
            try order.execute(arguments: [
                id, String(format: "YQL-B%07d", index + 1), kind, "咨询\(topic)", "企业来电反映\(topic)相关问题", "1380000\(String(format: "%04d", index % 10_000))",
                department.id, status, Self.instant(created), Self.instant(due.sign), Self.instant(due.answer), when(signed), when(answered),
                when(accepted), when(closed), result, reworks, extended, signOverdue, answerOverdue,
                Self.instant(created), Self.instant(max(t, created)),
            ])
        }
    }

    mutating func insertCalls(from first: Int, count: Int, in db: Database) throws {
        let call = try db.makeStatement(sql: """
            INSERT INTO call(id, received_at, channel, caller_phone, request_type, content, outcome, knowledge_entry_id,
              agent_login, recorded_by, updated_at)
            VALUES (?,?,'phone',?,'consult',?,?,?,'bench','bench',?)
            """)
        let tag = try db.makeStatement(sql: "INSERT INTO call_tag(call_id, tag) VALUES (?, '企业')")
        let cdr = try db.makeStatement(sql: """
            INSERT INTO cdr(call_ref, queue, offered_at, answered_at, ended_at, answered, wait_seconds, agent, caller, imported_at, imported_by)
            VALUES (?, '一企来', ?, ?, ?, ?, ?, 'bench', ?, ?, 'bench')
            """)
        let stamp = Self.text(nowSeconds)
        for offset in 0..<count {
            let index = first + offset
            let id = Int64(index + 1)
            let received = nowSeconds - Self.year + Int(Double(Self.year) * Double(index) / Double(callCount + 1))
            let topic = Self.topics[Int.random(in: 0..<Self.topics.count, using: &rng) % (Int.random(in: 0..<3, using: &rng) == 0 ? 6 : Self.topics.count)]
            let content = String(format: Self.phrasings.randomElement(using: &rng)!, topic)
            let roll = Int.random(in: 0..<100, using: &rng)
            let outcome = roll < 45 ? "knowledge" : roll < 55 ? "specialist" : roll < 88 ? "order" : roll < 95 ? "out_of_scope" : "transferred"
            let entry: Int64? = outcome == "knowledge" ? entries[(Self.topics.firstIndex(of: topic)! * 10) + Int.random(in: 0..<10, using: &rng)] : nil
            let phone = "139\(String(format: "%08d", Int.random(in: 0..<150_000, using: &rng)))"
            try call.execute(arguments: [id, Self.text(received), phone, content, outcome, entry, Self.text(received)])
            if Int.random(in: 0..<10, using: &rng) < 6 { try tag.execute(arguments: [id]) }
            let wait = Int.random(in: 0..<60, using: &rng)
            let answered = Int.random(in: 0..<100, using: &rng) < 94
            let offered = received - wait
            try cdr.execute(arguments: ["B\(id)", Self.text(offered), answered ? Self.text(received) : nil,
                                        Self.text(received + (answered ? Int.random(in: 60...600, using: &rng) : 0)), answered,
                                        wait, phone, stamp])
        }
    }
}
