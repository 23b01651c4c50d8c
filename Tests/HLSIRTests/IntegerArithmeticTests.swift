import HLSIR
@testable import HLSIR
import XCTest

final class IntegerArithmeticTests: XCTestCase {
    func testWrapKeepsLowBitsThenExtends() {
        XCTAssertEqual(IntegerArithmetic.wrap(128, IntType(width: 8, signed: true)), -128)
        XCTAssertEqual(IntegerArithmetic.wrap(256, IntType(width: 8, signed: false)), 0)
        XCTAssertEqual(IntegerArithmetic.wrap(2048, IntType(width: 12, signed: true)), -2048)
        XCTAssertEqual(IntegerArithmetic.wrap(-1, IntType(width: 12, signed: false)), 4095)
        XCTAssertEqual(IntegerArithmetic.wrap(-1, IntType(width: 64, signed: false)), -1)
        XCTAssertEqual(IntegerArithmetic.wrap(1 << 40, IntType(width: 33, signed: true)), 0)
        XCTAssertEqual(IntegerArithmetic.wrap(-1, IntType(width: 1, signed: true)), -1)
        XCTAssertEqual(IntegerArithmetic.wrap(3, IntType(width: 1, signed: false)), 1)
    }

    func testFloatToIntegerNeverTraps() {
        XCTAssertEqual(IntegerArithmetic.truncate(-2.7), -2)
        XCTAssertEqual(IntegerArithmetic.truncate(9.3e18), Int64.min)
        XCTAssertEqual(IntegerArithmetic.truncate(.nan), Int64.min)
        XCTAssertEqual(IntegerArithmetic.truncate(-9.223372e18), Int64.min)  // exactly −2^63
    }

    /// Arithmetic in compiled kernels wraps modulo 2^W for several widths.
}
