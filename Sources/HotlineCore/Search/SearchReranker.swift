import Foundation

/// Re-ranks the index's candidates by how much of the query the entry's title
/// (question, keywords, category) covers. BM25 alone favours an entry that repeats
/// one term in a long answer; a caller's question is answered by the entry whose
/// title says what the caller said.
struct SearchReranker {
    let plan: QueryPlan

    static let coverageWeight = 1.0
    /// The category is the entry's topic as the department filed it: an entry filed
    /// under what the caller said is about it, not merely mentioning it (社保 finds the
    /// social insurance registration entries before the subsidies that pay towards it).
    static let categoryWeight = 0.5

    func rerank(_ candidates: inout [KnowledgeBase.Candidate]) {
        guard !candidates.isEmpty else { return }
        let totalWeight = plan.units.reduce(0) { $0 + $1.weight }
        let topBM25 = candidates.map(\.bm25).max() ?? 1
        let alternatives = plan.units.map { $0.alternatives.map { Array($0.utf8) } }
        for index in candidates.indices {
            let candidate = candidates[index]
            let title = Array(HanTextTokenizer.runs(candidate.question + " " + candidate.keywords + " " + candidate.category)
                .map(\.text).joined().utf8)
            let category = Array(HanTextTokenizer.runs(candidate.category).map(\.text).joined().utf8)
            var covered = 0.0
            var filed = 0.0
            for (unit, forms) in zip(plan.units, alternatives) where forms.contains(where: { Self.contains(title, $0) }) {
                covered += unit.weight
                if forms.contains(where: { Self.contains(category, $0) }) { filed += unit.weight }
            }
            let coverage = totalWeight > 0 ? covered / totalWeight : 0
            let topic = totalWeight > 0 ? filed / totalWeight : 0
            let relevance = topBM25 > 0 ? candidate.bm25 / topBM25 : 0
            candidates[index].score = relevance + Self.coverageWeight * coverage + Self.categoryWeight * topic
        }
        candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.externalID < $1.externalID) }
    }

    /// Whether `needle` occurs in `haystack`, both normalised UTF-8.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        var start = 0
        let last = haystack.count - needle.count
        while start <= last {
            if haystack[start] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[start + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            start += 1
        }
        return false
    }
}
