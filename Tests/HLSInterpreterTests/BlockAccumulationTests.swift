import Foundation
import HLSIR
@testable import HLSInterpreter
import HLSLayers
import XCTest

/// Block value accumulation (BlockAccumulation.swift: rows × heads × elements, one
/// loop-invariant weight per row and head) must give exactly what the general closures give,
/// bit for bit: attention itself for kv_mul 1, 2 and 4 with full and partial last blocks,
/// every operand order, element counts around the SIMD width, runtime row counts, and
/// buffers that overlap through sub-function offsets (which must fall back).
final class BlockAccumulationTests: XCTestCase {
    /// Outputs identical to the general closures'; `loops` ran the block accumulation.
    private func assertSameAsGeneral(_ design: Design, _ inputs: [String: BufferData], loops: [String],
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        try assertSpecialisedMatchesGeneral(design, inputs, routines: Dictionary(uniqueKeysWithValues: loops.map { ($0, "block accumulation") }),
                                            file: file, line: line)
    }

    /// Attention (libm, reference and hardware schedules) for multi-head and grouped-query
    /// shapes at positions at the start, inside and at the end of a block.
    func testAttentionMatchesGeneral() throws {
        let shapes = [
            LlamaShape(dim: 32, hidden: 8, layers: 1, heads: 2, kvHeads: 2, vocab: 8, seqLen: 8),    // kv_mul 1, head 16
            LlamaShape(dim: 32, hidden: 8, layers: 1, heads: 4, kvHeads: 2, vocab: 8, seqLen: 40),   // kv_mul 2, head 8
            LlamaShape(dim: 32, hidden: 8, layers: 1, heads: 8, kvHeads: 2, vocab: 8, seqLen: 6),    // kv_mul 4, head 4
            LlamaShape(dim: 48, hidden: 8, layers: 1, heads: 4, kvHeads: 1, vocab: 8, seqLen: 64),   // kv_mul 4, head 12
            LlamaShape(dim: 80, hidden: 8, layers: 1, heads: 16, kvHeads: 8, vocab: 8, seqLen: 32),  // kv_mul 2, head 5
        ]
        for s in shapes {
            let rows = Attention.blockRows(s)
            for style in [LlamaSchedule.reference, .hardware] {
                let design = Design(top: "attention", kernels: [try Attention.kernel(shape: s, profile: .libm)],
                                    schedule: style.attentionSchedule(s), profile: .libm)
                var rng = SeededRandom(seed: UInt64(s.seqLen * 100 + s.heads * 10 + s.kvHeads))
                for pos in Set([0, 1, rows - 1, rows, rows + 1, s.seqLen / 2 + 1, s.seqLen - 2, s.seqLen - 1]).sorted()
                where pos >= 0 && pos < s.seqLen {
                    let inputs: [String: BufferData] = [
                        "q": .float(randomFloats(s.dim, &rng)), "k": .float(randomFloats(s.kvDim, &rng)),
                        "v": .float(randomFloats(s.kvDim, &rng)),
                        "key_cache": .float(randomFloats(s.seqLen * s.kvDim, &rng)),
                        "value_cache": .float(randomFloats(s.seqLen * s.kvDim, &rng)),
                        "pos": .raw([Int64(pos)]), "pos_block": .raw([Int64(pos / rows)])]
                    try assertSameAsGeneral(design, inputs, loops: ["attention.values", "attention.last_values"])
                }
            }
        }
    }

    /// The forward design runs both value loops as the block accumulation.
    func testForwardDesignRunsValueLoopsSpecialised() throws {
        let s = LlamaShape(dim: 64, hidden: 172, layers: 2, heads: 8, kvHeads: 4, vocab: 32, seqLen: 64)
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            let design = try LlamaForward.design(s, weights: weights, profile: .libm)
            let loops = Interpreter(try BoundDesign.bind(design)).specialisedLoops
            XCTAssertEqual(loops["attention.values"], "block accumulation", "\(weights)")
            XCTAssertEqual(loops["attention.last_values"], "block accumulation", "\(weights)")
        }
    }

    /// `o[h·m + i] (+)= w · x[r·xr + (h / g)·m + i]` in each operand order, element counts
    /// below, at and above 8, constant and runtime row counts (0 and partial included), with
    /// the weight read along a strided row.
    func testOperandOrdersAndShapesMatchGeneral() throws {
        let heads = 4, maxRows = 9
        for m in [1, 3, 4, 8, 11, 16, 21] {
            for g in [1, 2, 4] {
                for form in 0..<4 {
                    for rows in [0, 1, 5, 9] {
                        let runtime = rows % 2 == 1
                        let xr = heads / g * m + 1
                        let k = KernelBuilder("k")
                        let o = k.inputOutput("o", .float32, count: heads * m)
                        let x = k.input("x", .float32, count: maxRows * xr)
                        let wb = k.input("w", .float32, count: heads * maxRows * 2)
                        let len = k.size("len", max: maxRows)
                        let bound: Bound = runtime ? .runtime(len.index, max: maxRows) : .constant(rows)
                        k.loop("block", bound, index: "r") { r in
                            k.loop("heads", heads, index: "h") { h in
                                let w = k.bind("weight", wb[h * (maxRows * 2) + 2 * r])
                                k.loop("row", m, index: "i") { i in
                                    let acc = o[h * m + i], v = x[r * xr + (h / g) * m + i]
                                    switch form {
                                    case 0: o[h * m + i] = acc + w * v
                                    case 1: o[h * m + i] = acc + v * w
                                    case 2: o[h * m + i] = w * v + acc
                                    default: o[h * m + i] = v * w + acc
                                    }
                                }
                            }
                        }
                        var rng = SeededRandom(seed: UInt64(m * 1000 + g * 100 + form * 10 + rows))
                        let design = Design(top: "k", kernels: [try k.build()], schedule: Schedule())
                        try assertSameAsGeneral(design, ["o": .float(randomFloats(heads * m, &rng)),
                                                         "x": .float(randomFloats(maxRows * xr, &rng)),
                                                         "w": .float(randomFloats(heads * maxRows * 2, &rng, 0, 1)),
                                                         "len": .raw([Int64(rows)])],
                                                loops: ["k.block"])
                    }
                }
            }
        }
    }

    /// Heads whose output ranges overlap (`o[h·2 + i]` with 4 elements) must keep the r-outer
    /// order: the routine falls back to the general closures.
    func testOverlappingHeadsFallBack() throws {
        let heads = 3, m = 4, rows = 5
        let k = KernelBuilder("k")
        let o = k.inputOutput("o", .float32, count: 2 * heads + m)
        let x = k.input("x", .float32, count: rows * m)
        let wb = k.input("w", .float32, count: heads * rows)
        k.loop("block", rows, index: "r") { r in
            k.loop("heads", heads, index: "h") { h in
                let w = k.bind("weight", wb[h * rows + r])
                k.loop("row", m, index: "i") { i in o[h * 2 + i] = o[h * 2 + i] + w * x[r * m + i] }
            }
        }
        var rng = SeededRandom(seed: 7)
        let design = Design(top: "k", kernels: [try k.build()], schedule: Schedule())
        try assertSameAsGeneral(design, ["o": .float(randomFloats(2 * heads + m, &rng)), "x": .float(randomFloats(rows * m, &rng)),
                                         "w": .float(randomFloats(heads * rows, &rng))],
                                loops: ["k.block"])
    }

    /// The accumulator overlapping the rows or the weights through sub-function offsets
    /// (which must fall back and see every update in the general order), and disjoint
    /// offsets (which run specialised): the same bits as the general closures.
    func testAliasedArgumentsMatchGeneral() throws {
        let heads = 2, m = 4, rows = 3
        for (oOffset, xOffset, wOffset) in [(0, 8, 30), (0, 4, 30), (10, 0, 30), (30, 0, 8), (20, 0, 24), (0, 0, 40), (50, 0, 10)] {
            let f = KernelBuilder("acc")
            let o = f.inputOutput("o", .float32, count: heads * m)
            let x = f.input("x", .float32, count: rows * m)
            let wb = f.input("w", .float32, count: heads * rows)
            f.loop("block", rows, index: "r") { r in
                f.loop("heads", heads, index: "h") { h in
                    let w = f.bind("weight", wb[h * rows + r])
                    f.loop("row", m, index: "i") { i in o[h * m + i] = o[h * m + i] + w * x[r * m + i] }
                }
            }
            let callee = try f.build()
            let top = KernelBuilder("top")
            let v = top.inputOutput("v", .float32, count: 64)
            top.call(callee, [v.from(.constant(oOffset)), v.from(.constant(xOffset)), v.from(.constant(wOffset))])
            var rng = SeededRandom(seed: UInt64(oOffset * 100 + xOffset * 10 + wOffset))
            let design = Design(top: "top", kernels: [callee, try top.build()], schedule: Schedule())
            try assertSameAsGeneral(design, ["v": .float(randomFloats(64, &rng))], loops: ["acc.block"])
        }
    }
}
