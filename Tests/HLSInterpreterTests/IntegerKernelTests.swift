import HLSIR
import HLSInterpreter
import XCTest

/// Integer arithmetic as the interpreter runs it in kernels (the wrap rule itself is tested
/// in HLSIRTests/IntegerArithmeticTests).
final class IntegerKernelTests: XCTestCase {
    func testKernelArithmeticWraps() throws {
        let i12 = ScalarType.int(12), u12 = ScalarType.int(12, signed: false)
        let u64 = ScalarType.int(64, signed: false)
        let out = try runKernel(inputs: [
            "a8": .raw([127, -128]), "u8": .raw([255, 1]), "a12": .raw([2047, 1]), "b12": .raw([0, 1]),
            "a16": .raw([300, 300]), "a64": .raw([Int64.max, 1]), "b64": .raw([0, 1]),
        ]) { k in
            let a8 = k.input("a8", .int8, count: 2), u8 = k.input("u8", .uint8, count: 2)
            let a12 = k.input("a12", i12, count: 2), b12 = k.input("b12", u12, count: 2)
            let a16 = k.input("a16", .int16, count: 2)
            let a64 = k.input("a64", .int64, count: 2), b64 = k.input("b64", u64, count: 2)
            let o8 = k.output("o8", .int8, count: 4)
            let ou8 = k.output("ou8", .uint8, count: 3)
            let o12 = k.output("o12", i12, count: 1), ou12 = k.output("ou12", u12, count: 1)
            let o16 = k.output("o16", .int16, count: 1)
            let o64 = k.output("o64", .int64, count: 1), ou64 = k.output("ou64", u64, count: 2)
            o8[0] = a8[0] + a8[0] * 0.0 + .int(1, .int8)   // 127 + 1
            o8[1] = -a8[1]                                    // −(−128) wraps to −128
            o8[2] = a8[1] >> 1                                // arithmetic: −64
            o8[3] = .int(1, .int8) << 7                       // −128
            ou8[0] = u8[0] + u8[1]                            // 0
            ou8[1] = u8[0] >> 1                               // logical: 127
            ou8[2] = ~u8[1]                                   // 254
            o12[0] = a12[0] + a12[1]                          // −2048
            ou12[0] = b12[0] - b12[1]                         // 4095
            o16[0] = a16[0] * a16[1]                          // 90000 mod 65536 = 24464
            o64[0] = a64[0] + a64[1]                          // Int64.min
            ou64[0] = b64[0] - b64[1]                         // 2^64 − 1
            ou64[1] = max(b64[0] - b64[1], b64[1])            // unsigned compare keeps 2^64 − 1
        }
        XCTAssertEqual(out.raws("o8"), [-128, -128, -64, -128])
        XCTAssertEqual(out.raws("ou8"), [0, 127, 254])
        XCTAssertEqual(out.raws("o12"), [-2048])
        XCTAssertEqual(out.raws("ou12"), [4095])
        XCTAssertEqual(out.raws("o16"), [24464])
        XCTAssertEqual(out.raws("o64"), [Int64.min])
        XCTAssertEqual(out.raws("ou64"), [-1, -1])
    }
}
