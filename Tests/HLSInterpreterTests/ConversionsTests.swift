import HLSIR
@testable import HLSInterpreter
import XCTest

/// One test per row of the casts table in docs/numerics.md.
final class ConversionsTests: XCTestCase {
    func testIntToInt() throws {
        let out = try runKernel(inputs: ["a": .raw([300, -1]), "b": .raw([255])]) { k in
            let a = k.input("a", .int32, count: 2), b = k.input("b", .uint8, count: 1)
            let o = k.output("o", .int8, count: 1), u = k.output("u", .uint8, count: 1)
            let w = k.output("w", .int32, count: 1), x = k.output("x", .uint32, count: 1)
            o[0] = a[0].cast(.int8)                 // 300 → 44
            u[0] = a[1].cast(.uint8)                // −1 → 255
            w[0] = b[0].cast(.int32)                // 255
            x[0] = a[1].cast(.int8).cast(.uint32)   // −1 → 4294967295
        }
        XCTAssertEqual(out.raws("o"), [44])
        XCTAssertEqual(out.raws("u"), [255])
        XCTAssertEqual(out.raws("w"), [255])
        XCTAssertEqual(out.raws("x"), [4_294_967_295])
    }

    func testIntToFloatRoundsOnce() throws {
        let out = try runKernel(inputs: ["a": .raw([16_777_217, 16_777_219]), "b": .raw([-1])]) { k in
            let a = k.input("a", .int32, count: 2), b = k.input("b", .int(64, signed: false), count: 1)
            let o = k.output("o", .float32, count: 3)
            o[0] = a[0].cast(.float32)
            o[1] = a[1].cast(.float32)
            o[2] = b[0].cast(.float32)
        }
        XCTAssertEqual(out.floats("o"), [16_777_216, 16_777_220, 18_446_744_073_709_551_616])
    }

    func testFloatToIntTruncatesThenWraps() throws {
        let out = try runKernel(inputs: ["x": .float([-2.7, 2.7, 300.5, -1.5])]) { k in
            let x = k.input("x", .float32, count: 4)
            let o = k.output("o", .int32, count: 2)
            let b = k.output("b", .int8, count: 1), u = k.output("u", .uint8, count: 1)
            o[0] = x[0].cast(.int32)
            o[1] = x[1].cast(.int32)
            b[0] = x[2].cast(.int8)     // 300 → 44
            u[0] = x[3].cast(.uint8)    // −1 → 255
        }
        XCTAssertEqual(out.raws("o"), [-2, 2])
        XCTAssertEqual(out.raws("b"), [44])
        XCTAssertEqual(out.raws("u"), [255])
    }

    func testFixedRows() throws {
        let t = ScalarType.fixed(8, 4, .rnd, .sat)
        let out = try runKernel(inputs: ["x": .float([2.53125, -9]), "f": .raw([-40, 127]), "i": .raw([3, -100])]) { k in
            let x = k.input("x", .float32, count: 2)
            let f = k.input("f", .fixed(8, 4), count: 2)
            let i = k.input("i", .int16, count: 2)
            let fromFloat = k.output("fromFloat", t, count: 2)
            let toFloat = k.output("toFloat", .float32, count: 1)
            let toInt = k.output("toInt", .int32, count: 1)
            let toFixed = k.output("toFixed", .fixed(6, 3, .trn, .wrap), count: 1)
            let fromInt = k.output("fromInt", t, count: 2)
            fromFloat[0] = x[0].cast(t)        // 40.5 LSB, ties up: 41
            fromFloat[1] = x[1].cast(t)        // saturates: −128
            toFloat[0] = f[0].cast(.float32)   // −2.5
            toInt[0] = f[0].cast(.int32)       // −2
            toFixed[0] = f[1].cast(.fixed(6, 3, .trn, .wrap))  // 7.9375 → 7.875 (raw 63) wraps in 6 bits: −1
            fromInt[0] = i[0].cast(t)          // 48
            fromInt[1] = i[1].cast(t)          // −128
        }
        XCTAssertEqual(out.raws("fromFloat"), [41, -128])
        XCTAssertEqual(out.floats("toFloat"), [-2.5])
        XCTAssertEqual(out.raws("toInt"), [-2])
        XCTAssertEqual(out.raws("toFixed"), [-1])
        XCTAssertEqual(out.raws("fromInt"), [48, -128])
    }

    func testBoolAndBitcast() throws {
        let out = try runKernel(inputs: ["x": .float([1.0, -0.0]), "i": .raw([5, 0x4040_0000])]) { k in
            let x = k.input("x", .float32, count: 2)
            let i = k.input("i", .int32, count: 2)
            let flags = k.output("flags", .int32, count: 2)
            let bits = k.output("bits", .int32, count: 1), ubits = k.output("ubits", .uint32, count: 1)
            let back = k.output("back", .float32, count: 1)
            flags[0] = (x[0] > x[1]).cast(.int32)
            flags[1] = select(i[0].cast(.bool), .int(7), .int(9))
            bits[0] = x[0].bitcast(.int32)
            ubits[0] = x[1].bitcast(.uint32)
            back[0] = i[1].bitcast(.float32)
        }
        XCTAssertEqual(out.raws("flags"), [1, 7])
        XCTAssertEqual(out.raws("bits"), [0x3F80_0000])
        XCTAssertEqual(out.raws("ubits"), [0x8000_0000])
        XCTAssertEqual(out.floats("back"), [3.0])
    }

    /// `neg` flips the sign bit, `abs` clears it, min/max follow the written expressions.
    func testFloatSignAndMinMax() throws {
        let out = try runKernel(inputs: ["x": .float([0.0, -0.0, .nan])]) { k in
            let x = k.input("x", .float32, count: 3)
            let o = k.output("o", .float32, count: 5)
            o[0] = -x[0]
            o[1] = abs(x[1])
            o[2] = min(x[0], x[1])       // −0 < +0 is false: +0
            o[3] = max(x[2], x[0])       // 0 > NaN is false: NaN
            o[4] = max(x[0], x[2])       // NaN > 0 is false: 0
        }
        let o = out.floats("o")
        XCTAssertEqual(o[0].bitPattern, 0x8000_0000)
        XCTAssertEqual(o[1].bitPattern, 0)
        XCTAssertEqual(o[2].bitPattern, 0)
        XCTAssertTrue(o[3].isNaN)
        XCTAssertEqual(o[4].bitPattern, 0)
    }
}
