import Foundation
import HLSIR
import HLSLayers
@testable import HLSInterpreter
import XCTest

/// Q4 group dots (Q4DotProduct.swift: packed nibbles, low by `cast(int4)`, high by `>> 4`)
/// run by the grouped-dot routine over rows must give exactly the general closures' bits:
/// MatVecQ4 itself, group sizes 2 to 8, lanes 1, 3 and 8, runtime row counts, the products
/// written in another order, outputs overlapping the scales through sub-function offsets, and
/// shapes the routine must not take (a high nibble from another byte).
final class Q4DotProductTests: XCTestCase {
    /// Every byte value, -8 nibbles included.
    private func bytes(_ n: Int, _ rng: inout SeededRandom) -> [Int64] {
        (0..<n).map { _ in Int64(Int8(truncatingIfNeeded: rng.next())) }
    }

    /// MatVecQ4's schedule without the partition (xq is an argument here).
    private func schedule(lanes: Int, gs: Int) -> Schedule {
        var s = Schedule()
        s.lanes("q4.groups", lanes)
        s.pipeline("q4.groups")
        s.unroll("q4.dot", factor: gs / 2)
        return s
    }

    func testMatVecQ4MatchesGeneral() throws {
        for gs in [2, 4, 6, 8] {
            for lanes in [1, 3, 8] {
                let n = 24, d = 5
                let kernel = try MatVecQ4.quantized("q4", n: n, d: d, groupSize: gs)
                let design = Design(top: "q4", kernels: [kernel], schedule: schedule(lanes: lanes, gs: gs))
                var rng = SeededRandom(seed: UInt64(gs * 100 + lanes))
                try assertSpecialisedMatchesGeneral(
                    design, ["xq": .raw(bytes(n, &rng)), "xs": .float(randomFloats(n / gs, &rng, 0, 0.1)),
                             "wq": .raw(bytes(n * d / 2, &rng)), "ws": .float(randomFloats(n * d / gs, &rng, 0, 0.1))],
                    routines: ["q4.rows": "fused grouped int8 rows"])
            }
        }
    }

    /// A Q4 product written by hand: `variant` 0 with the activations at 2p + 1 and 2p + 2, 1 as 0 with the high product first
    /// and each product's operands swapped, 2 reading the high nibble's activation from the
    /// element before the low one's (δ = −1), 3 taking the high nibble of the next byte (not
    /// the Q4 shape: the general closures run). Rows: a runtime count.
    private func handWritten(variant: Int, gs: Int, maxRows: Int, n: Int) throws -> Kernel {
        let half = gs / 2
        let k = KernelBuilder("hq")
        let out = k.output("out", .float32, count: maxRows)
        let xq = k.input("xq", .int8, count: n + 2)
        let xs = k.input("xs", .float32, count: n / gs)
        let wq = k.input("wq", .int8, count: maxRows * n / 2 + 1)
        let ws = k.input("ws", .float32, count: maxRows * n / gs)
        let len = k.size("len", max: maxRows)
        k.loop("rows", .runtime(len.index, max: maxRows), index: "r") { r in
            out[r] = k.reduce("groups", .add, .float32, n / gs, index: "g") { g in
                let dot = k.reduce("dot", .add, .int32, half, index: "p") { p in
                    let at = r * (n / 2) + g * half + p
                    let low = wq[at].cast(MatVecQ4.nibble).cast(.int32)
                    let high = ((variant == 3 ? wq[at + 1] : wq[at]) >> 4).cast(.int32)
                    let xl = xq[g * gs + p * 2 + 1].cast(.int32)
                    let xh = xq[g * gs + p * 2 + (variant == 2 ? 0 : 2)].cast(.int32)
                    return variant == 1 ? high * xh + low * xl : xl * low + xh * high
                }
                return (dot.cast(.float32) * ws[r * (n / gs) + g]) * xs[g]
            }
        }
        return try k.build()
    }

    func testHandWrittenShapesMatchGeneral() throws {
        let maxRows = 6, n = 16
        for gs in [2, 4, 8] {
            for variant in 0..<4 {
                for rows in [0, 1, 4, 6] {
                    var s = Schedule()
                    s.lanes("hq.groups", 3)
                    let design = Design(top: "hq", kernels: [try handWritten(variant: variant, gs: gs, maxRows: maxRows, n: n)], schedule: s)
                    var rng = SeededRandom(seed: UInt64(gs * 100 + variant * 10 + rows))
                    try assertSpecialisedMatchesGeneral(
                        design, ["xq": .raw(bytes(n + 2, &rng)), "xs": .float(randomFloats(n / gs, &rng, 0, 0.1)),
                                 "wq": .raw(bytes(maxRows * n / 2 + 1, &rng)), "ws": .float(randomFloats(maxRows * n / gs, &rng, 0, 0.1)),
                                 "len": .raw([Int64(rows)])],
                        routines: ["hq.rows": variant == 3 ? nil : "fused grouped int8 rows"])
                }
            }
        }
    }

    /// One float buffer holds the output and both scale arrays at offsets that overlap or
    /// not: rows run one at a time and store before the next reads, as the general loop.
    func testOutputOverlappingScalesMatchesGeneral() throws {
        let n = 16, d = 6, gs = 4
        let kernel = try MatVecQ4.quantized("q4", n: n, d: d, groupSize: gs)
        for lanes in [1, 3] {
            for (outOffset, xsOffset, wsOffset) in [(0, 0, 10), (0, 40, 8), (5, 0, 12), (12, 0, 14), (50, 0, 10)] {
                let top = KernelBuilder("top")
                let v = top.inputOutput("v", .float32, count: 128)
                let tq = top.input("xq", .int8, count: n), tw = top.input("wq", .int8, count: n * d / 2)
                top.call(kernel, [v.from(.constant(outOffset)), tq.from(), v.from(.constant(xsOffset)), tw.from(), v.from(.constant(wsOffset))])
                let design = Design(top: "top", kernels: [kernel, try top.build()], schedule: schedule(lanes: lanes, gs: gs))
                var rng = SeededRandom(seed: UInt64(outOffset * 100 + xsOffset + wsOffset + lanes))
                try assertSpecialisedMatchesGeneral(
                    design, ["xq": .raw(bytes(n, &rng)), "wq": .raw(bytes(n * d / 2, &rng)), "v": .float(randomFloats(128, &rng, 0, 0.1))],
                    routines: ["q4.rows": "fused grouped int8 rows"])
            }
        }
    }
}
