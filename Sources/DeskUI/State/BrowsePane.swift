import Foundation
import HotlineCore

/// The trainer's knowledge browser: the entry list with its filters, one opened entry
/// with its revision history, and the search gaps.
public struct BrowsePane: Equatable, Sendable {
    public enum Mode: Equatable, Sendable { case list, entry, gaps }

    public var mode: Mode = .list
    public var department: String?
    public var category: String?
    public var draftsOnly = false
    public var listing: KnowledgeListing?
    public var selected = 0
    /// The opened entry, drawn as lines, and how far it is scrolled.
    public var entry: BrowseEntry?
    public var scroll = 0
    public var gaps: [SearchGap] = []
    public var gapSelected = 0
    /// The reason being typed for rejecting a draft, and which draft.
    public var rejecting: RejectPrompt?

    public init() {}

    public var request: BrowseRequest { BrowseRequest(department: department, category: category, draftsOnly: draftsOnly) }

    public var selectedRow: KnowledgeListingRow? {
        guard let rows = listing?.rows, rows.indices.contains(selected) else { return nil }
        return rows[selected]
    }
}

public struct BrowseRequest: Equatable, Sendable {
    public var department: String?
    public var category: String?
    public var draftsOnly: Bool
}

public struct BrowseEntry: Equatable, Sendable {
    public var externalID: String
    public var status: KnowledgeEntry.Status
    public var lines: [String]
}

public struct RejectPrompt: Equatable, Sendable {
    public var externalID: String
    public var reason = TextField(maxLength: KnowledgeBase.rejectReasonLimit)
}

public enum BrowseEffect: Equatable, Sendable {
    case load(BrowseRequest)
    case open(externalID: String)
    case loadGaps
    case publish(externalID: String)
    case reject(externalID: String, reason: String)
}

public enum BrowseResult: Sendable {
    case loaded(KnowledgeListing, for: BrowseRequest)
    case opened(BrowseEntry)
    case gaps([SearchGap])
    case reviewed(externalID: String, message: String)
}
