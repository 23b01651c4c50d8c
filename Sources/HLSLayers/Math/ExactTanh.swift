import HLSIR

extension ExactMath {
    /// tanh(x) from `ExactMath.exp`: with a = |x| and e = e^(−2a),
    /// `t = (1 − e) / (1 + e)`, negated for x < 0 (x · −2 is exact; for a large e is 0 and
    /// t = 1). Its error is a few ULPs of 1 near 0 — absolute, not relative — which is what
    /// GELU's `1 + tanh(·)` sees. Recorded into `k` under names prefixed by `name`.
    public static func tanh(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        let xv = k.bind("\(name)_in", x)
        let a = k.bind("\(name)_a", abs(xv))
        let e = ExactMath.exp(k, a * -2.0, name: "\(name)_e")
        let t = k.bind("\(name)_pos", (1.0 - e) / (1.0 + e))
        return k.bind(name, select(xv < 0.0, -t, t))
    }
}

extension ProfileMath {
    /// tanh: libm's `tanhf` or `ExactMath.tanh`.
    public func tanh(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        profile == .libm ? k.bind(name, HLSIR.tanh(x)) : ExactMath.tanh(k, x, name: name)
    }
}
