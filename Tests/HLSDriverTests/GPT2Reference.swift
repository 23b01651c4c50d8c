import Foundation
import HLSModels

/// A plain-Swift transcription of llm.c's fp32 forward pass for one position
/// (/work/shared/guide/gpt2.md), written independently of the DSL, to check the forward
/// design's logits and generated ids on random checkpoints of any shape.
final class GPT2Reference {
    let c: GPT2Config
    let w: GPT2Checkpoint
    var keys: [Float], values: [Float]

    init(_ checkpoint: GPT2Checkpoint) {
        c = checkpoint.config
        w = checkpoint
        keys = [Float](repeating: 0, count: c.nLayers * c.maxSeqLen * c.channels)
        values = keys
    }

    private func layernorm(_ x: [Float], _ weight: ArraySlice<Float>, _ bias: ArraySlice<Float>) -> [Float] {
        let n = x.count
        var m: Float = 0
        for v in x { m += v }
        m = m / Float(n)
        var v: Float = 0
        for e in x { let d = e - m; v += d * d }
        v = v / Float(n)
        let s: Float = 1.0 / sqrtf(v + 1e-5)
        return (0..<n).map { i in (s * (x[i] - m)) * weight[weight.startIndex + i] + bias[bias.startIndex + i] }
    }

    private func matmul(_ x: [Float], _ wt: [Float], offset: Int, rows: Int, bias: [Float]?, biasOffset: Int = 0) -> [Float] {
        let n = x.count
        return (0..<rows).map { o in
            var val: Float = bias.map { $0[biasOffset + o] } ?? 0
            for i in 0..<n { val += x[i] * wt[offset + o * n + i] }
            return val
        }
    }

    func forward(token: Int, pos t: Int) -> [Float] {
        let C = c.channels, T = c.maxSeqLen, NH = c.nHeads, hs = C / NH
        let wte = w.tensor("wte"), wpe = w.tensor("wpe")
        var x = (0..<C).map { wte[token * C + $0] + wpe[t * C + $0] }
        let scale = Float(1.0 / Double(sqrtf(Float(hs))))
        let geluK = sqrtf(Float(2.0 / Double.pi))
        for l in 0..<c.nLayers {
            let ln1 = layernorm(x, w.tensor("ln1w")[(l * C)..<(l * C + C)], w.tensor("ln1b")[(l * C)..<(l * C + C)])
            let qkv = matmul(ln1, w.tensor("qkvw"), offset: l * 3 * C * C, rows: 3 * C, bias: w.tensor("qkvb"), biasOffset: l * 3 * C)
            let cache = l * T * C
            for i in 0..<C {
                keys[cache + t * C + i] = qkv[C + i]
                values[cache + t * C + i] = qkv[2 * C + i]
            }
            var out = [Float](repeating: 0, count: C)
            for h in 0..<NH {
                var att = [Float](repeating: 0, count: t + 1)
                var maxval: Float = -10000.0
                for t2 in 0...t {
                    var val: Float = 0
                    for i in 0..<hs { val += qkv[h * hs + i] * keys[cache + t2 * C + h * hs + i] }
                    val *= scale
                    if val > maxval { maxval = val }
                    att[t2] = val
                }
                var sum: Float = 0
                for t2 in 0...t {
                    att[t2] = expf(att[t2] - maxval)
                    sum += att[t2]
                }
                let inv: Float = sum == 0 ? 0 : 1.0 / sum
                for t2 in 0...t { att[t2] *= inv }
                for t2 in 0...t {
                    for i in 0..<hs { out[h * hs + i] += att[t2] * values[cache + t2 * C + h * hs + i] }
                }
            }
            let proj = matmul(out, w.tensor("attprojw"), offset: l * C * C, rows: C, bias: w.tensor("attprojb"), biasOffset: l * C)
            for i in 0..<C { x[i] = x[i] + proj[i] }
            let ln2 = layernorm(x, w.tensor("ln2w")[(l * C)..<(l * C + C)], w.tensor("ln2b")[(l * C)..<(l * C + C)])
            var hidden = matmul(ln2, w.tensor("fcw"), offset: l * 4 * C * C, rows: 4 * C, bias: w.tensor("fcb"), biasOffset: l * 4 * C)
            for i in hidden.indices {
                let v = hidden[i]
                let cube = 0.044715 * v * v * v
                hidden[i] = 0.5 * v * (1.0 + tanhf(geluK * (v + cube)))
            }
            let fcproj = matmul(hidden, w.tensor("fcprojw"), offset: l * C * 4 * C, rows: C, bias: w.tensor("fcprojb"), biasOffset: l * C)
            for i in 0..<C { x[i] = x[i] + fcproj[i] }
        }
        let xf = layernorm(x, w.tensor("lnfw")[...], w.tensor("lnfb")[...])
        return matmul(xf, wte, offset: 0, rows: c.paddedVocabSize, bias: nil)
    }
}
