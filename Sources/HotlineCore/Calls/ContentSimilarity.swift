/// How alike two requests read, for repeat detection.
///
/// Each text becomes the set of terms the knowledge search's tokenizer gives a query
/// (Han bigrams, a lone Han character as itself, ASCII words and numbers; NFKC and case
/// folded), minus a few bigrams every caller says (请问, 怎么, 我们, 公司, …) which would
/// otherwise make any two requests look related. The score is the cosine of the two
/// sets, |A∩B| / √(|A|·|B|): unlike Jaccard it does not punish a short call against a
/// long order text that contains it. Two requests are "similar" at 0.35 or more: the
/// same matter retold in other words scores about 0.4–0.7, different matters from the
/// same enterprise rarely pass 0.2 (see the tests for the cases this was tuned on).
public enum ContentSimilarity {
    public static let threshold = 0.35

    /// Bigrams that carry no subject: greetings, question words, the caller themselves.
    static let fillers: Set<String> = [
        "你好", "您好", "请问", "问一", "一下", "下我", "我们", "我想", "想问", "想咨", "咨询", "怎么", "么办",
        "什么", "如何", "可以", "是否", "能否", "能不", "不能", "有没", "没有", "谢谢", "这个", "那个",
        "公司", "企业", "我司", "单位", "一个", "的是", "是不", "不是", "还是", "了吗", "的吗", "现在",
        "反映", "问题", "情况", "要求", "希望", "帮忙", "处理", "解决", "尽快",
    ]

    public static func terms(_ text: String) -> Set<String> {
        var result = Set<String>()
        for token in HanTextTokenizer.tokens(text, mode: .query) where !fillers.contains(token.text) {
            result.insert(token.text)
        }
        return result
    }

    public static func score(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let shared = a.count < b.count ? a.filter(b.contains).count : b.filter(a.contains).count
        return Double(shared) / (Double(a.count) * Double(b.count)).squareRoot()
    }

    public static func score(_ a: String, _ b: String) -> Double { score(terms(a), terms(b)) }
}
