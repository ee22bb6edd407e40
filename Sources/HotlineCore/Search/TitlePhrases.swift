import Foundation
import GRDB

/// Synonym forms of several tokens (社会保险, 研发费用加计扣除) gathered in the title
/// postings as if each were one token, stored under `prefix + form`. A caller's word that
/// is a synonym becomes every form of its group, each a phrase of three to seven bigrams;
/// intersecting their lists at query time was most of a four-character search, while one
/// precomputed list is read like a single token's, with the same weighted frequencies.
struct TitlePhrases {
    /// Stored terms of phrases start with a character no token holds.
    static let prefix = "\u{1}"

    struct Phrase {
        var keys: [UInt64]
        var key: UInt64
    }

    /// Phrases by the packed key of their first token.
    private(set) var byFirstToken: [UInt64: [Phrase]] = [:]

    var isEmpty: Bool { byFirstToken.isEmpty }

    /// The forms to gather: every synonym term of the store.
    static func forms(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT term FROM synonym ORDER BY term")
    }

    mutating func add(_ phrase: Phrase) { byFirstToken[phrase.keys[0], default: []].append(phrase) }
}

extension SearchIndexBuilder {
    /// Gathers the title postings of these forms as phrases (forms of one token are
    /// tokens already). Every form gets a stored row, matched or not, so that search
    /// tells "no title holds it" from "not gathered".
    mutating func gatherPhrases(_ forms: [String]) {
        for form in forms {
            let tokens = HanTextTokenizer.tokens(form, mode: .query)
            guard tokens.count >= 2 else { continue }
            var keys: [UInt64] = []
            for token in tokens {
                switch token.kind {
                case .word: keys.append(internedWordKey(token.text))
                case .hanBigram, .hanUnigram:
                    guard let key = packedKey(of: token.text) else { continue }
                    keys.append(key)
                }
            }
            guard keys.count == tokens.count else { continue }
            let key = internedWordKey(TitlePhrases.prefix + form)
            reserveSlot(key)
            addPhrase(TitlePhrases.Phrase(keys: keys, key: key))
        }
    }
}

extension TitleRanker {
    /// Places where a phrase's tokens stand at consecutive positions of one title column,
    /// found in an entry's sorted `(key, position << 2 | column)` occurrences.
    static func phraseOccurrences(_ occurrences: [(key: UInt64, slot: UInt32)], phrases: TitlePhrases,
                                  into found: inout [(key: UInt64, slot: UInt32)]) {
        func holds(_ key: UInt64, _ slot: UInt32) -> Bool {
            var low = 0, high = occurrences.count
            while low < high {
                let middle = (low + high) / 2
                let item = occurrences[middle]
                if item.key < key || (item.key == key && item.slot < slot) { low = middle + 1 } else { high = middle }
            }
            return low < occurrences.count && occurrences[low].key == key && occurrences[low].slot == slot
        }
        for occurrence in occurrences {
            guard let candidates = phrases.byFirstToken[occurrence.key] else { continue }
            for phrase in candidates {
                var matched = true
                for j in 1..<phrase.keys.count where !holds(phrase.keys[j], occurrence.slot + UInt32(j) << 2) {
                    matched = false
                    break
                }
                if matched { found.append((phrase.key, occurrence.slot)) }
            }
        }
    }
}
