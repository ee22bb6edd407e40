import Foundation
import GRDB

/// The policy knowledge base (政策知识库): import, read, search, lint, export.
public struct KnowledgeBase: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    /// Today's date in Asia/Shanghai as `YYYY-MM-DD`, for validity checks.
    var today: String { ShanghaiTime.localDate(of: store.clock.now()).iso }
}
