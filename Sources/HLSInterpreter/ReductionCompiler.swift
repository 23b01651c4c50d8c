import HLSIR

/// Reductions with K lanes (docs/numerics.md "Reductions"): element i goes into partial
/// i mod K in increasing i, partial 0 starts at the initial value and the others at 0 for a
/// sum (the initial value for max and min), then
/// `r = p[0]; r = r ⊕ p[1]; …`. The hot shapes are recognised first (IntDotProduct.swift,
/// FloatReduction.swift); everything else runs this general loop.
extension KernelCompiler {
    func lanes(of r: Reduction) -> Int { bound.loop(r.name).lanes }

    func reduction(_ r: Reduction) -> () -> Void {
        let k = lanes(of: r)
        let trip = tripCount(r.bound, r.name)
        let initial = expr(r.initial)
        let result = slotFor(r.result)
        let (v, restore) = enterLoop(r.variable)
        defer { restore() }
        // The fast paths start every partial at the initial value: the rule's own start when
        // there is one lane, for max and min, and for a sum from 0.
        let startsAlike = r.partialsStartAlike(lanes: k)
        guard specialise && startsAlike else { return generalReduction(r, lanes: k, counter: v, trip: trip, initial: initial, result: result) }
        if let fast = intDotProduct(r, lanes: k, counter: v, trip: trip, initial: initial, result: result) {
            return specialised(r.name, "int8 dot product", fast)
        }
        if let fast = groupedDotProduct(r, lanes: k, trip: trip, initial: initial, result: result) {
            return specialised(r.name, "grouped int8 dot product", fast)
        }
        if let fast = floatSum(r, lanes: k, trip: trip, initial: initial, result: result) {
            return specialised(r.name, "float sum", fast)
        }
        let general = generalReduction(r, lanes: k, counter: v, trip: trip, initial: initial, result: result)
        if let fast = floatMapReduction(r, lanes: k, counter: v, trip: trip, initial: initial, result: result, general: general) {
            return specialised(r.name, "float map-reduce", fast)
        }
        return general
    }

    /// The documented K-lane loop over compiled closures, for any reduction.
    private func generalReduction(_ r: Reduction, lanes k: Int, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int,
                                  initial: Code, result: VarSlot) -> () -> Void {
        let body = block(r.body)
        let value = expr(r.value)
        switch (r.result.type, initial, value, result) {
        case (.float32, .float(let i), .float(let x), .float(let out)):
            let op: (Float, Float) -> Float
            switch r.op {
            case .add: op = { $0 + $1 }
            case .max: op = { acc, v in MinMax.max(acc, v) }
            case .min: op = { acc, v in MinMax.min(acc, v) }
            }
            return KernelCompiler.lanesLoop(k, arena: arena, counter: v, trip: trip, initial: i, rest: r.op == .add ? 0 : nil,
                                            body: body, value: x, combine: op, result: out)
        case (.int(let t), .int(let i), .int(let x), .int(let out)):
            let w = Conversions.wrapped(t)
            let op: (Int64, Int64) -> Int64
            switch r.op {
            case .add: op = { w($0 &+ $1) }
            case .max: op = { acc, v in IntegerArithmetic.less(acc, v, t) ? v : acc }
            case .min: op = { acc, v in IntegerArithmetic.less(v, acc, t) ? v : acc }
            }
            return KernelCompiler.lanesLoop(k, arena: arena, counter: v, trip: trip, initial: i, rest: r.op == .add ? 0 : nil,
                                            body: body, value: x, combine: op, result: out)
        case (.fixed(let t), .int(let i), .int(let x), .int(let out)):
            let op: (Int64, Int64) -> Int64
            let unsigned64 = !t.signed && t.width == 64
            let less: (Int64, Int64) -> Bool = unsigned64 ? { UInt64(bitPattern: $0) < UInt64(bitPattern: $1) } : { $0 < $1 }
            switch r.op {
            // `acc = acc + v`: the exact sum quantized into the accumulator's type.
            case .add:
                let s = t.signed
                op = { FixedPoint.fit(FixedPoint.wide($0, signed: s) + FixedPoint.wide($1, signed: s), into: t) }
            case .max: op = { acc, v in less(acc, v) ? v : acc }
            case .min: op = { acc, v in less(v, acc) ? v : acc }
            }
            return KernelCompiler.lanesLoop(k, arena: arena, counter: v, trip: trip, initial: i, rest: r.op == .add ? 0 : nil,
                                            body: body, value: x, combine: op, result: out)
        default: Code.excluded("a reduction of type \(r.result.type)")
        }
    }

    /// The general K-lane loop on floats (not generic: closures of a generic
    /// type would go through reabstraction thunks on every call).
    static func lanesLoop(_ k: Int, arena: Arena, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int,
                             initial: @escaping () -> Float, rest: Float?, body: @escaping () -> Void, value: @escaping () -> Float,
                             combine: @escaping (Float, Float) -> Float, result: UnsafeMutablePointer<Float>) -> () -> Void {
        if k == 1 {
            return {
                let n = trip()
                var acc = initial()
                for i in 0..<n {
                    v.pointee = i
                    body()
                    acc = combine(acc, value())
                }
                result.pointee = acc
            }
        }
        let p = arena.allocate(Float.self, count: k)
        return {
            let n = trip()
            // Partial 0 from the initial value, the others from `rest` (nil: the initial value).
            let start = initial()
            p[0] = start
            for j in 1..<k { p[j] = rest ?? start }
            var lane = 0
            for i in 0..<n {
                v.pointee = i
                body()
                p[lane] = combine(p[lane], value())
                lane += 1
                if lane == k { lane = 0 }
            }
            result.pointee = LanePlan.combine(p, count: k, combine)
        }
    }

    /// The general K-lane loop on raws of ints and fixed point.
    static func lanesLoop(_ k: Int, arena: Arena, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int,
                             initial: @escaping () -> Int64, rest: Int64?, body: @escaping () -> Void, value: @escaping () -> Int64,
                             combine: @escaping (Int64, Int64) -> Int64, result: UnsafeMutablePointer<Int64>) -> () -> Void {
        if k == 1 {
            return {
                let n = trip()
                var acc = initial()
                for i in 0..<n {
                    v.pointee = i
                    body()
                    acc = combine(acc, value())
                }
                result.pointee = acc
            }
        }
        let p = arena.allocate(Int64.self, count: k)
        return {
            let n = trip()
            // Partial 0 from the initial value, the others from `rest` (nil: the initial value).
            let start = initial()
            p[0] = start
            for j in 1..<k { p[j] = rest ?? start }
            var lane = 0
            for i in 0..<n {
                v.pointee = i
                body()
                p[lane] = combine(p[lane], value())
                lane += 1
                if lane == k { lane = 0 }
            }
            result.pointee = LanePlan.combine(p, count: k, combine)
        }
    }

}
