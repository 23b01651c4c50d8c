import HLSIR

/// Hot shape 4: float reductions over an elementwise body, such as softmax's `find_max` and
/// `exp_sum` (with its store of `expf(x[i] − max)`), attention's weighted sum
/// `Σ_t att[t] · v[t · kv_dim + i]` (strided, runtime trip count) or `Σ |x[i]|`: the body and
/// the value run as a `VectorProgram` over chunks (VectorCompiler.swift), then the chunk's
/// values are folded in increasing i into partial i mod K, exactly as the general loop does;
/// the partials are combined left to right. When buffers that may alias overlap (checked at
/// entry) the general loop runs instead.
extension KernelCompiler {
    func floatMapReduction(_ r: Reduction, lanes k: Int, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int,
                           initial: Code, result: VarSlot, general: @escaping () -> Void) -> Action? {
        guard r.result.type == .float32, r.value.type == .float32,
              case .float(let initialValue) = initial, case .float(let out) = result,
              let source = vectorProgram(r.body, variable: r.variable, counter: v),
              let value = vectorNode(r.value, source), source.sameNameAccessesAreDisjoint
        else { return nil }
        let values: (Int, Int) -> UnsafePointer<Float>
        switch value {
        case .vector(let f): values = f
        case .scalar(let f):
            let t = arena.allocate(Float.self, count: VectorProgram.chunk)
            values = { _, c in let x = f(); for j in 0..<c { t[j] = x }; return UnsafePointer(t) }
        default: return nil
        }
        let fold: (UnsafeMutablePointer<Float>, Int, Int, UnsafePointer<Float>, Int) -> Void
        switch r.op {
        case .add: fold = FloatFold.add
        case .max: fold = FloatFold.max
        case .min: fold = FloatFold.min
        }
        let partials = arena.allocate(Float.self, count: k)
        let program = source.compiled(arena: arena)
        return Action {
            let n = trip()
            guard program.bindAccesses(n) else { return general() }
            let start = initialValue()
            for j in 0..<k { partials[j] = start }
            // Element s + j goes into partial (s + j) mod K.
            program.run(n) { s, c in fold(partials, k, s % k, values(s, c), c) }
            out.pointee = LanePlan.combine(partials, count: k) { r.op.combine($0, $1) }
        }
    }
}

/// Folds a chunk of values into K partials, element j into partial (first + j) mod K.
enum FloatFold {
    static func add(_ p: UnsafeMutablePointer<Float>, _ k: Int, _ first: Int, _ v: UnsafePointer<Float>, _ c: Int) {
        if k == 1 {
            var acc = p[0]
            for j in 0..<c { acc = acc + v[j] }
            p[0] = acc
            return
        }
        var lane = first
        for j in 0..<c {
            p[lane] = p[lane] + v[j]
            lane &+= 1
            if lane == k { lane = 0 }
        }
    }

    static func max(_ p: UnsafeMutablePointer<Float>, _ k: Int, _ first: Int, _ v: UnsafePointer<Float>, _ c: Int) {
        if k == 1 {
            var acc = p[0]
            for j in 0..<c { acc = MinMax.max(acc, v[j]) }
            p[0] = acc
            return
        }
        var lane = first
        for j in 0..<c {
            let x = v[j]
            p[lane] = MinMax.max(p[lane], x)
            lane &+= 1
            if lane == k { lane = 0 }
        }
    }

    static func min(_ p: UnsafeMutablePointer<Float>, _ k: Int, _ first: Int, _ v: UnsafePointer<Float>, _ c: Int) {
        if k == 1 {
            var acc = p[0]
            for j in 0..<c { acc = MinMax.min(acc, v[j]) }
            p[0] = acc
            return
        }
        var lane = first
        for j in 0..<c {
            let x = v[j]
            p[lane] = MinMax.min(p[lane], x)
            lane &+= 1
            if lane == k { lane = 0 }
        }
    }
}
