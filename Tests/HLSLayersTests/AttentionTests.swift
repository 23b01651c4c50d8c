import Foundation
import HLSIR
import HLSInterpreter
import HLSLayers
import XCTest

/// The restructured attention (the cache read in blocks of positions, scores from on-chip
/// rows, values t-outer into per-element accumulators) computes exactly what llama2.c's
/// attention computes: the interpreter against a direct Swift transcription of run.c, bit for
/// bit, on random inputs (the cache past pos is random too) at several positions — first,
/// inside and at the end of a block — for multi-head and grouped-query shapes. The hardware schedule is checked against the same
/// transcription with its reductions split into the schedule's lanes (docs/numerics.md).
final class AttentionTests: XCTestCase {
    static let shapes = [
        LlamaShape(dim: 32, hidden: 8, layers: 1, heads: 2, kvHeads: 2, vocab: 8, seqLen: 8),   // kv_mul 1, head 16
        LlamaShape(dim: 32, hidden: 8, layers: 1, heads: 4, kvHeads: 2, vocab: 8, seqLen: 40),  // kv_mul 2, head 8, 5 blocks
        LlamaShape(dim: 64, hidden: 8, layers: 1, heads: 4, kvHeads: 4, vocab: 8, seqLen: 48),  // head 16, 3 blocks of 16
        LlamaShape(dim: 32, hidden: 8, layers: 1, heads: 8, kvHeads: 2, vocab: 8, seqLen: 6),   // kv_mul 4, head 4, 3 blocks
    ]

    /// The reductions' lane counts: qk, softmax max, softmax sum (1, 1, 1 is llama2.c).
    struct Lanes { var qk = 1, max = 1, sum = 1 }

    /// Folds `values` into K partials (element i into partial i mod K, from `initial`), then
    /// combines the partials left to right — the IR's K-lane order.
    static func fold(_ values: [Float], lanes k: Int, initial: Float, _ op: (Float, Float) -> Float) -> Float {
        var partial = [Float](repeating: initial, count: k)
        for (i, v) in values.enumerated() { partial[i % k] = op(partial[i % k], v) }
        return partial.dropFirst().reduce(partial[0], op)
    }

    /// llama2.c run.c's attention for one layer: writes k and v at row `pos` of the caches,
    /// then per head scores, softmax and the weighted sum of values (t outer, as run.c).
    static func reference(_ s: LlamaShape, q: [Float], k: [Float], v: [Float], keys: inout [Float], values: inout [Float],
                          pos: Int, lanes: Lanes) -> [Float] {
        let hs = s.headSize
        for i in 0..<s.kvDim {
            keys[pos * s.kvDim + i] = k[i]
            values[pos * s.kvDim + i] = v[i]
        }
        var xb = [Float](repeating: 0, count: s.dim)
        for h in 0..<s.heads {
            let kvBase = (h / s.kvMul) * hs
            var att = (0...pos).map { t -> Float in
                let products = (0..<hs).map { i in q[h * hs + i] * keys[t * s.kvDim + kvBase + i] }
                return fold(products, lanes: lanes.qk, initial: 0, +) / Float(hs).squareRoot()
            }
            let mx = fold(att, lanes: lanes.max, initial: -.infinity) { r, x in x > r ? x : r }
            for t in att.indices { att[t] = expf(att[t] - mx) }
            let sum = fold(att, lanes: lanes.sum, initial: 0, +)
            for t in att.indices { att[t] = att[t] / sum }
            for t in 0...pos {
                for i in 0..<hs { xb[h * hs + i] += att[t] * values[t * s.kvDim + kvBase + i] }
            }
        }
        return xb
    }

    func check(_ style: LlamaSchedule, lanes: (LlamaShape) -> Lanes) throws {
        var rng = SystemRandomNumberGenerator()
        for s in Self.shapes {
            let design = Design(top: "attention", kernels: [try Attention.kernel(shape: s, profile: .libm)],
                                schedule: style.attentionSchedule(s), profile: .libm)
            let interpreter = Interpreter(try BoundDesign.bind(design))
            for pos in Set([0, 1, s.seqLen / 2, s.seqLen / 2 + 1, s.seqLen - 1]).sorted() {
                func random(_ n: Int) -> [Float] { (0..<n).map { _ in Float.random(in: -2...2, using: &rng) } }
                let q = random(s.dim), k = random(s.kvDim), v = random(s.kvDim)
                var keys = random(s.seqLen * s.kvDim), values = random(s.seqLen * s.kvDim)
                let out = try interpreter.run(["q": .float(q), "k": .float(k), "v": .float(v), "key_cache": .float(keys),
                                               "value_cache": .float(values), "pos": .raw([Int64(pos)]),
                                               "pos_block": .raw([Int64(pos / Attention.blockRows(s))])])
                let xb = Self.reference(s, q: q, k: k, v: v, keys: &keys, values: &values, pos: pos, lanes: lanes(s))
                let label = "\(style), heads \(s.heads)/\(s.kvHeads), pos \(pos)"
                guard case .float(let got)? = out["xb"], case .float(let gotKeys)? = out["key_cache"],
                      case .float(let gotValues)? = out["value_cache"] else { return XCTFail("\(label): missing outputs") }
                XCTAssertEqual(got.map(\.bitPattern), xb.map(\.bitPattern), label)
                XCTAssertEqual(gotKeys.map(\.bitPattern), keys.map(\.bitPattern), "\(label): key cache")
                XCTAssertEqual(gotValues.map(\.bitPattern), values.map(\.bitPattern), "\(label): value cache")
            }
        }
    }

    func testReferenceScheduleIsLlama2cBitForBit() throws {
        try check(.reference) { _ in Lanes() }
    }

    func testHardwareScheduleFollowsItsLanesBitForBit() throws {
        try check(.hardware) { s in Lanes(qk: Swift.min(8, s.headSize), max: 8, sum: 16) }
    }
}
