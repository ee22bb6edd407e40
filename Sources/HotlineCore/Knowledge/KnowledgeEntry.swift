import Foundation
import GRDB

/// One "一问一答" entry of the policy knowledge base.
public struct KnowledgeEntry: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "knowledge_entry"

    public enum Status: String, Sendable, Codable, CaseIterable {
        case draft, published, retired
        public var label: String {
            switch self {
            case .draft: return "草稿"
            case .published: return "已发布"
            case .retired: return "已停用"
            }
        }
    }

    public var id: Int64?
    public var externalID: String
    public var departmentID: Int64
    public var category: String
    public var question: String
    public var answer: String
    public var keywords: [String]
    public var source: String
    /// Calendar dates as `YYYY-MM-DD`; nil means open-ended.
    public var effectiveFrom: String?
    public var effectiveTo: String?
    public var status: Status
    public var revision: Int
    public var isSample: Bool
    public var updatedAt: Date
    public var updatedBy: String

    public init(id: Int64? = nil, externalID: String, departmentID: Int64, category: String, question: String,
                answer: String, keywords: [String], source: String, effectiveFrom: String?, effectiveTo: String?,
                status: Status, revision: Int = 1, isSample: Bool = false, updatedAt: Date, updatedBy: String) {
        self.id = id
        self.externalID = externalID
        self.departmentID = departmentID
        self.category = category
        self.question = question
        self.answer = answer
        self.keywords = keywords
        self.source = source
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.status = status
        self.revision = revision
        self.isSample = isSample
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// Keywords are stored one per line: the tokenizer treats the line break as a
    /// separator, and no keyword can hold one.
    static func joinKeywords(_ keywords: [String]) -> String { keywords.joined(separator: "\n") }
    static func splitKeywords(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    public init(row: Row) throws {
        id = row["id"]
        externalID = row["external_id"]
        departmentID = row["department_id"]
        category = row["category"]
        question = row["question"]
        answer = row["answer"]
        keywords = Self.splitKeywords(row["keywords"])
        source = row["source"]
        effectiveFrom = row["effective_from"]
        effectiveTo = row["effective_to"]
        status = Status(rawValue: row["status"]) ?? .draft
        revision = row["revision"]
        isSample = row["is_sample"]
        updatedAt = row["updated_at"]
        updatedBy = row["updated_by"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["external_id"] = externalID
        container["department_id"] = departmentID
        container["category"] = category
        container["question"] = question
        container["answer"] = answer
        container["keywords"] = Self.joinKeywords(keywords)
        container["source"] = source
        container["effective_from"] = effectiveFrom
        container["effective_to"] = effectiveTo
        container["status"] = status.rawValue
        container["revision"] = revision
        container["is_sample"] = isSample
        container["updated_at"] = updatedAt
        container["updated_by"] = updatedBy
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Expired on `today` (a `YYYY-MM-DD` date): its validity ended before that day.
    public func isExpired(on today: String) -> Bool {
        guard let end = effectiveTo else { return false }
        return end < today
    }

    /// The fields a revision compares and keeps.
    var content: KnowledgeContent {
        KnowledgeContent(department: departmentID, category: category, question: question, answer: answer,
                         keywords: keywords, source: source, effectiveFrom: effectiveFrom,
                         effectiveTo: effectiveTo, status: status.rawValue)
    }
}

/// What a revision records: the entry's content as it was written.
struct KnowledgeContent: Codable, Equatable {
    var department: Int64
    var category: String
    var question: String
    var answer: String
    var keywords: [String]
    var source: String
    var effectiveFrom: String?
    var effectiveTo: String?
    var status: String

    /// Names of the fields that differ from `other`, for the revision's "what".
    func changedFields(from other: KnowledgeContent) -> [String] {
        var names: [String] = []
        if department != other.department { names.append("department") }
        if category != other.category { names.append("category") }
        if question != other.question { names.append("question") }
        if answer != other.answer { names.append("answer") }
        if keywords != other.keywords { names.append("keywords") }
        if source != other.source { names.append("source") }
        if effectiveFrom != other.effectiveFrom { names.append("effective_from") }
        if effectiveTo != other.effectiveTo { names.append("effective_to") }
        if status != other.status { names.append("status") }
        return names
    }
}

extension KnowledgeEntry {
    static func withExternalID(_ externalID: String) -> QueryInterfaceRequest<KnowledgeEntry> {
        filter(Column("external_id") == externalID)
    }
}
