import Foundation
import GRDB

/// How well a specialist's expertise areas cover a caller's topic, with the knowledge
/// search's own tokenizer and synonym table, so that the desk finds 缪婷婷（社会保险费）
/// for "社保怎么交" just as the knowledge search finds the entries.
///
/// The topic becomes units the way a search query does: a stretch that is a synonym or
/// abbreviation is one unit standing for all its forms (社保 = 社会保险); the rest of a
/// Chinese run is its bigrams (a one-character run stays whole); a Latin word or number
/// is one unit; question words and fillers are dropped when anything else is left. A
/// unit matches an expertise area when one of its forms occurs in the area (or in one of
/// the area's own synonyms), or when the area is a phrase inside the caller's own words
/// (加计扣除 inside 研发费用加计扣除). The score is the share of the topic, by weight, that some area of
/// the specialist matches; a synonym stretch weighs as much as the bigrams it replaces.
struct TopicMatcher {
    struct Unit: Equatable {
        var alternatives: [String]
        var weight: Int
    }

    let units: [Unit]
    var totalWeight: Int { units.reduce(0) { $0 + $1.weight } }

    init(units: [Unit]) { self.units = units }

    init(topic: String, in db: Database) throws {
        self.init(units: try Self.units(of: topic, in: db))
    }

    /// The matched weight and the areas that matched, in the specialist's order.
    func match(_ expertise: [String], forms: [String: [String]]) -> (weight: Int, areas: [String]) {
        var matchedUnits = Set<Int>()
        var areas: [String] = []
        for area in expertise {
            let areaForms = forms[area] ?? [HanTextTokenizer.normalized(area)]
            var hit = false
            for (index, unit) in units.enumerated() where Self.matches(unit, areaForms) {
                matchedUnits.insert(index)
                hit = true
            }
            if hit { areas.append(area) }
        }
        return (matchedUnits.reduce(0) { $0 + units[$1].weight }, areas)
    }

    static func matches(_ unit: Unit, _ areaForms: [String]) -> Bool {
        for form in areaForms {
            if unit.alternatives.contains(where: { form.contains($0) }) { return true }
            // Only the caller's own words, not a synonym's long form: 增值税 lies inside
            // 增值税期末留抵税额退税, yet a caller asking about 留抵退税 needs no 增值税 expert.
            if form.unicodeScalars.count >= 2, let own = unit.alternatives.first, own.contains(form) { return true }
        }
        return false
    }

    /// Each area in its normalised form plus the other forms of its synonym group.
    static func forms(of areas: Set<String>, in db: Database) throws -> [String: [String]] {
        let terms = Dictionary(areas.map { ($0, SynonymTable.normalizedTerm($0)) }, uniquingKeysWith: { first, _ in first })
        let expansions = try SynonymTable.expansions(of: Set(terms.values), in: db)
        var result: [String: [String]] = [:]
        for area in areas {
            result[area] = [HanTextTokenizer.normalized(area)] + (expansions[terms[area]!] ?? [])
        }
        return result
    }

    static func units(of topic: String, in db: Database) throws -> [Unit] {
        let runs = HanTextTokenizer.runs(topic)
        let synonyms = try SynonymTable.expansions(of: candidateTerms(runs), in: db)
        var units: [Unit] = []
        var fillers: [Unit] = []
        for run in runs {
            if !run.isHan {
                units.append(Unit(alternatives: [run.text] + (synonyms[run.text] ?? []), weight: 1))
                continue
            }
            for (unit, isFiller) in hanUnits(run.text, synonyms: synonyms) {
                if isFiller { fillers.append(unit) } else { units.append(unit) }
            }
        }
        return units.isEmpty ? fillers : units
    }

    /// Synonym stretches first, longest first and without overlap; then the bigrams
    /// outside every stretch. The flag marks question words and fillers.
    private static func hanUnits(_ run: String, synonyms: [String: [String]]) -> [(Unit, Bool)] {
        let scalars = Array(run.unicodeScalars)
        func slice(_ start: Int, _ length: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<(start + length)])
            return String(view)
        }
        if scalars.count == 1 {
            let unit = Unit(alternatives: [run] + (synonyms[run] ?? []), weight: 1)
            return [(unit, QueryPlanner.fillerCharacters.contains(run))]
        }
        var result: [(Unit, Bool)] = []
        var covered = [Bool](repeating: false, count: scalars.count)
        for length in stride(from: min(SearchTermDictionary.longestTerm, scalars.count), through: 2, by: -1) {
            for start in 0...(scalars.count - length) where !covered[start..<(start + length)].contains(true) {
                let term = slice(start, length)
                guard let others = synonyms[term] else { continue }
                for index in start..<(start + length) { covered[index] = true }
                result.append((Unit(alternatives: [term] + others, weight: length - 1), false))
            }
        }
        for index in 0..<(scalars.count - 1) {
            // A bigram reaching into a stretch repeats what the stretch already says.
            if covered[index] || covered[index + 1] { continue }
            let bigram = slice(index, 2)
            result.append((Unit(alternatives: [bigram], weight: 1), QueryPlanner.fillerBigrams.contains(bigram)))
        }
        return result
    }

    /// Every stretch of two or more characters (and every word) that could be a synonym.
    private static func candidateTerms(_ runs: [HanTextTokenizer.Run]) -> Set<String> {
        var candidates = Set<String>()
        for run in runs {
            let scalars = Array(run.text.unicodeScalars)
            guard run.isHan, scalars.count >= 2 else { candidates.insert(run.text); continue }
            for length in 2...min(SearchTermDictionary.longestTerm, scalars.count) {
                for start in 0...(scalars.count - length) {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[start..<(start + length)])
                    candidates.insert(String(view))
                }
            }
        }
        return candidates
    }
}
