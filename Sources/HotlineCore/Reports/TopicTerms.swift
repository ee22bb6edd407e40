import Foundation

/// Key terms of call content, through the knowledge search's tokenizer (query mode:
/// Han bigrams, a lone Han character, ASCII words; NFKC and case folded), minus what
/// says nothing about the subject: the fillers and function-character bigrams of repeat
/// detection (`ContentSimilarity`), bare numbers and single Latin letters.
///
/// A hotspot report reads a few hundred thousand calls, so terms are interned as small
/// integers straight from the tokenizer's bytes; a String is made once per distinct term.
struct TopicTermTable {
    private var ids: [UInt64: Int32] = [:]
    private(set) var labels: [String] = []
    private var kept: [Bool] = []

    /// The distinct kept terms of `text`, sorted.
    mutating func terms(of text: String) -> [Int32] {
        var found: [Int32] = []
        var copy = text
        copy.withUTF8 { bytes in
            HanTextTokenizer.scan(bytes, mode: .query) { token, kind, _, _, _ in
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in token { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                let id: Int32
                if let known = ids[hash] {
                    id = known
                } else {
                    id = Int32(labels.count)
                    ids[hash] = id
                    let label = String(decoding: token, as: UTF8.self)
                    labels.append(label)
                    kept.append(Self.keeps(label, kind: kind))
                }
                if kept[Int(id)] { found.append(id) }
                return true
            }
        }
        found.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(found.count)
        for id in found where unique.last != id { unique.append(id) }
        return unique
    }

    static func keeps(_ label: String, kind: HanTextTokenizer.TokenKind) -> Bool {
        switch kind {
        case .hanBigram:
            return !ContentSimilarity.fillers.contains(label) && !label.contains(where: ContentSimilarity.functionCharacters.contains)
        case .hanUnigram:
            return !label.contains(where: ContentSimilarity.functionCharacters.contains)
        case .word:
            return label.count > 1 && !label.allSatisfy(\.isNumber)
        }
    }

    /// Cosine of two sorted term lists, |A∩B| / √(|A|·|B|), as repeat detection scores.
    static func cosine(_ a: [Int32], _ b: [Int32]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return Double(shared) / (Double(a.count) * Double(b.count)).squareRoot()
    }
}
