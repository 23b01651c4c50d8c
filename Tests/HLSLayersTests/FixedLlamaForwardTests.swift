import Foundation
import HLSIR
import HLSInterpreter
import HLSLayers
import XCTest

/// The `fixed` profile's Llama design (`FixedLlamaForward`): every tensor handed between the
/// sub-kernels has its class's `ap_fixed<W, I, AP_RND_CONV, AP_SAT>` type; the outputs lie on
/// the grid of their class and saturate at its range; wide formats give the float design's
/// logits up to the tiny quantization; bad formats are design errors. (Interpreter == C
/// simulation: Tests/HLSDriverTests/FixedLlamaTests.swift.)
final class FixedLlamaForwardTests: XCTestCase {
    static let shape = LlamaShape(dim: 16, hidden: 24, layers: 2, heads: 4, kvHeads: 2, vocab: 20, seqLen: 8)

    static func formats(_ w: Int, _ i: Int, residual: (Int, Int)? = nil, logits: (Int, Int)? = nil) -> FixedActivations {
        var f: [FixedActivations.Class: FixedActivations.Format] = [:]
        for c in FixedActivations.Class.allCases { f[c] = .init(w, i) }
        if let r = residual { f[.residual] = .init(r.0, r.1) }
        if let l = logits { f[.logits] = .init(l.0, l.1) }
        return FixedActivations(f)
    }

    /// Logits and the residual probe of `d` after positions 0 ... `positions` − 1 on seeded inputs.
    static func run(_ d: Design, seed: UInt64, positions: Int = 3, floatRange: Float = 0.5) throws -> (logits: [Float], residuals: [Float]) {
        let interpreter = Interpreter(try BoundDesign.bind(d))
        var state = RandomInputs.make(for: d.topKernel, seed: seed, floatRange: floatRange)
        for name in ["key_cache", "value_cache"] { state[name] = .zeros(d.topKernel.buffer(name)!.elementType, count: d.topKernel.buffer(name)!.count) }
        var logits: [Float] = [], residuals: [Float] = []
        for pos in 0..<positions {
            state["token"] = .raw([Int64((pos * 7 + 3) % shape.vocab)])
            state["pos"] = .raw([Int64(pos)])
            let out = try interpreter.run(state)
            state.merge(out) { _, new in new }
            guard case .float(let l)? = out["logits"] else { XCTFail("no logits"); return ([], []) }
            logits = l
            if case .float(let r)? = out[LlamaForward.probeOutput] { residuals = r }
        }
        return (logits, residuals)
    }

    func testTensorsHaveTheirClassesTypes() throws {
        let a = Self.formats(16, 6, residual: (24, 10), logits: (20, 8))
        for weights in [LlamaWeights.float, .q8(groupSize: 8), .q4(groupSize: 8)] {
            let d = try FixedLlamaForward.design(Self.shape, weights: weights, profile: .exact, activations: a)
            let top = d.topKernel
            XCTAssertEqual(top.buffer("key_cache")?.elementType, .fixed(16, 6, .rndConv, .sat))
            XCTAssertEqual(top.buffer("value_cache")?.elementType, .fixed(16, 6, .rndConv, .sat))
            XCTAssertEqual(top.buffer("x")?.elementType, .fixed(24, 10, .rndConv, .sat))
            for name in ["xn", "xa", "h1", "h3"] { XCTAssertEqual(top.buffer(name)?.elementType, .fixed(16, 6, .rndConv, .sat), name) }
            XCTAssertEqual(top.buffer("logits")?.elementType, .float32)
            XCTAssertEqual(d.kernel("attention")?.buffer("key_cache")?.elementType, .fixed(16, 6, .rndConv, .sat))
        }
    }

    func testOutputsLieOnTheirGridAndSaturate() throws {
        // Narrow formats: the residual stream saturates at ±2 (8 bits, 2 integer bits), the
        // logits at ±2 (12 bits, 2 integer bits).
        let a = Self.formats(10, 3, residual: (8, 2), logits: (12, 2))
        let d = try FixedLlamaForward.design(Self.shape, weights: .float, profile: .exact, activations: a, probe: true)
        let (logits, residuals) = try Self.run(d, seed: 5, floatRange: 1)
        func check(_ v: [Float], fraction: Int, integer: Int, _ what: String) {
            let step = Double(1 << fraction)
            let top = Double(1 << (integer - 1))
            for x in v {
                let raw = Double(x) * step
                XCTAssertEqual(raw, raw.rounded(), "\(what) \(x) is not a multiple of 2^-\(fraction)")
                XCTAssertTrue(Double(x) >= -top && Double(x) <= top - 1 / step, "\(what) \(x) outside its range")
            }
            XCTAssertTrue(v.contains { Double($0) == top - 1 / step || Double($0) == -top }, "\(what): nothing saturated")
        }
        XCTAssertEqual(residuals.count, Self.shape.layers * Self.shape.dim)
        check(residuals, fraction: 6, integer: 2, "residual")
        check(logits, fraction: 10, integer: 2, "logit")
    }

    func testWideFormatsGiveTheFloatLogits() throws {
        let wide = Self.formats(48, 16, residual: (48, 16))
        // Float weights: seeded Q8_0 weights and scales make activations so large that the
        // activation quantizer's rounding flips amplify any difference.
        for weights in [LlamaWeights.float] {
            let fixed = try FixedLlamaForward.design(Self.shape, weights: weights, profile: .exact, activations: wide)
            let float = try LlamaForward.design(Self.shape, weights: weights, profile: .exact)
            for seed: UInt64 in [1, 2] {
                let f = try Self.run(fixed, seed: seed).logits
                let r = try Self.run(float, seed: seed).logits
                XCTAssertEqual(f.count, r.count)
                let err = zip(f, r).map { Swift.abs($0 - $1) }.max() ?? 1
                XCTAssertLessThan(err, 1e-4, "\(weights) seed \(seed)")
                // 8-bit formats are far coarser: the same check fails.
                let narrow = try FixedLlamaForward.design(Self.shape, weights: weights, profile: .exact, activations: Self.formats(8, 3))
                let n = try Self.run(narrow, seed: seed).logits
                XCTAssertGreaterThan(zip(n, r).map { Swift.abs($0 - $1) }.max() ?? 0, 1e-3)
            }
        }
    }

    func testBadFormatsAreDesignErrors() {
        let bad = FixedActivations([.residual: .init(64, 4), .attention: .init(0, 0)])
        XCTAssertThrowsError(try FixedLlamaForward.design(Self.shape, weights: .float, profile: .libm, activations: bad)) {
            XCTAssertEqual(($0 as? DesignError)?.problems, [
                "activations.residual: width W 64 is outside 1...63 (a residual add needs one bit more, at most 64)",
                "activations.attention: width W 0 is outside 1...64",
            ])
        }
    }
}
