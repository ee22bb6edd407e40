/// The part of an answer around the first matched term, with matches marked 【】.
///
/// Done here rather than with FTS5's snippet(): our bigram tokens overlap (每 bigram
/// shares a character with the next), and FTS5's highlighter repeats text across
/// overlapping tokens.
public enum Snippet {
    public static func make(_ text: String, terms: [String], width: Int = 60) -> String {
        let characters = Array(text.replacingOccurrences(of: "\n", with: " "))
        let lowered = characters.map { Character($0.lowercased()) }
        let needles = terms.map { Array($0) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var marked = [Bool](repeating: false, count: characters.count)
        var first: Int? = nil
        var index = 0
        while index < lowered.count {
            var advanced = false
            for needle in needles where index + needle.count <= lowered.count {
                if Array(lowered[index..<(index + needle.count)]) == needle {
                    for offset in 0..<needle.count { marked[index + offset] = true }
                    if first == nil { first = index }
                    index += needle.count
                    advanced = true
                    break
                }
            }
            if !advanced { index += 1 }
        }
        let start = max(0, (first ?? 0) - width / 4)
        let end = min(characters.count, start + width)
        var out = start > 0 ? "…" : ""
        var open = false
        for position in start..<end {
            if marked[position] && !open { out += "【"; open = true }
            if !marked[position] && open { out += "】"; open = false }
            out.append(characters[position])
        }
        if open { out += "】" }
        if end < characters.count { out += "…" }
        return out
    }
}
