import GRDB

/// Migration v8: fact rows the reports sum instead of searching the event log.
///
/// A month's KPI used to make about 300,000 correlated look-ups into the event log (the
/// event that ended each dispatch, the answer before each acceptance, each order's first
/// and last callback). The facts hold those answers, written by triggers in the same
/// transaction as the event or callback they follow from, so every writer (the work-order
/// service, SMS replies, imports, the benchmark generator) keeps them without knowing.
/// They are derived data: `ReportFacts.rebuild` recomputes them from the events and
/// callbacks, `ReportFacts.verify` compares (and `hotline check` reports any difference).
///
/// - `report_dispatch`: one row per dispatched/reassigned event: where it went, its sign
///   deadline, and the event that ended it (signed, dispatched, reassigned,
///   return_approved, merged), with the sign's late mark.
/// - `report_acceptance`: one row per answer_accepted event: the late mark of the answer
///   it accepted and whether an extension had been approved before it.
/// - `report_mark`: late signs and answers, and the sweep's overdue flags, by time.
/// - `report_order`: per order: the latest sign's and answer's late marks, the answer
///   accepted last, extension approved, 核实整改, first and latest callback that reached
///   the requester.
enum ReportFactsSchema {
    /// Event types that end a dispatch: the department signed it, or it was taken away.
    static let dispatchEnds = "'signed', 'dispatched', 'reassigned', 'return_approved', 'merged'"

    static func create(_ db: Database) throws {
        try createTables(db)
        try createTriggers(db)
        try ReportFacts.fill(db)
    }

    private static func createTables(_ db: Database) throws {
        // Times are kept as the stored text of the row they come from, so comparisons are
        // the same text comparisons the reports made on the events.
        try db.execute(sql: """
            CREATE TABLE report_dispatch (
              event_id INTEGER PRIMARY KEY,
              order_id INTEGER NOT NULL,
              sequence INTEGER NOT NULL,
              dispatched_at TEXT NOT NULL,
              department_id INTEGER,
              sign_due TEXT,
              end_type TEXT,
              end_at TEXT,
              end_late INTEGER
            );
            CREATE INDEX report_dispatch_open ON report_dispatch(order_id) WHERE end_type IS NULL;
            CREATE INDEX report_dispatch_on_at ON report_dispatch(dispatched_at, department_id);
            CREATE INDEX report_dispatch_on_sign_due
              ON report_dispatch(sign_due, dispatched_at, department_id, end_type, end_at, end_late);

            \(perOrderTables(time: "TEXT"))

            -- The period's callbacks by channel and result, and the orders they reached,
            -- read from the index alone.
            CREATE INDEX report_callback_on_at ON callback(at, channel, result, order_id);
            """)
    }

    /// One trigger per kind of event that matters, each guarded by its type, so other
    /// steps (urge, contact, supervise…) pay only for the guards.
    private static func createTriggers(_ db: Database) throws {
        let late = "coalesce(json_extract(NEW.payload, '$.late'), 0)"
        try db.execute(sql: """
            \(dispatchTrigger(signDue: "strftime('%Y-%m-%d %H:%M:%f', json_extract(NEW.payload, '$.sign_due'))"))

            CREATE TRIGGER report_fact_taken_away AFTER INSERT ON order_event
            WHEN NEW.type IN ('return_approved', 'merged')
            BEGIN
              UPDATE report_dispatch SET end_type = NEW.type, end_at = NEW.at
               WHERE order_id = NEW.order_id AND end_type IS NULL;
            END;

            CREATE TRIGGER report_fact_signed AFTER INSERT ON order_event
            WHEN NEW.type = 'signed'
            BEGIN
              UPDATE report_dispatch SET end_type = 'signed', end_at = NEW.at, end_late = \(late)
               WHERE order_id = NEW.order_id AND end_type IS NULL;
              INSERT INTO report_order(order_id, sign_late) VALUES (NEW.order_id, \(late))
                ON CONFLICT(order_id) DO UPDATE SET sign_late = excluded.sign_late;
              INSERT INTO report_mark(at, event_id, type, order_id)
                SELECT NEW.at, NEW.id, NEW.type, NEW.order_id WHERE json_extract(NEW.payload, '$.late');
            END;

            CREATE TRIGGER report_fact_answered AFTER INSERT ON order_event
            WHEN NEW.type = 'answered'
            BEGIN
              INSERT INTO report_order(order_id, answer_late) VALUES (NEW.order_id, \(late))
                ON CONFLICT(order_id) DO UPDATE SET answer_late = excluded.answer_late;
              INSERT INTO report_mark(at, event_id, type, order_id)
                SELECT NEW.at, NEW.id, NEW.type, NEW.order_id WHERE json_extract(NEW.payload, '$.late');
            END;

            CREATE TRIGGER report_fact_accepted AFTER INSERT ON order_event
            WHEN NEW.type = 'answer_accepted'
            BEGIN
              INSERT INTO report_acceptance(accepted_at, order_id, sequence, answer_late, extended)
                SELECT NEW.at, NEW.order_id, NEW.sequence, r.answer_late, coalesce(r.extended, 0)
                FROM (SELECT 1) LEFT JOIN report_order r ON r.order_id = NEW.order_id;
              INSERT INTO report_order(order_id) VALUES (NEW.order_id)
                ON CONFLICT(order_id) DO UPDATE SET accepted_answer_late = answer_late;
            END;

            CREATE TRIGGER report_fact_extended AFTER INSERT ON order_event
            WHEN NEW.type = 'extension_approved'
            BEGIN
              INSERT INTO report_order(order_id, extended) VALUES (NEW.order_id, 1)
                ON CONFLICT(order_id) DO UPDATE SET extended = 1;
            END;

            CREATE TRIGGER report_fact_overdue AFTER INSERT ON order_event
            WHEN NEW.type IN ('sign_overdue', 'answer_overdue')
            BEGIN
              INSERT INTO report_mark(at, event_id, type, order_id) VALUES (NEW.at, NEW.id, NEW.type, NEW.order_id);
            END;

            CREATE TRIGGER report_fact_callback AFTER INSERT ON callback
            BEGIN
              INSERT INTO report_order(order_id) VALUES (NEW.order_id) ON CONFLICT(order_id) DO NOTHING;
              UPDATE report_order SET reworked = 1
               WHERE order_id = NEW.order_id AND NEW.channel = 'manual' AND NEW.result = 'unsatisfied' AND NEW.after_rework = 0;
              UPDATE report_order SET first_callback_id = NEW.id, first_at = NEW.at, first_result = NEW.result
               WHERE order_id = NEW.order_id AND NEW.result <> 'unreachable'
                 AND (first_at IS NULL OR NEW.at < first_at OR (NEW.at = first_at AND NEW.id < first_callback_id));
              UPDATE report_order SET final_callback_id = NEW.id, final_at = NEW.at, final_result = NEW.result
               WHERE order_id = NEW.order_id AND NEW.result <> 'unreachable'
                 AND (final_at IS NULL OR NEW.at > final_at OR (NEW.at = final_at AND NEW.id > final_callback_id));
            END;

            -- Callbacks are not append-only like events: a corrected or removed one has its
            -- order's callback facts recounted.
            \(callbackUpdateTrigger)
            CREATE TRIGGER report_fact_callback_delete AFTER DELETE ON callback
            BEGIN
              \(recountCallbacks("OLD.order_id"))
            END;
            """)
    }

    /// The acceptance, mark and per-order facts, with `time` the declared type of their
    /// times (text in v8, numeric since v14).
    static func perOrderTables(time: String) -> String {
        """
        CREATE TABLE report_acceptance (
          accepted_at \(time) NOT NULL,
          order_id INTEGER NOT NULL,
          sequence INTEGER NOT NULL,
          answer_late INTEGER,
          extended INTEGER NOT NULL,
          PRIMARY KEY (accepted_at, order_id, sequence)
        ) WITHOUT ROWID;

        CREATE TABLE report_mark (
          at \(time) NOT NULL,
          event_id INTEGER NOT NULL,
          type TEXT NOT NULL,
          order_id INTEGER NOT NULL,
          PRIMARY KEY (at, event_id)
        ) WITHOUT ROWID;

        CREATE TABLE report_order (
          order_id INTEGER PRIMARY KEY,
          sign_late INTEGER,
          answer_late INTEGER,
          accepted_answer_late INTEGER,
          extended INTEGER NOT NULL DEFAULT 0,
          reworked INTEGER NOT NULL DEFAULT 0,
          first_callback_id INTEGER,
          first_at \(time),
          first_result TEXT,
          final_callback_id INTEGER,
          final_at \(time),
          final_result TEXT
        );
        """
    }

    /// The trigger recording a dispatch, with `signDue` the SQL for its sign deadline as
    /// stored (text in v8, a number since v14).
    static func dispatchTrigger(signDue: String) -> String {
        """
        CREATE TRIGGER report_fact_dispatch AFTER INSERT ON order_event
        WHEN NEW.type IN ('dispatched', 'reassigned')
        BEGIN
          UPDATE report_dispatch SET end_type = NEW.type, end_at = NEW.at
           WHERE order_id = NEW.order_id AND end_type IS NULL;
          INSERT INTO report_dispatch(event_id, order_id, sequence, dispatched_at, department_id, sign_due)
          VALUES (NEW.id, NEW.order_id, NEW.sequence, NEW.at,
                  (SELECT id FROM department WHERE code = json_extract(NEW.payload, '$.department')),
                  \(signDue));
        END;
        """
    }

    static var callbackUpdateTrigger: String {
        """
        CREATE TRIGGER report_fact_callback_update AFTER UPDATE ON callback
        BEGIN
          \(recountCallbacks("OLD.order_id"))
          \(recountCallbacks("NEW.order_id"))
        END;
        """
    }

    /// SQL recounting one order's callback facts from its callbacks.
    private static func recountCallbacks(_ order: String) -> String {
        func reached(_ column: String, _ direction: String) -> String {
            """
            (SELECT c.\(column) FROM callback c WHERE c.order_id = \(order) AND c.result <> 'unreachable'
             ORDER BY c.at \(direction), c.id \(direction) LIMIT 1)
            """
        }
        return """
            INSERT INTO report_order(order_id) VALUES (\(order)) ON CONFLICT(order_id) DO NOTHING;
            UPDATE report_order SET
              reworked = EXISTS (SELECT 1 FROM callback c WHERE c.order_id = \(order) AND c.channel = 'manual'
                                 AND c.result = 'unsatisfied' AND c.after_rework = 0),
              first_callback_id = \(reached("id", "ASC")), first_at = \(reached("at", "ASC")), first_result = \(reached("result", "ASC")),
              final_callback_id = \(reached("id", "DESC")), final_at = \(reached("at", "DESC")), final_result = \(reached("result", "DESC"))
             WHERE order_id = \(order);
            """
    }
}
