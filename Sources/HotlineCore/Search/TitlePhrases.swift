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

    /// The forms to gather: every synonym term of the store.
    static func forms(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT term FROM synonym ORDER BY term")
    }
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
