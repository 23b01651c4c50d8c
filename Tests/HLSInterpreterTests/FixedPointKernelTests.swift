import HLSIR
import HLSInterpreter
import XCTest

/// Fixed-point arithmetic and stores as the interpreter runs them (the rules themselves are
/// tested in HLSIRTests/FixedPointTests).
final class FixedPointKernelTests: XCTestCase {
    func testArithmeticResultWidths() throws {
        let t = ScalarType.fixed(8, 4)
        let u = ScalarType.fixed(8, 8, signed: false)
        let out = try runKernel(inputs: ["a": .raw([127, -128]), "b": .raw([0, 255])]) { k in
            let a = k.input("a", t, count: 2)
            let b = k.input("b", u, count: 2)
            let sum = k.output("sum", .fixed(9, 5), count: 1)
            let prod = k.output("prod", .fixed(16, 8), count: 1)
            let neg = k.output("neg", .fixed(9, 5), count: 1)
            let diff = k.output("diff", .fixed(9, 9), count: 1)
            let mixed = k.output("mixed", .fixed(14, 10), count: 1)
            sum[0] = a[0] + a[0]          // 7.9375 + 7.9375 = 15.875
            prod[0] = a[0] * a[1]         // 7.9375 × −8 = −63.5
            neg[0] = -a[1]                // −(−8) = 8
            diff[0] = b[0] - b[1]         // 0 − 255
            mixed[0] = a[1] + b[1]        // −8 + 255: I = max(4, 8 + 1) + 1 = 10, F = 4
        }
        XCTAssertEqual(out.raws("sum"), [254])
        XCTAssertEqual(out.raws("prod"), [-16256])
        XCTAssertEqual(out.raws("neg"), [128])
        XCTAssertEqual(out.raws("diff"), [-255])
        XCTAssertEqual(out.raws("mixed"), [247 * 16])
    }

    /// Assignment into a narrower format quantizes by the target's modes.
    func testStoreQuantizesByTargetModes() throws {
        let out = try runKernel(inputs: ["a": .raw([127, 1])]) { k in
            let a = k.input("a", .fixed(8, 4), count: 2)
            let sat = k.output("sat", .fixed(8, 4, .trn, .sat), count: 1)
            let wrap = k.output("wrap", .fixed(8, 4), count: 1)
            let rounded = k.output("rounded", .fixed(6, 4, .rnd, .wrap), count: 1)
            sat[0] = a[0] + a[1]          // 128/16 overflows: 127
            wrap[0] = (a[0] + a[1]).cast(.fixed(8, 4))
            rounded[0] = a[1] * a[1]      // 1/256 → F = 2: 0.0156 LSB rounds to 0
        }
        XCTAssertEqual(out.raws("sat"), [127])
        XCTAssertEqual(out.raws("wrap"), [-128])
        XCTAssertEqual(out.raws("rounded"), [0])
    }
}
