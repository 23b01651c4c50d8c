import Foundation
import HLSIR
import HLSLayers
@testable import HLSInterpreter
import XCTest

/// Explicit lane partials over tiles (LaneAccumulation.swift: MatMat's `dot` and `groups`
/// loops) must give exactly the general closures' bits: float and Q8_0 block products with
/// and without bias, lanes below, at and above the term count, tiles, row blocks and runtime
/// block lengths; shapes the routine must leave to the general loops (partials in an
/// argument, a start that reads the tile counter) run those and give the same bits too.
final class LaneAccumulationTests: XCTestCase {
    private func bytes(_ n: Int, _ rng: inout SeededRandom) -> [Int64] {
        (0..<n).map { _ in Int64(Int8(truncatingIfNeeded: rng.next())) }
    }

    func testFloatBlockProductsMatchGeneral() throws {
        let n = 12, d = 6, tokens = 4
        for lanes in [1, 3, 12, 16] {
            for (tile, rowBlock, count) in [(1, 1, 4), (2, 3, 4), (4, 6, 3), (4, 2, 1), (2, 1, 0)] {
                for bias in [false, true] {
                    let mm = try MatMat.kernel("mm", n: n, d: d, tokens: tokens, tile: tile, lanes: lanes, rowBlock: rowBlock, bias: bias)
                    var rng = SeededRandom(seed: UInt64(lanes * 100 + tile * 10 + count))
                    var inputs: [String: BufferData] = ["x": .float(randomFloats(n * tokens, &rng)), "w": .float(randomFloats(n * d, &rng)),
                                                        "count": .raw([Int64(count)])]
                    if bias { inputs["bias"] = .float(randomFloats(d, &rng)) }
                    try assertSpecialisedMatchesGeneral(Design(top: "mm", kernels: [mm], schedule: Schedule()), inputs,
                                                        routines: ["mm.dot": "lane partials over tiles"])
                }
            }
        }
    }

    func testQ8BlockProductsMatchGeneral() throws {
        let n = 12, d = 4, tokens = 6
        for gs in [3, 4] {
            for lanes in [1, 2, 3, 5] {
                for (tile, rowBlock, count) in [(1, 1, 6), (3, 2, 5), (6, 4, 6), (2, 1, 2)] {
                    for bias in [false, true] {
                        let mm = try MatMat.q8("mm", n: n, d: d, groupSize: gs, tokens: tokens, tile: tile, lanes: lanes, rowBlock: rowBlock,
                                               bias: bias)
                        var rng = SeededRandom(seed: UInt64(gs * 1000 + lanes * 100 + tile * 10 + count))
                        var inputs: [String: BufferData] = ["xq": .raw(bytes(n * tokens, &rng)), "wq": .raw(bytes(n * d, &rng)),
                                                            "xs": .float(randomFloats(n * tokens / gs, &rng, 0, 0.1)),
                                                            "ws": .float(randomFloats(n * d / gs, &rng, 0, 0.1)),
                                                            "count": .raw([Int64(count)])]
                        if bias { inputs["bias"] = .float(randomFloats(d, &rng)) }
                        try assertSpecialisedMatchesGeneral(Design(top: "mm", kernels: [mm], schedule: Schedule()), inputs,
                                                            routines: ["mm.groups": "lane partials over tiles"])
                    }
                }
            }
        }
    }

    /// The lane loop written by hand: `variant` 0 with the term first (`x·w + partial`) and a
    /// runtime tile length, 1 with the partials in an argument (could alias: general), 2
    /// with a start that reads the tile counter (evaluated per (i, t): general).
    private func handWritten(variant: Int, lanes: Int, terms: Int, tile: Int) throws -> Kernel {
        let k = KernelBuilder("hl")
        let x = k.input("x", .float32, count: tile * terms)
        let w = k.input("w", .float32, count: terms)
        let s = k.input("s", .float32, count: tile)
        let len = k.size("len", max: tile)
        let out = k.output("out", .float32, count: tile * lanes)
        let acc = variant == 1 ? k.inputOutput("acc", .float32, count: tile * lanes) : k.local("acc", .float32, shape: [tile, lanes])
        k.loop("lanes", terms, index: "i") { i in
            k.loop("tile_tokens", .runtime(len.index, max: tile), index: "t") { t in
                let start = variant == 2 ? s[t] : select(i.value().eq(1), s[0], .f32(0))
                let load = variant == 1 ? acc[t * lanes + i % lanes] : acc[t, i % lanes]
                let partial = select(i.value() < .constant(Double(lanes), .int32), start, load)
                let term = x[t * terms + i] * w[i]
                if variant == 1 { acc[t * lanes + i % lanes] = partial + term } else { acc[t, i % lanes] = term + partial }
            }
        }
        k.loop("copy", tile, index: "t") { t in
            k.loop("copy_lanes", lanes, index: "l") { l in
                out[t * lanes + l] = variant == 1 ? acc[t * lanes + l] : acc[t, l]
            }
        }
        return try k.build()
    }

    func testHandWrittenShapesMatchGeneral() throws {
        let terms = 9, tile = 3
        for variant in 0..<3 {
            for lanes in [1, 2, 4] {
                for len in [0, 2, 3] {
                    let design = Design(top: "hl", kernels: [try handWritten(variant: variant, lanes: lanes, terms: terms, tile: tile)],
                                        schedule: Schedule())
                    var rng = SeededRandom(seed: UInt64(variant * 100 + lanes * 10 + len))
                    var inputs: [String: BufferData] = ["x": .float(randomFloats(tile * terms, &rng)), "w": .float(randomFloats(terms, &rng)),
                                                        "s": .float(randomFloats(tile, &rng)), "len": .raw([Int64(len)])]
                    if variant == 1 { inputs["acc"] = .float(randomFloats(tile * lanes, &rng)) }
                    try assertSpecialisedMatchesGeneral(design, inputs, routines: ["hl.lanes": variant == 0 ? "lane partials over tiles" : nil])
                }
            }
        }
    }
}
