import Foundation

/// Measures search quality on labelled queries: `query<TAB>relevant ids (best first)<TAB>kind`.
/// MRR counts the first relevant entry within the top 10; recall@5 is the share of an
/// entry's relevant ids found in the top 5.
public struct SearchEvaluation: Sendable {
    public struct Query: Sendable {
        public var line: Int
        public var text: String
        public var relevant: [String]
        public var kind: String
    }

    public struct Outcome: Sendable {
        public var query: Query
        public var returned: [String]
        public var reciprocalRank: Double
        public var recallAt5: Double
    }

    public struct Figures: Sendable {
        public var count: Int
        public var mrr: Double
        public var recallAt5: Double
    }

    public var outcomes: [Outcome]

    public static func parseQueries(_ text: String, file: String) throws(ImportFailure) -> [Query] {
        var queries: [Query] = []
        var problems: [ImportProblem] = []
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let fields = line.components(separatedBy: "\t")
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if index == 0 && fields.first == "query" { continue }
            guard fields.count >= 2, !fields[0].isEmpty else {
                problems.append(ImportProblem(file: file, line: index + 1, reason: "应为 query<TAB>relevant<TAB>kind"))
                continue
            }
            let relevant = fields[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            queries.append(Query(line: index + 1, text: fields[0], relevant: relevant,
                                 kind: fields.count > 2 ? fields[2].trimmingCharacters(in: .whitespaces) : "all"))
        }
        if !problems.isEmpty { throw ImportFailure(problems: problems) }
        return queries
    }

    public static func run(_ queries: [Query], on knowledge: KnowledgeBase) throws -> SearchEvaluation {
        let responses = try knowledge.search(batch: queries.map { SearchRequest(text: $0.text, limit: 10) })
        var outcomes: [Outcome] = []
        for (query, response) in zip(queries, responses) {
            let ids = response.hits.map(\.externalID)
            let rank = ids.firstIndex { query.relevant.contains($0) }
            let top5 = Set(ids.prefix(5))
            let found = query.relevant.filter { top5.contains($0) }.count
            outcomes.append(Outcome(query: query, returned: ids, reciprocalRank: rank.map { 1 / Double($0 + 1) } ?? 0,
                                    recallAt5: query.relevant.isEmpty ? 0 : Double(found) / Double(query.relevant.count)))
        }
        return SearchEvaluation(outcomes: outcomes)
    }

    public var overall: Figures { figures(outcomes) }

    /// Figures per query kind, in the order kinds first appear.
    public var byKind: [(kind: String, figures: Figures)] {
        var order: [String] = []
        for outcome in outcomes where !order.contains(outcome.query.kind) { order.append(outcome.query.kind) }
        return order.map { kind in (kind, figures(outcomes.filter { $0.query.kind == kind })) }
    }

    private func figures(_ subset: [Outcome]) -> Figures {
        guard !subset.isEmpty else { return Figures(count: 0, mrr: 0, recallAt5: 0) }
        let n = Double(subset.count)
        return Figures(count: subset.count, mrr: subset.map(\.reciprocalRank).reduce(0, +) / n,
                       recallAt5: subset.map(\.recallAt5).reduce(0, +) / n)
    }
}
