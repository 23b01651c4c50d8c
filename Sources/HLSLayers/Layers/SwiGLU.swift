import HLSIR

/// The SwiGLU feed-forward block of llama2.c:
/// `h = w1·x; g = w3·x; h[i] = h[i] · (1 / (1 + exp(−h[i]))) · g[i]; out = w2·h`.
public enum SwiGLU {
    /// Kernel `name(out, x, w1, w3, w2)` with sub-functions `<name>_up` (dim → hidden, used
    /// for w1 and w3) and `<name>_down` (hidden → dim). Loop: `gate`; locals `hb`, `hb2`.
    public static func kernels(_ name: String = "swiglu_ffn", dim: Int, hidden: Int,
                               profile: MathProfile = .libm) throws(DesignError) -> [Kernel] {
        let up = try MatVec.kernel("\(name)_up", n: dim, d: hidden)
        let down = try MatVec.kernel("\(name)_down", n: hidden, d: dim)
        let k = KernelBuilder(name)
        let out = k.output("out", .float32, count: dim)
        let x = k.input("x", .float32, count: dim)
        let w1 = k.input("w1", .float32, count: dim * hidden)
        let w3 = k.input("w3", .float32, count: dim * hidden)
        let w2 = k.input("w2", .float32, count: dim * hidden)
        let hb = k.local("hb", .float32, shape: [hidden])
        let hb2 = k.local("hb2", .float32, shape: [hidden])
        k.call(up, [hb.from(), x.from(), w1.from()])
        k.call(up, [hb2.from(), x.from(), w3.from()])
        let math = ProfileMath(profile)
        k.loop("gate", hidden) { i in
            let v = k.bind("v", hb[i])
            let e = math.exp(k, -v, name: "e")
            let silu = k.bind("silu", v * (1.0 / (1.0 + e)))
            hb[i] = silu * hb2[i]
        }
        k.call(down, [out.from(), hb.from(), w2.from()])
        return [up, down, try k.build()]
    }

    public static func schedule(_ name: String = "swiglu_ffn", lanes: Int, unroll: Int) -> Schedule {
        var s = MatVec.schedule("\(name)_up", lanes: lanes, unroll: unroll)
            .merged(with: MatVec.schedule("\(name)_down", lanes: lanes, unroll: unroll))
        s.pipeline("\(name).gate")
        return s
    }
}
