import Foundation
import HLSIR

/// Rotary position embedding in integers: int32 vectors (any common scale: a rotation keeps
/// it), cos and sin from int16 tables in Q14 (`IntegerRoPE.tables`, seq_len × head_size/2,
/// computed in Double from llama2.c's float frequencies and rounded half away from zero):
/// `v0' = ⌊(v0·c − v1·s + 2^13) / 2^14⌋`, `v1' = ⌊(v0·s + v1·c + 2^13) / 2^14⌋` (int64, then int32;
/// |v| < 2^30 keeps the result in range).
public enum IntegerRoPE {
    public static let fraction = 14

    /// Kernel `name(q, k, pos)` over int32 q (dim) and k (kv_dim). Loops: `rotate_q`, `rotate_k`.
    public static func kernel(_ name: String = "int_rope", shape s: LlamaShape) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let q = k.inputOutput("q", .int32, count: s.dim)
        let kv = k.inputOutput("k", .int32, count: s.kvDim)
        let pos = k.size("pos", max: s.seqLen - 1)
        let half = s.headSize / 2
        let (c, sn) = tables(s)
        let cosT = k.table("rope_cos", .int16, values: c.map(Double.init))
        let sinT = k.table("rope_sin", .int16, values: sn.map(Double.init))
        let round = IntegerOps.i64(1 << (fraction - 1))
        for (label, vec, count) in [("rotate_q", q, s.dim), ("rotate_k", kv, s.kvDim)] {
            k.loop(label, count / 2, index: "p") { p in
                let fc = k.bind("\(label)_c", cosT[pos.index * half + p % half].cast(.int64))
                let fs = k.bind("\(label)_s", sinT[pos.index * half + p % half].cast(.int64))
                let v0 = k.bind("\(label)_v0", vec[2 * p].cast(.int64))
                let v1 = k.bind("\(label)_v1", vec[2 * p + 1].cast(.int64))
                vec[2 * p] = ((v0 * fc - v1 * fs + round) >> fraction).cast(.int32)
                vec[2 * p + 1] = ((v0 * fs + v1 * fc + round) >> fraction).cast(.int32)
            }
        }
        return try k.build()
    }

    /// cos and sin of pos · freq(j) in Q14 for pos in 0..<seq_len, j in 0..<head_size/2.
    public static func tables(_ s: LlamaShape) -> ([Int16], [Int16]) {
        let (c, sn) = RoPE.tables(s)
        let q = { (v: Double) in Int16((v * Double(1 << fraction)).rounded()) }
        return (c.map(q), sn.map(q))
    }

    public static func schedule(_ name: String = "int_rope") -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).rotate_q")
        s.pipeline("\(name).rotate_k")
        return s
    }
}
