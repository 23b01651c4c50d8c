import Foundation
import HLSIR
@testable import HLSInterpreter
import XCTest

/// Fused row loops (FusedRows.swift: a loop storing one float dot product per row) must give
/// exactly what the general closures give, bit for bit: lane counts 1, 3 and 8, several row
/// counts, runtime trip counts, strided operands and aliasing through sub-function offsets.
final class FusedRowsTests: XCTestCase {
    /// Outputs identical to the general closures'; `loop` ran `routine` (nil: none).
    private func assertSameAsGeneral(_ design: Design, _ inputs: [String: BufferData], fused loop: String, routine: String?,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        try assertSpecialisedMatchesGeneral(design, inputs, routines: [loop: routine], file: file, line: line)
    }

    /// MatVec rows, `out[2r + 1] = Σ_j w[r·n + j] · x[j]` (plain, divided by a constant,
    /// multiplied by a scalar argument), with constant and runtime row counts.
    func testMatVecRowsMatchGeneral() throws {
        let maxRows = 9
        // 20 and 64 lanes: more than SIMD16 holds, four rows combined side by side.
        for lanes in [1, 3, 8, 20, 64] {
            for n in [1, 5, 17, 40] {
                for rows in [0, 1, 4, 7, 9] {
                    for variant in 0..<4 {
                        var s = Schedule()
                        s.lanes("k.dot", lanes)
                        let k = KernelBuilder("k")
                        let x = k.input("x", .float32, count: n)
                        let w = k.input("w", .float32, count: n * maxRows)
                        let c = k.scalar("c", .float32)
                        let out = k.output("out", .float32, count: 2 * maxRows)
                        let len = k.size("len", max: maxRows)
                        let bound: Bound = variant == 3 ? .runtime(len.index, max: maxRows) : .constant(rows)
                        k.loop("rows", bound, index: "r") { r in
                            let dot = k.reduce("dot", .add, .float32, n, initial: .f32(variant == 1 ? 0.25 : 0), index: "j") { j in
                                w[r * n + j] * x[j]
                            }
                            switch variant {
                            case 1: out[2 * r + 1] = dot / 3.0
                            case 2: out[2 * r + 1] = c * dot
                            default: out[2 * r + 1] = dot
                            }
                        }
                        var rng = SeededRandom(seed: UInt64(lanes * 1000 + n * 10 + rows + variant * 7))
                        let design = Design(top: "k", kernels: [try k.build()], schedule: s)
                        try assertSameAsGeneral(design, ["x": .float(randomFloats(n, &rng)),
                                                         "w": .float(randomFloats(n * maxRows, &rng)),
                                                         "c": .float([rng.float(-2, 2)]), "len": .raw([Int64(rows)])],
                                                // A sum from 0.25 over several lanes starts its partials
                                                // differently (0.25, then 0s): the general path runs it.
                                                fused: "k.rows", routine: variant == 1 && lanes > 1 ? nil : "fused float rows")
                    }
                }
            }
        }
    }

    /// Attention's scores (`att[t] = (q_h · k_t) / scale` over a runtime length, with a
    /// non-affine head offset) and weighted sums (strided operand: the column order).
    func testAttentionScoresAndWeightedSumsMatchGeneral() throws {
        let seq = 40, hs = 5, heads = 4, kvDim = 10
        for lanes in [1, 3, 8] {
            for len in [0, 1, 3, 17, 40] {
                var s = Schedule()
                s.lanes("k.qk", lanes)
                s.lanes("k.av", lanes)
                let k = KernelBuilder("k")
                let q = k.input("q", .float32, count: heads * hs)
                let kc = k.input("kc", .float32, count: seq * kvDim)
                let vc = k.input("vc", .float32, count: seq * kvDim)
                let xb = k.output("xb", .float32, count: heads * hs)
                let saved = k.output("saved", .float32, count: heads * seq)
                let n = k.size("n", max: seq)
                let att = k.local("att", .float32, shape: [seq])
                let steps = Bound.runtime(n.index, max: seq)
                k.loop("heads", heads, index: "h") { h in
                    let kvBase = (h / 2) * hs
                    k.loop("scores", steps, index: "t") { t in
                        let score = k.reduce("qk", .add, .float32, hs, index: "i") { i in q[h * hs + i] * kc[t * kvDim + kvBase + i] }
                        att[t] = score / 2.2360680
                    }
                    k.loop("keep", steps, index: "t") { t in saved[h * seq + t] = att[t] }
                    k.loop("weighted", hs, index: "i") { i in
                        xb[h * hs + i] = k.reduce("av", .add, .float32, steps, index: "t") { t in att[t] * vc[t * kvDim + kvBase + i] }
                    }
                }
                var rng = SeededRandom(seed: UInt64(len * 10 + lanes))
                let design = Design(top: "k", kernels: [try k.build()], schedule: s)
                let inputs: [String: BufferData] = ["q": .float(randomFloats(heads * hs, &rng)),
                                                    "kc": .float(randomFloats(seq * kvDim, &rng)),
                                                    "vc": .float(randomFloats(seq * kvDim, &rng)), "n": .raw([Int64(len)])]
                try assertSameAsGeneral(design, inputs, fused: "k.scores", routine: "fused float rows")
                try assertSameAsGeneral(design, inputs, fused: "k.weighted", routine: "fused float rows")
            }
        }
    }

    /// Rows whose operands both advance along the rows and the reduction (neither unit
    /// stride), as `Σ_j a[j·rows + r] · b[3r + 2j]`.
    func testStridedOperandsMatchGeneral() throws {
        let rows = 6, n = 11
        for lanes in [1, 3, 8] {
            var s = Schedule()
            s.lanes("k.dot", lanes)
            let k = KernelBuilder("k")
            let a = k.input("a", .float32, count: rows * n)
            let b = k.input("b", .float32, count: 3 * rows + 2 * n)
            let out = k.output("out", .float32, count: rows)
            k.loop("rows", rows, index: "r") { r in
                out[Index.constant(rows - 1) - r] = k.reduce("dot", .add, .float32, n, index: "j") { j in a[j * rows + r] * b[3 * r + 2 * j] }
            }
            var rng = SeededRandom(seed: UInt64(lanes))
            let design = Design(top: "k", kernels: [try k.build()], schedule: s)
            try assertSameAsGeneral(design, ["a": .float(randomFloats(rows * n, &rng)),
                                             "b": .float(randomFloats(3 * rows + 2 * n, &rng))],
                                    fused: "k.rows", routine: "fused float rows")
        }
    }

    /// A matvec called with its output overlapping its input vector or matrix (through
    /// sub-function offsets) must see rows already written, as the general loop does; a
    /// disjoint call runs fused and gives the same bits too.
    func testAliasedOutputKeepsGeneralOrder() throws {
        let n = 4, d = 6
        for lanes in [1, 3, 8, 20] {
            for (outOffset, xOffset, wOffset) in [(0, 2, 30), (3, 0, 30), (0, 24, 6), (10, 0, 6), (30, 40, 0), (1, 1, 10)] {
                var s = Schedule()
                s.lanes("mv.dot", lanes)
                let mv = KernelBuilder("mv")
                let out = mv.output("out", .float32, count: d)
                let x = mv.input("x", .float32, count: n)
                let w = mv.input("w", .float32, count: n * d)
                mv.loop("rows", d, index: "r") { r in
                    out[r] = mv.reduce("dot", .add, .float32, n, index: "j") { j in w[r * n + j] * x[j] }
                }
                let callee = try mv.build()
                let top = KernelBuilder("top")
                let v = top.inputOutput("v", .float32, count: 64)
                top.call(callee, [v.from(.constant(outOffset)), v.from(.constant(xOffset)), v.from(.constant(wOffset))])
                var rng = SeededRandom(seed: UInt64(outOffset * 100 + xOffset + lanes))
                let design = Design(top: "top", kernels: [callee, try top.build()], schedule: s)
                try assertSameAsGeneral(design, ["v": .float(randomFloats(64, &rng))], fused: "mv.rows", routine: "fused float rows")
            }
        }
    }

    /// An aliased weighted sum (column order) called through offsets.
    func testAliasedColumnOrderFallsBack() throws {
        let rows = 5, n = 7
        for lanes in [1, 3, 8] {
            for outOffset in [0, 3, 12, 40, 50] {
                var s = Schedule()
                s.lanes("ws.av", lanes)
                let f = KernelBuilder("ws")
                let out = f.output("out", .float32, count: rows)
                let a = f.input("a", .float32, count: n)
                let m = f.input("m", .float32, count: n * rows)
                f.loop("weighted", rows, index: "i") { i in
                    out[i] = f.reduce("av", .add, .float32, n, index: "t") { t in a[t] * m[t * rows + i] }
                }
                let callee = try f.build()
                let top = KernelBuilder("top")
                let v = top.inputOutput("v", .float32, count: 64)
                top.call(callee, [v.from(.constant(outOffset)), v.from(0), v.from(8)])
                var rng = SeededRandom(seed: UInt64(outOffset + lanes))
                let design = Design(top: "top", kernels: [callee, try top.build()], schedule: s)
                try assertSameAsGeneral(design, ["v": .float(randomFloats(64, &rng))], fused: "ws.weighted", routine: "fused float rows")
            }
        }
    }

    /// A row count above its declared maximum stops the run with the same message as the
    /// general loop.
    func testRuntimeRowCountAboveMaximumFails() throws {
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 4)
        let out = k.output("out", .float32, count: 4)
        let len = k.size("len", max: 4)
        k.loop("rows", .runtime(len.index + 1, max: 4), index: "r") { r in
            out[r] = k.reduce("dot", .add, .float32, 4, index: "j") { j in x[j] * x[j] }
        }
        let design = Design(top: "k", kernels: [try k.build()], schedule: Schedule())
        let inputs: [String: BufferData] = ["x": .float([1, 2, 3, 4]), "len": .raw([4])]
        for specialise in [true, false] {
            XCTAssertThrowsError(try Interpreter(try BoundDesign.bind(design), specialise: specialise).run(inputs)) { e in
                XCTAssertTrue("\(e)".contains("loop k.rows: trip count 5 exceeds its declared maximum 4"), "\(e)")
            }
        }
    }

    /// runq.c's matmul rows (`(dot · ws) · xs` or `dot · (ws · xs)`), constant and runtime
    /// row counts, group lanes 1, 3 and 8, then with the output overlapping the scales
    /// through sub-function offsets.
    func testQuantizedRowsMatchGeneral() throws {
        let maxRows = 7, n = 24
        // Group sizes 4 and 8 take the batched dots (GroupedDotProduct.swift), 3 does not.
        for gs in [3, 4, 8] {
            for lanes in [1, 3, 8] {
                for rows in [0, 1, 5, 7] {
                    for variant in 0..<3 {
                        var s = Schedule()
                        s.lanes("mq.groups", lanes)
                        s.lanes("mq.dot", 2)
                        let f = KernelBuilder("mq")
                        let out = f.output("out", .float32, count: maxRows)
                        let xq = f.input("xq", .int8, count: n), xs = f.input("xs", .float32, count: n / gs)
                        let wq = f.input("wq", .int8, count: maxRows * n), ws = f.input("ws", .float32, count: maxRows * n / gs)
                        let len = f.size("len", max: maxRows)
                        let bound: Bound = variant == 2 ? .runtime(len.index, max: maxRows) : .constant(rows)
                        f.loop("rows", bound, index: "r") { r in
                            out[r] = f.reduce("groups", .add, .float32, n / gs, index: "g") { g in
                                let dot = f.reduce("dot", .add, .int32, gs, index: "c") { c in
                                    xq[g * gs + c].cast(.int32) * wq[r * n + g * gs + c].cast(.int32)
                                }
                                let w = ws[r * (n / gs) + g]
                                return variant == 1 ? dot.cast(.float32) * (w * xs[g]) : (dot.cast(.float32) * w) * xs[g]
                            }
                        }
                        let callee = try f.build()
                        var rng = SeededRandom(seed: UInt64(gs * 1000 + lanes * 100 + rows * 10 + variant))
                        let xqv = (0..<n).map { _ in Int64(Int8(truncatingIfNeeded: rng.next())) }
                        let wqv = (0..<(maxRows * n)).map { _ in Int64(Int8(truncatingIfNeeded: rng.next())) }
                        let direct = Design(top: "mq", kernels: [callee], schedule: s)
                        try assertSameAsGeneral(direct, ["xq": .raw(xqv), "wq": .raw(wqv), "xs": .float(randomFloats(n / gs, &rng, 0, 0.1)),
                                                         "ws": .float(randomFloats(maxRows * n / gs, &rng, 0, 0.1)),
                                                         "len": .raw([Int64(rows)])],
                                                fused: "mq.rows", routine: "fused grouped int8 rows")
                        // One float buffer holds out, xs and ws at offsets that overlap or not.
                        for (outOffset, xsOffset, wsOffset) in [(0, 0, 10), (0, 40, 8), (5, 0, 12), (12, 0, 14), (50, 0, 10)] {
                            let top = KernelBuilder("top")
                            let v = top.inputOutput("v", .float32, count: 128)
                            let tq = top.input("xq", .int8, count: n), tw = top.input("wq", .int8, count: maxRows * n)
                            let tl = top.size("len", max: maxRows)
                            top.call(callee, [v.from(.constant(outOffset)), tq.from(), v.from(.constant(xsOffset)), tw.from(),
                                              v.from(.constant(wsOffset)), .index(tl.index)])
                            let design = Design(top: "top", kernels: [callee, try top.build()], schedule: s)
                            try assertSameAsGeneral(design, ["xq": .raw(xqv), "wq": .raw(wqv), "v": .float(randomFloats(128, &rng, 0, 0.1)),
                                                             "len": .raw([Int64(rows)])],
                                                    fused: "mq.rows", routine: "fused grouped int8 rows")
                        }
                    }
                }
            }
        }
    }
}
