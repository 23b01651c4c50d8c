import HLSIR

/// Hot shape 3: elementwise float loops, such as `out[base + i] = f(x[base_x + i], …)`, RoPE's
/// rotations with libm calls, SiLU and the Q8_0 quantization of values: a loop whose body
/// `vectorProgram` accepts (VectorCompiler.swift) runs statement by statement over chunks of
/// up to 512 iterations. Elementwise IEEE operations and per-element libm calls give the
/// same bits in any grouping, and the program proves or checks (at loop entry, for buffers
/// that may alias through sub-function arguments) that no iteration touches an element
/// another one writes; otherwise the loop runs element by element.
extension KernelCompiler {
    func floatMap(_ l: Loop, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int) -> Action? {
        guard l.body.contains(where: { if case .store = $0 { return true } else { return false } }),
              let program = vectorProgram(l.body, variable: l.variable, counter: v)?.compiled(arena: arena)
        else { return nil }
        let scalarBody = block(l.body)
        return Action {
            let n = trip()
            guard program.bindAccesses(n) else {
                for i in 0..<n {
                    v.pointee = i
                    scalarBody()
                }
                return
            }
            program.run(n)
        }
    }

    /// One elementwise operation as loops over a chunk (vector ⊙ vector, vector ⊙ scalar,
    /// scalar ⊙ vector), each written so LLVM vectorizes it, and its scalar form.
    struct MapOp {
        let scalar: (Float, Float) -> Float
        let vv: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
        let vs: (UnsafePointer<Float>, Float, UnsafeMutablePointer<Float>, Int) -> Void
        let sv: (Float, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    }

    static func mapOp(_ op: BinaryOp) -> MapOp? {
        switch op {
        case .add:
            return MapOp(scalar: { $0 + $1 },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = a[j] + b[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = a[j] + s } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = s + b[j] } })
        case .sub:
            return MapOp(scalar: { $0 - $1 },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = a[j] - b[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = a[j] - s } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = s - b[j] } })
        case .mul:
            return MapOp(scalar: { $0 * $1 },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = a[j] * b[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = a[j] * s } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = s * b[j] } })
        case .div:
            return MapOp(scalar: { $0 / $1 },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = a[j] / b[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = a[j] / s } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = s / b[j] } })
        case .min:
            return MapOp(scalar: { a, b in MinMax.min(a, b) },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = b[j] < a[j] ? b[j] : a[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = s < a[j] ? s : a[j] } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = b[j] < s ? b[j] : s } })
        case .max:
            return MapOp(scalar: { a, b in MinMax.max(a, b) },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = b[j] > a[j] ? b[j] : a[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = s > a[j] ? s : a[j] } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = b[j] > s ? b[j] : s } })
        default:
            return nil
        }
    }
}
