import Foundation

/// A deterministic synthetic knowledge base for benchmarks: entries built from the
/// domain's own vocabulary, so the index sees realistic bigram statistics.
public struct SyntheticKnowledge {
    public static let departments = [
        "如皋市税务局", "如皋市人力资源和社会保障局", "如皋市市场监督管理局", "如皋市行政审批局", "如皋市发展和改革委员会",
        "如皋市工业和信息化局", "如皋市商务局", "如皋市科学技术局", "如皋市自然资源和规划局", "如皋市住房和城乡建设局",
        "南通市住房公积金管理中心如皋管理部", "如皋市医疗保障局", "南通市如皋生态环境局", "如皋市应急管理局", "如皋市交通运输局",
        "如皋市财政局", "如皋市司法局", "如皋市农业农村局", "如皋市12345政府公共服务中心",
    ]

    public static let words = [
        "增值税", "小规模纳税人", "一般纳税人", "留抵退税", "专用发票", "普通发票", "数电发票", "红字发票", "个人所得税", "汇算清缴",
        "企业所得税", "研发费用", "加计扣除", "高新技术企业", "印花税", "房产税", "土地使用税", "残疾人就业保障金", "社会保险", "养老保险",
        "失业保险", "工伤保险", "医疗保险", "生育津贴", "住房公积金", "提取", "缴存", "封存", "贷款", "营业执照",
        "变更登记", "注销", "简易注销", "个体工商户", "食品经营许可证", "商标注册", "强制检定", "特种设备", "施工许可证", "竣工验收",
        "环境影响评价", "排污许可证", "危险废物", "安全生产", "危险化学品", "职称评审", "稳岗返还", "就业补贴", "高校毕业生", "劳动仲裁",
        "经济补偿", "劳动合同", "工资", "社保补贴", "跨境电商", "外贸备案", "出口退税", "专精特新", "技术改造", "首台套",
        "科技型中小企业", "政府采购", "中小企业", "信用修复", "行政处罚", "年度报告", "经营异常", "印章", "公章", "补刻",
        "道路运输", "货车", "网约车", "建设工程", "不动产登记", "土地出让", "规划许可", "节能审查", "项目备案", "招商引资",
        "工单", "签收", "退回", "延时", "回访", "督办", "催办", "政策专员", "三方通话", "满意度",
    ]

    static let connectors = ["怎么办理", "需要哪些材料", "在哪里申请", "有什么条件", "多久能办好", "如何享受", "能不能", "是否需要", "可以", "按规定",
                             "企业", "公司", "单位", "员工", "申请", "办理", "材料", "时限", "窗口", "线上", "政策", "标准", "流程", "补贴"]

    private var state: UInt64

    public init(seed: UInt64 = 20_240_101) { state = seed }

    /// SplitMix64: small, fast and the same on every machine.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ list: [T]) -> T { list[Int(next() % UInt64(list.count))] }

    mutating func sentence(words count: Int) -> String {
        var text = ""
        for index in 0..<count {
            text += index % 2 == 0 ? pick(Self.words) : pick(Self.connectors)
        }
        return text
    }

    /// One JSON Lines entry with id `SYN000001`…
    public mutating func jsonLine(number: Int) -> String {
        let question = sentence(words: 3 + Int(next() % 3)) + "？"
        var answer = ""
        for _ in 0..<(4 + Int(next() % 6)) { answer += sentence(words: 4 + Int(next() % 4)) + "。" }
        let keywords = (0..<3).map { _ in pick(Self.words) }
        let department = pick(Self.departments)
        let category = pick(Self.words)
        // Written by hand in a fixed key order: JSONSerialization took longer than the
        // import being measured, and its key order changed from run to run.
        func quoted(_ text: String) -> String { KnowledgeContent.jsonString(text) }
        return "{\"id\":" + quoted(String(format: "SYN%06d", number)) + ",\"department\":" + quoted(department)
            + ",\"category\":" + quoted(category) + ",\"question\":" + quoted(question) + ",\"answer\":" + quoted(answer)
            + ",\"keywords\":[" + keywords.map(quoted).joined(separator: ",") + "],\"source\":\"示例依据\""
            + ",\"effective_from\":\"2024-01-01\",\"effective_to\":null}"
    }

    /// A query of `length` characters cut from the vocabulary (1–4), or a pinyin one (0).
    public mutating func query(length: Int) -> String {
        if length == 0 { return pick(["zzs", "shebao", "gjj tq", "hcp", "yinhuashui", "sbzc", "zcps"]) }
        let word = Array(pick(Self.words.filter { $0.count >= length }))
        let start = Int(next() % UInt64(word.count - length + 1))
        return String(word[start..<(start + length)])
    }
}
