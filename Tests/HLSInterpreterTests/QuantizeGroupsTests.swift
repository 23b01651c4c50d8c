import Foundation
import HLSIR
@testable import HLSInterpreter
import HLSLayers
import XCTest

/// The whole-loop Q8_0 quantizer (QuantizeGroups.swift) must give exactly what the general
/// closures give, bit for bit: zero groups, negative values, ties of roundf, NaN and
/// infinities, group sizes 1, 3, 4, 8 and 32, called directly and as a sub-function.
final class QuantizeGroupsTests: XCTestCase {
    /// Outputs identical to the general closures'; the `expected` loops ran their routines.
    private func assertSameAsGeneral(_ design: Design, _ inputs: [String: BufferData], specialised expected: [String: String?],
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        try assertSpecialisedMatchesGeneral(design, inputs, routines: expected, file: file, line: line)
    }

    /// Random activations with whole zero groups, exact halves of the scale (roundf ties) and
    /// a few special values.
    private func activations(_ n: Int, groupSize gs: Int, seed: UInt64, special: Bool) -> [Float] {
        var rng = SeededRandom(seed: seed)
        var x = (0..<n).map { _ in rng.float(-4, 4) }
        for g in 0..<(n / gs) {
            switch g % 5 {
            case 0: for i in 0..<gs { x[g * gs + i] = 0 }
            case 1: for i in 0..<gs { x[g * gs + i] = i == 0 ? -127 : Float(i % 255 - 127) + 0.5 }
            case 2: for i in 0..<gs { x[g * gs + i] = -abs(x[g * gs + i]) * 1e-30 }
            default: break
            }
        }
        if special && n >= 3 * gs && gs > 1 {
            x[3 * gs] = .nan
            x[3 * gs + 1] = .infinity
            x[4 * gs - 1] = -0.0
        }
        return x
    }

    func testQuantizerMatchesGeneralLoops() throws {
        for gs in [1, 3, 4, 8, 32] {
            for special in [false, true] {
                let n = gs * 13
                let k = try QuantizeQ8.kernel("q", n: n, groupSize: gs, profile: .libm)
                let design = Design(top: "q", kernels: [k], schedule: QuantizeQ8.schedule("q", groupSize: gs, unroll: 1))
                let x = activations(n, groupSize: gs, seed: UInt64(gs * 2 + (special ? 1 : 0)), special: special)
                try assertSameAsGeneral(design, ["x": .float(x)], specialised: ["q.groups": "Q8_0 quantize groups"])
            }
        }
    }

    /// The exact profile's rounding is not recognised: the general loops run, with the same result.
    func testExactProfileRunsGeneralLoops() throws {
        for gs in [1, 4, 32] {
            let n = gs * 7
            let k = try QuantizeQ8.kernel("q", n: n, groupSize: gs, profile: .exact)
            let design = Design(top: "q", kernels: [k], schedule: Schedule())
            try assertSameAsGeneral(design, ["x": .float(activations(n, groupSize: gs, seed: 9, special: false))],
                                    specialised: ["q.groups": nil])
        }
    }

    /// As the Q8_0 matrix-vector product's sub-function (arguments rebound per call).
    func testQuantizerInsideMatVec() throws {
        for gs in [1, 4, 8] {
            let n = gs * 6, d = 5
            let kernels = try MatVecQ8.kernels("m", n: n, d: d, groupSize: gs, profile: .libm)
            let design = Design(top: "m", kernels: kernels, schedule: MatVecQ8.schedule("m", groupSize: gs, lanes: 2, unroll: 1))
            var rng = SeededRandom(seed: UInt64(gs))
            let wq = (0..<(n * d)).map { _ in Int64(Int(rng.float(-127, 127))) }
            let ws = (0..<(n * d / gs)).map { _ in rng.float(0, 0.1) }
            try assertSameAsGeneral(design, ["x": .float(activations(n, groupSize: gs, seed: 3, special: true)),
                                             "wq": .raw(wq), "ws": .float(ws)],
                                    specialised: ["m_quantize.groups": "Q8_0 quantize groups"])
        }
    }

    /// x and xs passed as overlapping parts of one buffer: the scales overwrite activations
    /// that later groups read, so the routine must fall back to the general loop.
    func testOverlappingArgumentsFallBack() throws {
        for gs in [1, 4] {
            let n = gs * 8
            let quantize = try QuantizeQ8.kernel("q", n: n, groupSize: gs, profile: .libm)
            let k = KernelBuilder("top")
            let a = k.output("a", .float32, count: 2 * n)
            let xq = k.output("xq", .int8, count: n)
            k.call(quantize, [a.from(), xq.from(), a.from(Index.constant(gs))])
            let design = Design(top: "top", kernels: [quantize, try k.build()], schedule: Schedule())
            var x = activations(2 * n, groupSize: gs, seed: 5, special: false)
            x[0] = 3
            try assertSameAsGeneral(design, ["a": .float(x)], specialised: ["q.groups": "Q8_0 quantize groups"])
        }
    }
}
