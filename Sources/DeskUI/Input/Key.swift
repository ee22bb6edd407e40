/// A key as the console sees it, independent of curses: the backend in `desk` turns
/// wide-character input into these, and tests build them directly.
public enum Key: Hashable, Sendable {
    /// Printable text, including Chinese committed by an input method.
    case character(Character)
    /// F1…F12.
    case function(Int)
    /// Ctrl with a letter, lower-cased: `.control("e")` is Ctrl-E.
    case control(Character)
    /// Alt (Meta) with a character: `.alt("1")`.
    case alt(Character)
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
}

/// Where a binding applies: everywhere, or on one screen (which falls back to global).
public enum DeskContext: String, Sendable, CaseIterable {
    case global, intake, search, queue, detail, specialists, browse, help, dashboard
    /// The department's form for an order: the answer, a contact note, a return or
    /// extension request.
    case handling
}

/// Everything a key can ask the console to do. The keymap binds keys to these by name;
/// the help screen lists them with each binding's description.
public enum DeskAction: String, Sendable, CaseIterable {
    // Moving between screens and around them.
    case help, newCall = "new-call", search, queue, specialists, browse, quit, back, confirm
    case nextField = "next-field", previousField = "previous-field"
    case moveUp = "move-up", moveDown = "move-down", pageUp = "page-up", pageDown = "page-down"
    case first, last, find, refresh
    // On a call.
    case toggleEnterpriseTag = "toggle-enterprise-tag"
    case outOfScope = "out-of-scope"
    case answeredFromEntry = "answered-from-entry"
    case helpful, notHelpful = "not-helpful"
    case createOrder = "create-order"
    case findSpecialist = "find-specialist"
    case startThreeWay = "start-three-way"
    case resolvedThreeWay = "resolved-three-way", unresolvedThreeWay = "unresolved-three-way"
    case promoteDraft = "promote-draft"
    // Leads on the queue and in an order.
    case filterStatus = "filter-status", filterOverdue = "filter-overdue", filterEnterprise = "filter-enterprise"
    case acceptAnswer = "accept-answer", rejectAnswer = "reject-answer"
    case approveRequest = "approve-request", denyRequest = "deny-request"
    case urge, supervise, merge, reassign
    case filterKind = "filter-kind"
    // Departments on their orders.
    case sign, contact, answer
    case requestReturn = "request-return", requestExtension = "request-extension"
    /// Sends the department's form (answer, contact note, request).
    case submit
    // Trainers in the knowledge browser.
    case publish, reject
    case filterDepartment = "filter-department", filterCategory = "filter-category", filterDrafts = "filter-drafts"
    case searchGaps = "search-gaps"
    // Shift leads.
    case dashboard
}
