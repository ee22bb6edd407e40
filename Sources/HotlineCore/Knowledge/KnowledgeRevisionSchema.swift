import GRDB

/// Migration v15-knowledge-first-revisions: a revision may leave its snapshot empty
/// while the entry is still at that revision, since the entry's row then holds the same
/// content. An import of new entries writes their first revisions so (the snapshots were
/// a third of a large base, each repeating its entry), and this trigger writes the
/// snapshot out of the entry's old row before any change to the entry, so every
/// revision's content stays readable whatever changes the entry later.
///
/// The snapshot the trigger writes is byte for byte `KnowledgeContent.appendSnapshotJSON`
/// of the old row (keys in order, `json_quote` escaping as the Swift encoder does). The
/// keywords are split at their line breaks by replacing the quoted `\n`, which is exact
/// only when no keyword holds a backslash or a control character, and `json_quote` stops
/// at a NUL: the import writes an empty snapshot only when neither happens
/// (`KnowledgeRevision.canLeaveSnapshotToEntry`).
enum KnowledgeRevisionSchema {
    static let triggerName = "knowledge_entry_keeps_revision_snapshot"

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TRIGGER \(triggerName) BEFORE UPDATE ON knowledge_entry BEGIN
                UPDATE knowledge_revision SET snapshot = \(snapshotSQL(of: "OLD"))
                WHERE entry_id = OLD.id AND revision = OLD.revision AND snapshot = '';
            END;
            """)
    }

    /// The snapshot JSON of an entry row in SQL, `row` naming it (OLD, or a table alias).
    static func snapshotSQL(of row: String) -> String {
        """
        '{"answer":' || json_quote(\(row).answer)
                || ',"category":' || json_quote(\(row).category)
                || ',"department":' || \(row).department_id
                || CASE WHEN \(row).effective_from IS NULL THEN '' ELSE ',"effectiveFrom":' || json_quote(\(row).effective_from) END
                || CASE WHEN \(row).effective_to IS NULL THEN '' ELSE ',"effectiveTo":' || json_quote(\(row).effective_to) END
                || ',"keywords":[' || CASE WHEN \(row).keywords = '' THEN '' ELSE replace(json_quote(\(row).keywords), '\\n', '","') END
                || '],"question":' || json_quote(\(row).question)
                || ',"source":' || json_quote(\(row).source)
                || ',"status":' || json_quote(\(row).status) || '}'
        """
    }
}
