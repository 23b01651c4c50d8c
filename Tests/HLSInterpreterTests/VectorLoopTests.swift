import Foundation
import HLSIR
@testable import HLSInterpreter
import XCTest

/// The chunked elementwise routines (float map, float map-reduce) must give exactly what the
/// general closures give, bit for bit, on random data with runtime trip counts, strides and
/// lane counts 1, 3 and 8.
final class VectorLoopTests: XCTestCase {
    /// Outputs identical to the general closures'; the `expected` loops ran their routines.
    private func assertSameAsGeneral(_ design: Design, _ inputs: [String: BufferData], specialised expected: [String: String],
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        try assertSpecialisedMatchesGeneral(design, inputs, routines: expected.mapValues { Optional($0) }, file: file, line: line)
    }

    /// Attention's weighted sum: Σ_t att[t] · v[t · stride + base + i] over a runtime length,
    /// and its scores with a unit-stride dot product divided by a constant.
    func testStridedWeightedSumWithRuntimeLength() throws {
        let seq = 700, kvDim = 12, hs = 4
        for lanes in [1, 3, 8] {
            for len in [0, 1, 5, 513, 700] {
                var s = Schedule()
                s.lanes("k.av", lanes)
                let k = KernelBuilder("k")
                let att = k.input("att", .float32, count: seq)
                let vc = k.input("vc", .float32, count: seq * kvDim)
                let xb = k.output("xb", .float32, count: 3 * hs)
                let n = k.size("n", max: seq)
                k.loop("heads", 3, index: "h") { h in
                    k.loop("weighted", hs, index: "i") { i in
                        xb[h * hs + i] = k.reduce("av", .add, .float32, .runtime(n.index, max: seq), index: "t") { t in
                            att[t] * vc[t * kvDim + (h / 2) * hs + i]
                        }
                    }
                }
                var rng = SeededRandom(seed: UInt64(len * 10 + lanes))
                let design = Design(top: "k", kernels: [try k.build()], schedule: s)
                try assertSameAsGeneral(design, ["att": .float(randomFloats(seq, &rng)), "vc": .float(randomFloats(seq * kvDim, &rng)),
                                                 "n": .raw([Int64(len)])],
                                        specialised: ["k.av": "float map-reduce"])
            }
        }
    }

    /// Softmax over a runtime length: max, exp-and-sum with the store, normalize.
    func testSoftmaxWithExpAndRuntimeLength() throws {
        let maxSize = 1100
        for lanes in [1, 3, 8] {
            for len in [1, 7, 512, 1031] {
                var s = Schedule()
                s.lanes("k.find_max", lanes)
                s.lanes("k.exp_sum", lanes)
                let k = KernelBuilder("k")
                let x = k.inputOutput("x", .float32, count: maxSize)
                let n = k.size("n", max: maxSize)
                let bound = Bound.runtime(n.index, max: maxSize)
                let mx = k.reduce("find_max", .max, .float32, bound, initial: .f32(-.infinity)) { i in x[i] }
                let sum = k.reduce("exp_sum", .add, .float32, bound) { i in
                    let e = k.bind("e", exp(x[i] - mx))
                    x[i] = e
                    return e
                }
                let mn = k.reduce("find_min", .min, .float32, bound, initial: .f32(.infinity)) { i in abs(x[i]) }
                k.loop("normalize", bound) { i in x[i] = x[i] / sum + mn }
                var rng = SeededRandom(seed: UInt64(len + lanes))
                let design = Design(top: "k", kernels: [try k.build()], schedule: s)
                try assertSameAsGeneral(design, ["x": .float(randomFloats(maxSize, &rng, -20, 20)), "n": .raw([Int64(len)])],
                                        specialised: ["k.find_max": "float map-reduce", "k.exp_sum": "float map-reduce",
                                                      "k.find_min": "float map-reduce", "k.normalize": "float map"])
            }
        }
    }

    /// RoPE-like pairs (stride 2, loads and stores of the same buffer in one window) with
    /// powf, cosf, sinf and a non-affine index value; SiLU with expf; a select on a compare.
    func testPairRotationSiLUAndSelect() throws {
        let dim = 48, hs = 8
        let k = KernelBuilder("k")
        let q = k.inputOutput("q", .float32, count: dim)
        let h = k.inputOutput("h", .float32, count: dim)
        let g = k.input("g", .float32, count: dim)
        let pos = k.size("pos", max: 100)
        k.loop("rotate", dim / 2, index: "p") { p in
            let headDim = ((2 * p) % hs).value(.float32)
            let freq = k.bind("freq", 1.0 / math(.powf, .f32(10000), headDim / Double(hs)))
            let val = k.bind("val", pos.index.value(.float32) * freq)
            let fcr = k.bind("fcr", math(.cosf, val)), fci = k.bind("fci", math(.sinf, val))
            let v0 = k.bind("v0", q[2 * p]), v1 = k.bind("v1", q[2 * p + 1])
            q[2 * p] = v0 * fcr - v1 * fci
            q[2 * p + 1] = v0 * fci + v1 * fcr
        }
        k.loop("gate", dim, index: "i") { i in
            let v = k.bind("v", h[i])
            let e = k.bind("e", exp(-v))
            let silu = k.bind("silu", v * (1.0 / (1.0 + e)))
            h[i] = select(silu < g[i], silu * g[i], -silu)
        }
        var rng = SeededRandom(seed: 4)
        let design = Design(top: "k", kernels: [try k.build()], schedule: Schedule())
        for p in [0, 1, 37, 100] {
            try assertSameAsGeneral(design, ["q": .float(randomFloats(dim, &rng)), "h": .float(randomFloats(dim, &rng, -10, 10)),
                                             "g": .float(randomFloats(dim, &rng)), "pos": .raw([Int64(p)])],
                                    specialised: ["k.rotate": "float map", "k.gate": "float map"])
        }
    }

    /// Q8_0 quantization of values: roundf, clamps and a float → int8 store, per group.
    func testQuantizeValuesToInt8() throws {
        let n = 96, gs = 8
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: n)
        let xq = k.output("xq", .int8, count: n)
        let xs = k.output("xs", .float32, count: n / gs)
        k.loop("groups", n / gs, index: "g") { g in
            let wmax = k.reduce("absmax", .max, .float32, gs, initial: .f32(0), index: "i") { i in abs(x[g * gs + i]) }
            let scale = k.bind("scale", wmax / 127.0)
            let divisor = k.bind("divisor", select(scale.eq(0), .f32(1), scale))
            xs[g] = scale
            k.loop("values", gs, index: "i") { i in
                let r = k.bind("r", round(x[g * gs + i] / divisor))
                xq[g * gs + i] = min(max(r, .f32(-127)), .f32(127)).cast(.int8)
            }
        }
        var rng = SeededRandom(seed: 8)
        var data = randomFloats(n, &rng, -5, 5)
        for i in 8..<16 { data[i] = 0 }
        let design = Design(top: "k", kernels: [try k.build()], schedule: Schedule())
        try assertSameAsGeneral(design, ["x": .float(data)],
                                specialised: ["k.absmax": "float map-reduce", "k.values": "float map"])
    }

    /// Strided stores and loads (negative and non-unit strides) through a sub-function whose
    /// arguments alias: the overlap check at entry must fall back to element order.
    func testStridedMapsAndAliasedArguments() throws {
        let callee = KernelBuilder("step")
        let src = callee.input("src", .float32, count: 30)
        let dst = callee.output("dst", .float32, count: 30)
        let len = callee.size("len", max: 10)
        callee.loop("copy", .runtime(len.index, max: 10), index: "i") { i in dst[3 * i] = src[29 - 3 * i] * 2.0 + src[i] }
        let sub = try callee.build()
        let top = KernelBuilder("top")
        let v = top.inputOutput("v", .float32, count: 64)
        let w = top.inputOutput("w", .float32, count: 64)
        top.call(sub, [v.from(0), v.from(2), .index(.constant(9))])  // overlapping: element order
        top.call(sub, [w.from(0), v.from(32), .index(.constant(10))])  // disjoint: chunked
        var rng = SeededRandom(seed: 11)
        let design = Design(top: "top", kernels: [sub, try top.build()], schedule: Schedule())
        try assertSameAsGeneral(design, ["v": .float(randomFloats(64, &rng)), "w": .float(randomFloats(64, &rng))],
                                specialised: ["step.copy": "float map"])
    }

    /// A load of the stored buffer outside the store's window is not chunked.
    func testOverlappingSameBufferStaysGeneral() throws {
        let k = KernelBuilder("k")
        let x = k.inputOutput("x", .float32, count: 17)
        k.loop("shift", 16, index: "i") { i in x[i + 1] = x[i] + 1.0 }
        let design = Design(top: "k", kernels: [try k.build()], schedule: Schedule())
        let interpreter = try Interpreter(try BoundDesign.bind(design))
        XCTAssertNil(interpreter.specialisedLoops["k.shift"])
        XCTAssertEqual(try interpreter.run(["x": .float(Array(repeating: 0, count: 17))]).floats("x"), (0...16).map(Float.init))
    }
}

/// Non-affine indices split into an affine part and the remaining terms.
final class SplitIndexTests: XCTestCase {
    func testIndicesWithDivisionTermsMatchTheirArithmetic() throws {
        let out = try runKernel(inputs: ["x": .float((0..<200).map(Float.init))]) { k in
            let x = k.input("x", .float32, count: 200)
            let o = k.output("o", .float32, count: 60)
            k.loop("outer", 6, index: "h") { h in
                k.loop("inner", 10, index: "t") { t in
                    o[h * 10 + t] = x[(h / 2) * 4 + t * 3 + 20 - h / 3 + (t % 4)]
                }
            }
        }
        var want: [Float] = []
        for h in 0..<6 { for t in 0..<10 { want.append(Float((h / 2) * 4 + t * 3 + 20 - h / 3 + t % 4)) } }
        XCTAssertBitsEqual(out.floats("o"), want)
    }
}
