import Foundation

/// Writes entries in the import formats, so that an export imports back unchanged.
public enum KnowledgeExport {
    public static let csvColumns = ["id", "department", "category", "question", "answer", "keywords", "source",
                                    "effective_from", "effective_to", "status", "sample"]

    public static func jsonLine(_ entry: KnowledgeEntry, department: String) -> String {
        let object: [String: Any] = [
            "id": entry.externalID, "department": department, "category": entry.category,
            "question": entry.question, "answer": entry.answer, "keywords": entry.keywords, "source": entry.source,
            "effective_from": entry.effectiveFrom ?? NSNull(), "effective_to": entry.effectiveTo ?? NSNull(),
            "status": entry.status.rawValue, "sample": entry.isSample,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public static func csvHeader() -> String { csvColumns.joined(separator: ",") }

    public static func csvLine(_ entry: KnowledgeEntry, department: String) -> String {
        [entry.externalID, department, entry.category, entry.question, entry.answer,
         entry.keywords.joined(separator: "、"), entry.source, entry.effectiveFrom ?? "", entry.effectiveTo ?? "",
         entry.status.rawValue, entry.isSample ? "true" : "false"]
            .map(CSVWriter.field).joined(separator: ",")
    }
}

/// CSV cells for spreadsheets: quoted when needed, and a cell that a spreadsheet would
/// run as a formula (= + - @ at the start) is prefixed with ' so it stays text.
public enum CSVWriter {
    public static func field(_ value: String) -> String {
        var text = value
        // A value that already looks guarded gets one more ', so import gives it back whole.
        if let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) || unguarded(text) != text {
            text = "'" + text
        }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    /// Undoes the formula guard on import: a leading ' before = + - @ or another ' is dropped.
    public static func unguarded(_ value: String) -> String {
        guard value.hasPrefix("'"), let second = value.unicodeScalars.dropFirst().first,
              "=+-@'".unicodeScalars.contains(second) else { return value }
        return String(value.dropFirst())
    }
}
