import Foundation

/// Re-ranks the index's candidates by how much of the query the entry's title
/// (question, keywords, category) covers. BM25 alone favours an entry that repeats
/// one term in a long answer; a caller's question is answered by the entry whose
/// title says what the caller said.
struct SearchReranker {
    let plan: QueryPlan

    static let coverageWeight = 1.0

    func rerank(_ candidates: inout [KnowledgeBase.Candidate]) {
        guard !candidates.isEmpty else { return }
        let totalWeight = plan.units.reduce(0) { $0 + $1.weight }
        let topBM25 = candidates.map(\.bm25).max() ?? 1
        for index in candidates.indices {
            let candidate = candidates[index]
            let title = HanTextTokenizer.normalized(candidate.question + " " + candidate.keywords + " " + candidate.category)
                .replacingOccurrences(of: " ", with: "")
            var covered = 0.0
            for unit in plan.units where unit.alternatives.contains(where: { title.contains($0) }) {
                covered += unit.weight
            }
            let coverage = totalWeight > 0 ? covered / totalWeight : 0
            let relevance = topBM25 > 0 ? candidate.bm25 / topBM25 : 0
            candidates[index].score = relevance + Self.coverageWeight * coverage
        }
        candidates.sort { $0.score > $1.score || ($0.score == $1.score && $0.externalID < $1.externalID) }
    }
}
