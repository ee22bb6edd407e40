import GRDB

/// Migration v10-knowledge-postings: the search index holds the answers' postings too
/// (`knowledge_search_body`), so it ranks every column itself and FTS5 goes: a large
/// import no longer waits for FTS5 to index fifteen million tokens on the writing
/// thread, since the reading thread gathers the postings while the rows are written.
enum KnowledgePostingsSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE knowledge_search_body (
                term TEXT NOT NULL,
                first_entry INTEGER NOT NULL,
                postings BLOB NOT NULL,
                PRIMARY KEY (term, first_entry)
            );
            DROP TRIGGER IF EXISTS __knowledge_fts_ai;
            DROP TRIGGER IF EXISTS __knowledge_fts_ad;
            DROP TRIGGER IF EXISTS __knowledge_fts_au;
            DROP TABLE IF EXISTS knowledge_vocabulary;
            DROP TABLE IF EXISTS knowledge_fts;
            """)
        try KnowledgeSearchIndex.rebuild(in: db)
    }
}
