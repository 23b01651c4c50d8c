import XCTest
import HLSIR
import HLSLayers
@testable import HLSEstimator

/// The hardware schedule's attention streams the KV cache: blocks of positions are read
/// contiguously in pipelined loops (bursts widened to 512 bits), once per token, and neither
/// the scores nor the weighted sum waits on a float-add recurrence.
final class AttentionEstimateTests: XCTestCase {
    /// stories260K's shape: 8 query heads share 4 KV heads (kv_mul 2), head size 8.
    static let shape = LlamaShape(dim: 64, hidden: 172, layers: 5, heads: 8, kvHeads: 4, vocab: 512, seqLen: 512)

    func testHardwareAttentionReadsTheCacheInWideBurstsOnce() throws {
        let s = Self.shape
        let d = try BoundDesign.bind(try LlamaForward.design(s, weights: .q8(groupSize: 4), profile: .libm, schedule: .hardware))
        let e = Estimator.estimate(d, device: f1, clockMHz: 300)
        let kv = try XCTUnwrap(e.bundles.first { $0.name == "gmem_kv" })
        XCTAssertTrue(kv.bursts, kv.burstNote)
        for access in ["key_cache (read)", "value_cache (read)", "key_cache (write)", "value_cache (write)"] {
            XCTAssertTrue(kv.burstNote.contains("\(access): sequential, one port on the bundle: bursts, widened to 512 bits"),
                          kv.burstNote)
        }
        XCTAssertEqual(kv.beatBits, 512)
        XCTAssertFalse(kv.burstNote.contains("not sequential"), kv.burstNote)
        // Keys and values read once per token at the average position (seq_len / 2 rows in
        // full blocks, then the last block, read whole), not once per query head; this token's
        // rows written once.
        let blocks = s.seqLen / 2 / Attention.blockRows(s) + 1   // the full ones and the last
        XCTAssertEqual(kv.bytesRead, s.layers * blocks * Attention.blockRows(s) * s.kvDim * 4 * 2)
        XCTAssertEqual(kv.bytesWritten, s.layers * s.kvDim * 4 * 2)
        let attention = try XCTUnwrap(e.function("attention"))
        func loop(_ name: String, in loops: [LoopEstimate]) -> LoopEstimate? {
            loops.lazy.compactMap { $0.name == name ? $0 : loop(name, in: $0.children) }.first
        }
        // Flattened nests are named by their joined labels.
        for name in ["attention.key_load", "attention.score_heads_scores", "attention.value_load",
                     "attention.values_value_heads_value_row", "attention.store_key", "attention.store_value"] {
            let loop = try XCTUnwrap(loop(name, in: attention.loops), name)
            XCTAssertEqual(loop.ii, 1, "\(name): \(loop.limit)")
            XCTAssertEqual(loop.limit, IILimit.none, name)
        }
    }

    func testHardwareAttentionIsFasterThanReference() throws {
        var latency: [LlamaSchedule: Double] = [:]
        for style in LlamaSchedule.allCases {
            let d = try BoundDesign.bind(try LlamaForward.design(Self.shape, weights: .q8(groupSize: 4), profile: .libm, schedule: style))
            let a = try XCTUnwrap(Estimator.estimate(d, device: f1, clockMHz: 300).function("attention"))
            latency[style] = Double(a.latency.max)
        }
        XCTAssertLessThan(latency[.hardware]!, latency[.reference]! / 2)
    }
}
