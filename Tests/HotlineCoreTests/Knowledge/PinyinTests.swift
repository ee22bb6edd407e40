import Foundation
import XCTest
@testable import HotlineCore

/// Toneless pinyin keys of terms, as the term dictionary stores them.
final class PinyinTests: XCTestCase {
    private func fulls(_ term: String) -> [String] { Pinyin.keys(of: term).map(\.full) }
    private func initials(_ term: String) -> [String] { Pinyin.keys(of: term).map(\.initials) }

    func testSheBao() {
        let keys = Pinyin.keys(of: "社保")
        XCTAssertEqual(keys.first?.full, "shebao")
        XCTAssertEqual(keys.first?.initials, "sb")
    }

    func testYinHangUsesTheWordReadingFirst() {
        // 行 alone reads xíng; in 银行 it is háng.
        XCTAssertTrue(fulls("银行").contains("yinhang"), "\(fulls("银行"))")
        XCTAssertEqual(fulls("银行").first, "yinhang")
        XCTAssertEqual(initials("银行").first, "yh")
    }

    func testKuaiJi() {
        XCTAssertTrue(fulls("会计").contains("kuaiji"), "\(fulls("会计"))")
        XCTAssertEqual(fulls("会计").first, "kuaiji")
    }

    func testZhiChengPingShenInitials() {
        XCTAssertTrue(initials("职称评审").contains("zcps"), "\(initials("职称评审"))")
        XCTAssertTrue(fulls("职称评审").contains("zhichengpingshen"), "\(fulls("职称评审"))")
    }

    func testUmlautIsV() {
        XCTAssertTrue(fulls("绿").contains("lv"), "\(fulls("绿"))")
        XCTAssertTrue(fulls("绿色").contains("lvse"), "\(fulls("绿色"))")
        XCTAssertTrue(fulls("女").contains("nv"), "\(fulls("女"))")
        // Keys are plain lower-case ASCII letters, no tone marks or ü.
        for term in ["绿色", "旅游", "律师", "社保", "公积金"] {
            for key in Pinyin.keys(of: term) {
                XCTAssertTrue(key.full.unicodeScalars.allSatisfy { $0.value >= 0x61 && $0.value <= 0x7A }, key.full)
                XCTAssertEqual(key.initials.count, term.count, "\(term): \(key)")
            }
        }
    }

    func testPolyphoneAlternativesAreKeptWithinTheLimit() {
        // 重 reads zhòng or chóng; both keys exist, the word reading of 重新 first.
        XCTAssertEqual(fulls("重新").first, "chongxin")
        XCTAssertTrue(fulls("重").contains("zhong") && fulls("重").contains("chong"), "\(fulls("重"))")
        XCTAssertLessThanOrEqual(Pinyin.keys(of: "重行长还会调", limit: 8).count, 8)
        XCTAssertEqual(Pinyin.keys(of: "重行长还会调", limit: 3).count, 3)
    }

    func testGongJiJin() {
        XCTAssertTrue(fulls("公积金").contains("gongjijin"))
        XCTAssertTrue(initials("公积金").contains("gjj"))
    }

    func testNonHanHasNoKeys() {
        XCTAssertTrue(Pinyin.keys(of: "abc").isEmpty)
        XCTAssertTrue(Pinyin.keys(of: "123").isEmpty)
        XCTAssertTrue(Pinyin.keys(of: "").isEmpty)
        XCTAssertTrue(Pinyin.keys(of: "，").isEmpty)
        // A term with any non-Han character has no key at all.
        XCTAssertTrue(Pinyin.keys(of: "3C认证").isEmpty)
        XCTAssertEqual(Pinyin.readings(of: "a"), [])
    }
}
