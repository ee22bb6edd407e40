import XCTest
@testable import HotlineCore
final class SmokeTests: XCTestCase { func testNothing() {} }
