import Foundation
import HLSIR
import HLSInterpreter
import HLSLayers
import XCTest

/// ExactMath's functions are accurate, not merely consistent: the interpreter (bit-exact with
/// the C simulation) runs them over dense samples of their input domains and the error is
/// measured against the correctly rounded result.
final class ExactMathTests: XCTestCase {
    /// Runs `f` elementwise over `inputs` through the interpreter.
    private func evaluate(_ inputs: [Float], _ f: (KernelBuilder, Expr) -> Expr) throws -> [Float] {
        let k = KernelBuilder("unary")
        let x = k.input("x", .float32, count: inputs.count)
        let y = k.output("y", .float32, count: inputs.count)
        k.loop("each", inputs.count) { i in y[i] = f(k, x[i]) }
        let design = Design(top: "unary", kernels: [try k.build()], schedule: Schedule(), profile: .exact)
        let out = try Interpreter(try BoundDesign.bind(design)).run(["x": .float(inputs)])
        guard case .float(let v)? = out["y"] else { XCTFail("the kernel wrote no float y"); return [] }
        return v
    }

    /// Distance in units in the last place between two floats of the same sign.
    private func ulps(_ a: Float, _ b: Float) -> Int64 {
        if a == b { return 0 }
        func ordered(_ f: Float) -> Int64 {
            let bits = Int64(f.bitPattern)
            return f.sign == .minus ? -(bits & 0x7fff_ffff) : bits
        }
        return abs(ordered(a) - ordered(b))
    }

    /// Evenly spaced float bit patterns between two values (inclusive of lo).
    private func samples(from lo: Float, to hi: Float, count: Int) -> [Float] {
        (0..<count).map { i in lo + (hi - lo) * Float(i) / Float(count) }
    }

    func testExpIsWithinFourULPOfTheCorrectlyRoundedResult() throws {
        // Softmax feeds x − max ≤ 0; SiLU feeds −v for any v: cover [−104, 89] densely,
        // plus both ends of the range and values beyond it.
        var inputs = samples(from: -104, to: 89, count: 1_000_000)
        inputs += samples(from: -1, to: 1, count: 200_000)
        inputs += [-200, -104.5, -103.9, -87.4, -0.0, 0, 1e-8, -1e-8, 88.72, 88.73, 100, .infinity, -.infinity]
        let got = try evaluate(inputs) { k, x in ExactMath.exp(k, x, name: "e") }
        var worst: Int64 = 0, at: Float = 0
        for (x, y) in zip(inputs, got) {
            let reference = Float(Foundation.exp(Double(x)))
            let d = ulps(y, reference)
            if d > worst { (worst, at) = (d, x) }
        }
        print("ExactMath.exp: worst error \(worst) ULP at x = \(at) over \(inputs.count) inputs")
        XCTAssertLessThanOrEqual(worst, 4, "worst error \(worst) ULP at x = \(at)")
        // The figure docs/numerics.md states.
        XCTAssertLessThanOrEqual(worst, 1, "docs/numerics.md states at most 1 ULP; measured \(worst) at x = \(at)")
    }

    /// GPT-2's GELU uses `1 + tanh(·)`: the error that matters is absolute. Measured over
    /// [−10, 10] and the far ends, against tanh in double rounded once.
    func testTanhIsWithinAFewULPOfOne() throws {
        var inputs = samples(from: -10, to: 10, count: 400_000)
        inputs += [-100, -20, -1e-6, -0.0, 0, 1e-6, 20, 100, .infinity, -.infinity]
        let got = try evaluate(inputs) { k, x in ExactMath.tanh(k, x, name: "t") }
        var worstAbs: Double = 0, worstULP: Int64 = 0, at: Float = 0
        for (x, y) in zip(inputs, got) {
            let reference = Float(Foundation.tanh(Double(x)))
            let e = abs(Double(y) - Double(reference))
            if e > worstAbs { (worstAbs, at) = (e, x) }
            if abs(x) >= 0.5 { worstULP = Swift.max(worstULP, ulps(y, reference)) }
        }
        print("ExactMath.tanh: worst absolute error \(worstAbs) at x = \(at); worst \(worstULP) ULP for |x| ≥ 0.5")
        // Within 2 ULP of 1 (2^-23 each) absolutely, and within 4 ULP where |tanh| ≥ 0.46.
        XCTAssertLessThanOrEqual(worstAbs, 2 * 1.0 / 8_388_608, "at x = \(at)")
        XCTAssertLessThanOrEqual(worstULP, 4)
        XCTAssertEqual(got[inputs.count - 2], 1)
        XCTAssertEqual(got[inputs.count - 1], -1)
    }

    func testSqrtIsCorrectlyRounded() throws {
        // Positive normal floats: every 8191st bit pattern from the smallest normal to the largest finite.
        var inputs: [Float] = []
        var bits: UInt32 = 0x0080_0000
        while bits < 0x7f80_0000 {
            inputs.append(Float(bitPattern: bits))
            bits &+= 8191
        }
        inputs += [1, 2, 4, 0.25, 1e-5, .greatestFiniteMagnitude, .infinity]
        let got = try evaluate(inputs) { k, x in ExactMath.sqrt(k, x, name: "s") }
        for (x, y) in zip(inputs, got) where y.bitPattern != x.squareRoot().bitPattern {
            return XCTFail("sqrt(\(x)) = \(y), expected \(x.squareRoot())")
        }
    }

    func testRoundIsHalfAwayFromZero() throws {
        var inputs = samples(from: -300, to: 300, count: 100_000)
        inputs += [0.5, -0.5, 1.5, -1.5, 2.5, 0.49999997, -0.49999997, 126.5, -127.5, 0, -0.0, 8388607.5, 1e9]
        let got = try evaluate(inputs) { k, x in ExactMath.round(k, x, name: "r") }
        for (x, y) in zip(inputs, got) where y.bitPattern != x.rounded().bitPattern {
            return XCTFail("round(\(x)) = \(y), expected \(x.rounded())")
        }
    }
}
