import Foundation
import GRDB

/// How a page of the queue is read at a million orders. The queue's order is the running
/// deadline, then the id (orders without a running deadline last, oldest first).
///
/// One query over several statuses would sort every open order on each keystroke, so each
/// status is read on its own, as a run that walks an index already in the queue's order
/// — (status, next_due), (department_id, status, next_due), or their overdue-only partial
/// twins — for just the rows a page needs; SQLite appends the id to every index, so
/// `ORDER BY next_due, id` costs no sort. A department's own orders and the orders it
/// co-handles are separate runs too: an OR between them would defeat every index. The
/// runs are merged in memory.
///
/// Orders in the states without a running deadline (pending dispatch, answered, awaiting
/// callback) sort after every order with one, so their runs are read last and only for
/// the rows the page still lacks: none at all when the department's states fill it.
struct OrderQueuePlan {
    struct Run {
        var sql: String
        var arguments: StatementArguments
        /// The state's orders have a running deadline (they sort first).
        var dated: Bool
    }

    var runs: [Run]
    var limit: Int
    var offset: Int

    /// `columns` is the select list over `work_order o` and `department d`.
    init(_ filter: OrderFilter, identity: Identity, columns: String, in db: Database) throws {
        var common: [String] = []
        var arguments: StatementArguments = []
        if let code = filter.department {
            common.append("o.department_id = ?")
            arguments += [try Department.resolve(code, in: db).id]
        }
        // Written exactly as the partial indexes' WHERE, or SQLite will not use them.
        if filter.overdueOnly { common.append(OrderQueueSchema.overdueTerm) }
        if let kind = filter.kind {
            common.append("o.kind = ?")
            arguments += [kind.rawValue]
        }
        if filter.enterpriseOnly { common.append("o.is_enterprise = 1") }
        if filter.supervisedOnly { common.append("o.supervised = 1") }

        // Who may see what: everything, or for a department its own and co-handled orders.
        var scopes: [(condition: String, arguments: StatementArguments)] = [("", [])]
        if identity.role == .department {
            let own = identity.account.departmentID
            scopes = [("o.department_id = ?", [own]),
                      ("o.id IN (SELECT order_id FROM work_order_cohandler WHERE department_id = ?) AND o.department_id IS NOT ?",
                       [own, own])]
        }
        limit = max(1, min(filter.limit, 10_000))
        offset = max(0, filter.offset)
        let statuses = filter.statuses.isEmpty ? OrderStatus.allCases : OrderStatus.allCases.filter(filter.statuses.contains)
        var runs: [Run] = []
        for scope in scopes {
            for status in statuses {
                let conditions = (scope.condition.isEmpty ? [] : [scope.condition]) + common + ["o.status = ?"]
                runs.append(Run(sql: """
                    SELECT \(columns) FROM work_order o LEFT JOIN department d ON d.id = o.department_id
                    WHERE \(conditions.joined(separator: " AND ")) ORDER BY o.next_due, o.id LIMIT ?
                    """, arguments: scope.arguments + arguments + [status.rawValue], dated: status.isWithDepartment))
            }
        }
        self.runs = runs
    }

    /// Reads every run and merges them into the page.
    func fetch<Item>(_ db: Database, decode: (Row) throws -> Item, key: (Item) -> (due: Date?, id: Int64)) throws -> [Item] {
        let wanted = limit + offset
        var items: [Item] = []
        func read(_ run: Run, rows: Int) throws {
            // Cached: a filter's runs are the same statements keystroke after keystroke, and
            // compiling them again would cost more than reading a page of rows.
            let cursor = try Row.fetchCursor(try db.cachedStatement(sql: run.sql), arguments: run.arguments + [rows])
            while let row = try cursor.next() { items.append(try decode(row)) }
        }
        for run in runs where run.dated { try read(run, rows: wanted) }
        let dated = items.reduce(0) { $0 + (key($1).due == nil ? 0 : 1) }
        if dated < wanted {
            for run in runs where !run.dated { try read(run, rows: wanted - dated) }
        }
        items.sort { a, b in
            let (x, y) = (key(a), key(b))
            switch (x.due, y.due) {
            case let (p?, q?): return p != q ? p < q : x.id < y.id
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return x.id < y.id
            }
        }
        return Array(items.dropFirst(offset).prefix(limit))
    }
}
