@testable import HLSIR
import XCTest

/// Expected values are computed by hand from Xilinx's ap_fixed_base.h and were confirmed with
/// g++ probes against the headers (float→fixed for every mode, fixed→fixed, int→fixed,
/// to_float and to_ap_int_base over 1.9 million cases).
final class FixedPointTests: XCTestCase {
    private func q8_4(_ q: Quantization, _ o: Overflow = .wrap, signed: Bool = true) -> FixedType {
        FixedType(width: 8, integerBits: 4, signed: signed, quantization: q, overflow: o)
    }

    /// Raw results in units of 1/16 for each mode, in `Quantization.allCases` order:
    /// trn, trnZero, rnd, rndZero, rndMinInf, rndInf, rndConv.
    func testEveryQuantizationModeOnTiesAndNonTies() {
        let cases: [(Float, [Int64])] = [
            (2.53125, [40, 40, 41, 40, 40, 41, 40]),      // 40.5 LSB: a tie, 40 is even
            (-2.53125, [-41, -40, -40, -40, -41, -41, -40]),
            (2.59375, [41, 41, 42, 41, 41, 42, 42]),      // 41.5 LSB: a tie, 42 is even
            (-2.59375, [-42, -41, -41, -41, -42, -42, -42]),
            (2.546875, [40, 40, 41, 41, 41, 41, 41]),     // 40.75 LSB: not a tie
            (-2.546875, [-41, -40, -41, -41, -41, -41, -41]),
            (-0.015625, [-1, 0, 0, 0, 0, 0, 0]),          // −0.25 LSB
        ]
        for (x, expected) in cases {
            for (q, want) in zip(Quantization.allCases, expected) {
                XCTAssertEqual(FixedPoint.fromFloat(x, to: q8_4(q)), want, "\(x) \(q)")
            }
        }
    }

    /// fixed<8,4> holds raw −128...127 (−8 ... 7.9375).
    func testEveryOverflowMode() {
        let cases: [(Float, [Int64])] = [  // wrap, sat, satZero, satSym
            (9.0, [-112, 127, 0, 127]),
            (-9.0, [112, -128, 0, -127]),
            (-8.0, [-128, -128, -128, -127]),             // SAT_SYM maps the minimum too
            (7.9375, [127, 127, 127, 127]),
            (1000.0, [-128, 127, 0, 127]),                // 16000 = 0x3E80: low byte 0x80
        ]
        for (x, expected) in cases {
            for (o, want) in zip(Overflow.allCases, expected) {
                XCTAssertEqual(FixedPoint.fromFloat(x, to: q8_4(.trn, o)), want, "\(x) \(o)")
            }
        }
        // Just past the top after rounding: 127.5 LSB rounds up to 128.
        XCTAssertEqual(FixedPoint.fromFloat(7.96875, to: q8_4(.rnd, .wrap)), -128)
        XCTAssertEqual(FixedPoint.fromFloat(7.96875, to: q8_4(.rnd, .sat)), 127)
        XCTAssertEqual(FixedPoint.fromFloat(7.96875, to: q8_4(.trn, .sat)), 127)
        // Unsigned targets: negative values wrap or clamp to 0.
        for (o, want) in zip(Overflow.allCases, [Int64(240), 0, 0, 0]) {
            XCTAssertEqual(FixedPoint.fromFloat(-1.0, to: q8_4(.trn, o, signed: false)), want, "\(o)")
        }
        XCTAssertEqual(FixedPoint.fromFloat(20.0, to: q8_4(.trn, .satSym, signed: false)), 255)
    }

    func testHeaderQuirks() {
        // W = 1 with AP_SAT_SYM: the headers set the minimum, −1 (there is no symmetric value).
        let one = FixedType(width: 1, integerBits: 1, quantization: .trn, overflow: .satSym)
        XCTAssertEqual(FixedPoint.fromFloat(-0.5, to: one), -1)
        XCTAssertEqual(FixedPoint.fromFloat(-3, to: one), -1)
        // to_ap_int_base with I = 0: every negative value gives −1, not 0.
        let frac = FixedType(width: 8, integerBits: 0)
        XCTAssertEqual(FixedPoint.toInteger(-64, frac), -1)   // −0.5
        XCTAssertEqual(FixedPoint.toInteger(-1, frac), -1)
        XCTAssertEqual(FixedPoint.toInteger(64, frac), 0)
        XCTAssertEqual(FixedPoint.toInteger(-64, FixedType(width: 8, integerBits: 0, signed: false)), 0)
    }

    func testFixedToIntegerTruncatesTowardZero() {
        let t = FixedType(width: 8, integerBits: 4)
        XCTAssertEqual(FixedPoint.toInteger(-40, t), -2)   // −2.5
        XCTAssertEqual(FixedPoint.toInteger(40, t), 2)
        XCTAssertEqual(FixedPoint.toInteger(-8, t), 0)     // −0.5
        XCTAssertEqual(FixedPoint.toInteger(-128, t), -8)
        XCTAssertEqual(FixedPoint.toInteger(-120, t), -7)  // −7.5
    }

    func testFixedToFloatRoundsToNearestEven() {
        let wide = FixedType(width: 32, integerBits: 4)
        XCTAssertEqual(FixedPoint.toFloat(0x7FFF_FFFF, wide), 8.0)  // 8 − 2^−28
        let int32 = FixedType(width: 32, integerBits: 32)
        XCTAssertEqual(FixedPoint.toFloat(16_777_217, int32), 16_777_216)  // tie → even
        XCTAssertEqual(FixedPoint.toFloat(16_777_219, int32), 16_777_220)
        XCTAssertEqual(FixedPoint.toFloat(-40, FixedType(width: 8, integerBits: 4)), -2.5)
        let u64 = FixedType(width: 64, integerBits: 64, signed: false)
        XCTAssertEqual(FixedPoint.toFloat(-1, u64), 18_446_744_073_709_551_616)
    }

    func testFixedToFixedAndIntegerToFixed() {
        let src = FixedType(width: 16, integerBits: 8)  // F = 8
        // 2.53125 = 648/256 → F = 4: 40.5 LSB.
        XCTAssertEqual(FixedPoint.convert(648, from: src, to: q8_4(.rndConv)), 40)
        XCTAssertEqual(FixedPoint.convert(-648, from: src, to: q8_4(.rndZero)), -40)
        XCTAssertEqual(FixedPoint.convert(100 * 256, from: src, to: q8_4(.trn, .sat)), 127)
        // int8 −128 into fixed<8,8,AP_SAT_SYM> becomes −127.
        let sym = FixedType(width: 8, integerBits: 8, quantization: .trn, overflow: .satSym)
        XCTAssertEqual(FixedPoint.fromInteger(-128, from: IntType(width: 8, signed: true), to: sym), -127)
        XCTAssertEqual(FixedPoint.fromInteger(3, from: IntType(width: 32, signed: true), to: q8_4(.trn)), 48)
        XCTAssertEqual(FixedPoint.fromInteger(9, from: IntType(width: 32, signed: true), to: q8_4(.trn, .wrap)), -112)
    }

    func testExactComparisonAcrossFormats() {
        let a = FixedType(width: 8, integerBits: 4), b = FixedType(width: 16, integerBits: 4)
        XCTAssertEqual(FixedPoint.compare(40, a, 40 << 8, b), 0)
        XCTAssertEqual(FixedPoint.compare(40, a, (40 << 8) + 1, b), -1)
        XCTAssertEqual(FixedPoint.compare(-1, FixedType(width: 64, integerBits: 64, signed: false), 1, b), 1)
    }

    /// Result formats of + − × and negation, computed exactly by compiled kernels.
}
