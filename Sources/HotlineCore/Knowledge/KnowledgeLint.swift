import Foundation

/// Problems a trainer should fix before callers hear an answer.
public struct LintFinding: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case missingSource = "missing_source"
        case missingDates = "missing_dates"
        case expiredPublished = "expired_published"
        case duplicateQuestion = "duplicate_question"
        case nearDuplicateQuestion = "near_duplicate_question"
        case pastedRegulation = "pasted_regulation"
        case overlongAnswer = "overlong_answer"
        case missingKeywords = "missing_keywords"

        public var label: String {
            switch self {
            case .missingSource: return "缺少政策依据"
            case .missingDates: return "缺少生效日期"
            case .expiredPublished: return "已过期但仍在发布"
            case .duplicateQuestion: return "问题重复"
            case .nearDuplicateQuestion: return "问题高度相似"
            case .pastedRegulation: return "答案像是照搬的条文，而不是直接答复（第十二条：一问一答，不得简单复制）"
            case .overlongAnswer: return "答案过长，电话里难以读完"
            case .missingKeywords: return "缺少关键词"
            }
        }
    }

    public var entry: String
    public var kind: Kind
    public var detail: String
}

/// The checks behind `hotline kb lint`, on plain values so they are easy to test.
public enum KnowledgeLint {
    /// Longest answer an agent can read out on a call.
    public static let longAnswer = 800
    /// Share of shared question bigrams above which two questions ask the same thing.
    public static let nearDuplicateSimilarity = 0.8

    public static func check(_ entries: [(entry: KnowledgeEntry, department: String)], today: String) -> [LintFinding] {
        var findings: [LintFinding] = []
        for (entry, _) in entries {
            let id = entry.externalID
            if entry.source.trimmingCharacters(in: .whitespaces).isEmpty {
                findings.append(LintFinding(entry: id, kind: .missingSource, detail: ""))
            }
            if entry.effectiveFrom == nil {
                findings.append(LintFinding(entry: id, kind: .missingDates, detail: ""))
            }
            if entry.status == .published, entry.isExpired(on: today) {
                findings.append(LintFinding(entry: id, kind: .expiredPublished, detail: "失效日期 \(entry.effectiveTo ?? "")"))
            }
            if entry.keywords.isEmpty {
                findings.append(LintFinding(entry: id, kind: .missingKeywords, detail: ""))
            }
            if let reason = regulationReason(entry.answer) {
                findings.append(LintFinding(entry: id, kind: .pastedRegulation, detail: reason))
            }
            if entry.answer.count > longAnswer {
                findings.append(LintFinding(entry: id, kind: .overlongAnswer, detail: "\(entry.answer.count) 字（建议不超过 \(longAnswer)）"))
            }
        }
        findings.append(contentsOf: duplicates(entries.map(\.entry)))
        return findings
    }

    /// Why an answer reads as pasted regulation text, or nil. Regulations open with an
    /// article number, cite many articles, or run through long (一)(二)(三) lists.
    static func regulationReason(_ answer: String) -> String? {
        let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        let article = #"第[一二三四五六七八九十百零〇0-9]+条"#
        if text.range(of: "^(《[^》]{2,40}》)?" + article, options: .regularExpression) != nil {
            return "以条款编号开头"
        }
        let articles = matches(of: article, in: text)
        if articles >= 3 { return "引用了 \(articles) 个条款" }
        let items = matches(of: #"[（(][一二三四五六七八九十]+[)）]"#, in: text)
        if items >= 5 { return "含 \(items) 个（一）（二）式条目" }
        return nil
    }

    private static func matches(of pattern: String, in text: String) -> Int {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return 0 }
        return expression.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// Exact duplicates by normalised question, and near duplicates by bigram overlap.
    /// Pairs are found through an inverted index of bigrams, so a large base is not
    /// compared pair by pair.
    static func duplicates(_ entries: [KnowledgeEntry]) -> [LintFinding] {
        var findings: [LintFinding] = []
        var firstByQuestion: [String: String] = [:]
        var grams: [[String]] = []
        var postings: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            let normalized = HanTextTokenizer.normalized(entry.question)
            if let first = firstByQuestion[normalized] {
                findings.append(LintFinding(entry: entry.externalID, kind: .duplicateQuestion, detail: "与 \(first) 相同"))
            } else {
                firstByQuestion[normalized] = entry.externalID
            }
            let set = Array(Set(HanTextTokenizer.tokens(entry.question, mode: .query).map(\.text)))
            grams.append(set)
            for gram in set { postings[gram, default: []].append(index) }
        }
        let commonLimit = max(50, entries.count / 20)
        for (index, set) in grams.enumerated() where set.count >= 3 {
            var shared: [Int: Int] = [:]
            for gram in set {
                guard let list = postings[gram], list.count <= commonLimit else { continue }
                for other in list where other < index { shared[other, default: 0] += 1 }
            }
            for (other, count) in shared {
                let union = set.count + grams[other].count - count
                let similarity = Double(count) / Double(max(union, 1))
                let exact = HanTextTokenizer.normalized(entries[index].question) == HanTextTokenizer.normalized(entries[other].question)
                if similarity >= nearDuplicateSimilarity && !exact {
                    findings.append(LintFinding(entry: entries[index].externalID, kind: .nearDuplicateQuestion,
                                                detail: "与 \(entries[other].externalID) 相似度 \(Int(similarity * 100))%"))
                }
            }
        }
        return findings
    }
}

extension KnowledgeBase {
    public func lint() throws -> [LintFinding] {
        var all: [(entry: KnowledgeEntry, department: String)] = []
        try entries { entry, department in
            if entry.status != .retired { all.append((entry, department)) }
        }
        return KnowledgeLint.check(all, today: today)
    }
}
