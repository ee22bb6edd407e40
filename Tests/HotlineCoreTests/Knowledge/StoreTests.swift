import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// `hotline init` and opening the store: creation, migrations, idempotence, refusal of
/// a newer schema, and where the default database lives.
final class StoreTests: KnowledgeTestCase {
    private func fileMode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber).map { $0.intValue & 0o777 } ?? -1
    }

    private func nonBlankLines(_ name: String) throws -> [String] {
        let text = try String(contentsOf: KnowledgeFixtures.seedDirectory.appendingPathComponent(name), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    private func seedSynonymGroups() throws -> [SynonymTable.Group] {
        let url = KnowledgeFixtures.seedDirectory.appendingPathComponent("synonyms.txt")
        return try SynonymTable.parse(String(contentsOf: url, encoding: .utf8), file: url.path)
    }

    private func expectStoreError(_ expected: StoreError, file: StaticString = #filePath, line: UInt = #line,
                                  _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("expected \(expected), but it succeeded", file: file, line: line)
        } catch let error as StoreError {
            XCTAssertEqual(error, expected, file: file, line: line)
        } catch {
            XCTFail("expected \(expected), got \(type(of: error)): \(error)", file: file, line: line)
        }
    }

    private static let countedTables = ["department", "account", "knowledge_entry", "knowledge_revision", "synonym",
                                        "search_term", "search_log"]

    private func tableCounts(_ store: HotlineStore) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in Self.countedTables { counts[table] = try count(table, in: store) }
        return counts
    }

    // MARK: Creation

    func testInitCreatesTheFileWithMode0660AndAppliesMigrations() throws {
        let path = directory.appendingPathComponent("nested/data/hotline.sqlite").path
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let (store, report) = try initialize(includeSamples: true, path: path)

        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        let mode = try fileMode(path)
        XCTAssertEqual(mode, 0o660, "mode is " + String(mode, radix: 8))
        let known = HotlineMigrations.migrator.migrations
        XCTAssertFalse(known.isEmpty)
        XCTAssertEqual(report.migrationsApplied, known)
        XCTAssertEqual(try store.appliedMigrations(), known)
        XCTAssertEqual(report.path, path)

        let (journal, foreignKeys, tables) = try store.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try ["knowledge_entry", "knowledge_revision", "knowledge_search_body", "synonym", "search_term", "search_log",
                  "department", "account"].filter { try db.tableExists($0) })
        }
        XCTAssertEqual(journal?.lowercased(), "wal")
        XCTAssertEqual(foreignKeys, 1)
        XCTAssertEqual(tables.count, 8, "\(tables)")
    }

    func testInitMakesTheOSUserAnAdmin() throws {
        let (store, report) = try initialize()
        XCTAssertEqual(report.adminCreated, KnowledgeFixtures.osUser)
        let accounts = try store.read { db in try Account.fetchAll(db) }
        XCTAssertEqual(accounts.count, 1)
        XCTAssertEqual(accounts.first?.login, KnowledgeFixtures.osUser)
        XCTAssertEqual(accounts.first?.osUser, KnowledgeFixtures.osUser)
        XCTAssertEqual(accounts.first?.role, .admin)
        XCTAssertEqual(accounts.first?.active, true)
        let identity = try Identity.resolve(in: store, osUser: KnowledgeFixtures.osUser)
        XCTAssertEqual(identity.role, .admin)
    }

    func testInitLoadsSynonymsDepartmentsAndSampleEntries() throws {
        let groups = try seedSynonymGroups()
        let (store, report) = try initialize(includeSamples: true)
        XCTAssertEqual(report.synonymGroups, groups.count)
        XCTAssertEqual(try count("synonym", in: store), groups.reduce(0) { $0 + $1.terms.count })
        XCTAssertGreaterThan(try count("search_term", in: store), 0)

        let departments = try nonBlankLines("departments.csv").count - 1
        XCTAssertEqual(report.departmentsAdded, departments)
        XCTAssertEqual(try count("department", in: store), departments)

        let entries = try nonBlankLines("entries.jsonl").count
        XCTAssertGreaterThanOrEqual(entries, 80)
        XCTAssertEqual(report.knowledge?.added, entries)
        XCTAssertEqual(report.knowledge?.newDepartments, [], "every sample entry names a seed department")
        XCTAssertEqual(try count("knowledge_entry", in: store), entries)
        let samples = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry WHERE is_sample") }
        XCTAssertEqual(samples, entries, "seed entries are marked as sample content")

        // Synonyms work on the sample base: 社保 finds 社会保险 through the table.
        let expansions = try store.read { db in try SynonymTable.expansions(of: ["社保"], in: db) }
        XCTAssertTrue(expansions["社保"]?.contains("社会保险") ?? false, "\(expansions)")
        XCTAssertFalse(try KnowledgeBase(store: store).search(SearchRequest(text: "社保")).hits.isEmpty)
    }

    func testEmptyInitLoadsSynonymsButNoSampleContent() throws {
        let (store, report) = try initialize(includeSamples: false)
        XCTAssertEqual(report.synonymGroups, try seedSynonymGroups().count)
        XCTAssertGreaterThan(try count("synonym", in: store), 0)
        XCTAssertEqual(try count("department", in: store), 0)
        XCTAssertEqual(try count("knowledge_entry", in: store), 0)
        XCTAssertEqual(report.departmentsAdded, 0)
        XCTAssertNil(report.knowledge)
        XCTAssertEqual(try count("account", in: store), 1, "the admin account is made even with --empty")
    }

    // MARK: Idempotence

    func testInitTwiceIsHarmless() throws {
        let first: [String: Int]
        do {
            let (store, _) = try initialize(includeSamples: true)
            first = try tableCounts(store)
        }
        let (store, report) = try Setup.initialize(path: databasePath, seed: KnowledgeFixtures.seedDirectory,
                                                   includeSamples: true, clock: KnowledgeFixtures.clock,
                                                   osUser: "second-user")
        XCTAssertEqual(try tableCounts(store), first)
        XCTAssertNil(report.adminCreated, "an admin exists already")
        XCTAssertEqual(report.departmentsAdded, 0)
        XCTAssertEqual(report.knowledge?.added, 0)
        XCTAssertEqual(report.knowledge?.updated, 0)
        XCTAssertEqual(report.knowledge?.unchanged, first["knowledge_entry"])
        XCTAssertEqual(try store.appliedMigrations(), HotlineMigrations.migrator.migrations)
        let duplicates = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT external_id FROM knowledge_entry GROUP BY external_id HAVING count(*) > 1)")
        }
        XCTAssertEqual(duplicates, 0)
        let revisions = try store.read { db in try Int.fetchOne(db, sql: "SELECT max(revision) FROM knowledge_entry") }
        XCTAssertEqual(revisions, 1)
    }

    func testInitKeepsSampleEntriesEditedSince() throws {
        let (store, _) = try initialize(includeSamples: true)
        let knowledge = KnowledgeBase(store: store)
        var first: KnowledgeEntry?
        try knowledge.entries { entry, _ in if first == nil { first = entry } }
        let entry = try XCTUnwrap(first)
        let department = try knowledge.detail(externalID: entry.externalID).department.name
        let edited = knowledgeJSONLine([
            "id": entry.externalID, "department": department, "category": entry.category, "question": entry.question,
            "answer": "本地改过的答复。", "keywords": entry.keywords, "source": entry.source,
            "effective_from": entry.effectiveFrom ?? NSNull(), "effective_to": entry.effectiveTo ?? NSNull(), "sample": true,
        ])
        try knowledge.importFiles([try write(edited + "\n", to: "edit.jsonl")], actor: KnowledgeFixtures.actor)
        try initialize(includeSamples: true)
        XCTAssertEqual(try knowledge.detail(externalID: entry.externalID).entry.answer, "本地改过的答复。")
    }

    func testInitTwiceLeavesTheTermDictionaryAsItWas() throws {
        // Reference data is "replaced by the same content": the pinyin term dictionary
        // (whose frequencies order pinyin and homophone candidates) must not drift.
        func dictionary(_ store: HotlineStore) throws -> [String] {
            try store.read { db in
                try String.fetchAll(db, sql: """
                    SELECT term || '|' || pinyin || '|' || initials || '|' || weight || '|' || frequency
                    FROM search_term ORDER BY term, pinyin
                    """)
            }
        }
        let before: [String]
        do { before = try dictionary(try initialize(includeSamples: false).0) }
        let after = try dictionary(try initialize(includeSamples: false).0)
        XCTAssertEqual(after.count, before.count)
        let changed = zip(before, after).filter { $0 != $1 }
        XCTAssertTrue(changed.isEmpty, "\(changed.count) term rows changed on the second init, e.g. \(changed.prefix(3))")
    }

    // MARK: Opening

    func testOpeningAMissingFileForEverydayUseThrowsNotInitialized() {
        let path = directory.appendingPathComponent("missing.sqlite").path
        expectStoreError(.notInitialized(path: path)) {
            _ = try HotlineStore.open(at: path, mode: .existing, clock: KnowledgeFixtures.clock)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "opening must not create the file")
    }

    func testOpeningAnInitialisedDatabaseForEverydayUse() throws {
        do { try initialize(includeSamples: true) }
        let store = try HotlineStore.open(at: databasePath, mode: .existing, clock: KnowledgeFixtures.clock)
        XCTAssertGreaterThan(try count("knowledge_entry", in: store), 0)
    }

    func testOpeningADatabaseBehindTheSchemaForEverydayUseAsksForInit() throws {
        let path = databasePath
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            }
        }
        expectStoreError(.needsMigration(path: path)) {
            _ = try HotlineStore.open(at: path, mode: .existing, clock: KnowledgeFixtures.clock)
        }
        let store = try HotlineStore.open(at: path, mode: .createOrMigrate, clock: KnowledgeFixtures.clock)
        XCTAssertEqual(try store.appliedMigrations(), HotlineMigrations.migrator.migrations)
    }

    func testADatabaseFromANewerProgramIsRefusedAndLeftUntouched() throws {
        let path = databasePath
        do {
            let (store, _) = try initialize(includeSamples: false)
            try store.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
                try db.execute(sql: "CREATE TABLE future_thing (id INTEGER PRIMARY KEY)")
            }
        }
        let wal = path + "-wal"
        func walBytes() -> Data { FileManager.default.contents(atPath: wal) ?? Data() }
        let walBefore = walBytes()
        let before = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertFalse(before.isEmpty)
        let modeBefore = try fileMode(path)

        expectStoreError(.schemaTooNew(path: path)) {
            _ = try HotlineStore.open(at: path, mode: .existing, clock: KnowledgeFixtures.clock)
        }
        expectStoreError(.schemaTooNew(path: path)) {
            _ = try HotlineStore.open(at: path, mode: .createOrMigrate, clock: KnowledgeFixtures.clock)
        }
        expectStoreError(.schemaTooNew(path: path)) {
            _ = try self.initialize(includeSamples: true)
        }

        XCTAssertEqual(FileManager.default.contents(atPath: path), before, "the database file's bytes changed")
        XCTAssertEqual(walBytes(), walBefore, "the write-ahead log changed")
        XCTAssertEqual(try fileMode(path), modeBefore)
        XCTAssertEqual(StoreError.schemaTooNew(path: path).exitCode, .unavailable)
        XCTAssertTrue(StoreError.schemaTooNew(path: path).description.hasPrefix(path + ": "))
    }

    func testAFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws {
        let path = databasePath
        let text = Data("这不是数据库，是一份说明。\n".utf8)
        try text.write(to: URL(fileURLWithPath: path))
        do {
            _ = try HotlineStore.open(at: path, mode: .createOrMigrate, clock: KnowledgeFixtures.clock)
            XCTFail("opening a text file as the database should fail")
        } catch let error as StoreError {
            guard case .cannotOpen(let reportedPath, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reportedPath, path)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), text)
    }

    // MARK: Default location

    func testDefaultPathHonoursHotlineDB() {
        XCTAssertEqual(DatabaseLocation.defaultPath(environment: [
            "HOTLINE_DB": "/srv/hotline/desk.sqlite", "XDG_DATA_HOME": "/xdg", "HOME": "/home/agent",
        ]), "/srv/hotline/desk.sqlite")
    }

    func testDefaultPathHonoursXDGDataHome() {
        XCTAssertEqual(DatabaseLocation.defaultPath(environment: ["XDG_DATA_HOME": "/xdg/data", "HOME": "/home/agent"]),
                       "/xdg/data/hotline/hotline.sqlite")
        // An empty HOTLINE_DB is unset.
        XCTAssertEqual(DatabaseLocation.defaultPath(environment: ["HOTLINE_DB": "", "XDG_DATA_HOME": "/xdg/data"]),
                       "/xdg/data/hotline/hotline.sqlite")
    }

    func testDefaultPathFallsBackToHome() {
        XCTAssertEqual(DatabaseLocation.defaultPath(environment: ["HOME": "/home/agent"]),
                       "/home/agent/.local/share/hotline/hotline.sqlite")
        // XDG_DATA_HOME must be absolute (XDG Base Directory spec); a relative one is ignored.
        XCTAssertEqual(DatabaseLocation.defaultPath(environment: ["XDG_DATA_HOME": "data", "HOME": "/home/agent"]),
                       "/home/agent/.local/share/hotline/hotline.sqlite")
        XCTAssertEqual(DatabaseLocation.defaultPath(environment: ["XDG_DATA_HOME": "", "HOME": "/home/agent"]),
                       "/home/agent/.local/share/hotline/hotline.sqlite")
    }
}
