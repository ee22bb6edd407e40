import GRDB

/// Migration v6-knowledge-speed: the search index beside FTS5 (see
/// `KnowledgeSearchIndex`), the triggers that mark entries written since it was built,
/// and a rebuild of the FTS index for the tokenizer's document mode without colocated
/// unigrams.
enum KnowledgeSearchSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE knowledge_search_term (
                term TEXT NOT NULL PRIMARY KEY,
                documents INTEGER NOT NULL,
                title_postings BLOB
            );
            CREATE TABLE knowledge_search_stale (entry_id INTEGER PRIMARY KEY);
            CREATE TRIGGER knowledge_search_stale_ai AFTER INSERT ON knowledge_entry
            WHEN new.status = 'published' BEGIN
                INSERT OR IGNORE INTO knowledge_search_stale (entry_id) VALUES (new.id);
            END;
            CREATE TRIGGER knowledge_search_stale_au AFTER UPDATE OF question, keywords, category, answer, status ON knowledge_entry
            WHEN old.status = 'published' OR new.status = 'published' BEGIN
                INSERT OR IGNORE INTO knowledge_search_stale (entry_id) VALUES (new.id);
            END;
            CREATE TRIGGER knowledge_search_stale_ad AFTER DELETE ON knowledge_entry
            WHEN old.status = 'published' BEGIN
                INSERT OR IGNORE INTO knowledge_search_stale (entry_id) VALUES (old.id);
            END;
            INSERT INTO knowledge_fts (knowledge_fts) VALUES ('rebuild');
            """)
        // The index itself is built by v10-knowledge-postings, which adds the answers'
        // postings the index code now writes.
    }
}
