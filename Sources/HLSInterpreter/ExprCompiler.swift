import HLSIR
#if canImport(Glibc)
import Glibc
#endif

/// Expressions → closures. Loads fold their affine index into the same closure, so a typical
/// access costs one indirect call.
extension KernelCompiler {
    func expr(_ e: Expr) -> Code {
        switch e.node {
        case .floatConst(let v): return .float { v }
        case .intConst(let r), .fixedConst(let r):
            let v = e.type.canonicalRaw(r)
            return .int { v }
        case .boolConst(let v): return .bool { v }
        case .invalid(let m): Code.excluded("an invalid expression (\(m))")
        case .variable(let v):
            switch slotFor(v) {
            case .float(let p): return .float { p.pointee }
            case .int(let p): return .int { p.pointee }
            case .bool(let p): return .bool { p.pointee }
            }
        case .load(let name, let indices):
            return load(name, indices)
        case .index(let i):
            let x = index(i).closure
            if case .int(let t) = e.type {
                let w = Conversions.wrapped(t)
                return .int { w(Int64(x())) }
            }
            return .float { Float(x()) }
        case .unary(let op, let a): return unary(op, a, e.type)
        case .binary(let op, let a, let b): return binary(op, a, b, e.type)
        case .compare(let op, let a, let b): return compare(op, a, b)
        case .select(let c, let a, let b):
            let cc = expr(c).b
            switch (expr(a), expr(b)) {
            case (.float(let x), .float(let y)): return .float { cc() ? x() : y() }
            case (.int(let x), .int(let y)): return .int { cc() ? x() : y() }
            case (.bool(let x), .bool(let y)): return .bool { cc() ? x() : y() }
            default: Code.excluded("a select whose branches differ in kind")
            }
        case .cast(let a): return Conversions.cast(expr(a), from: a.type, to: e.type)
        case .bitcast(let a): return Conversions.bitcast(expr(a), from: a.type, to: e.type)
        case .math(let f, let args): return math(f, args.map { expr($0).f })
        }
    }

    // MARK: Loads

    func load(_ name: String, _ indices: [Index]) -> Code {
        guard let b = out.buffers[name] else { return .int { 0 } }
        let ic = index(b.linear(indices))
        let slot = b.slot
        switch b.kind {
        case .f32: return .float(floatLoad(slot, ic))
        case .i8: return intLoad(Int8.self, slot, ic, b.buffer.elementType)
        case .u8: return intLoad(UInt8.self, slot, ic, b.buffer.elementType)
        case .i16: return intLoad(Int16.self, slot, ic, b.buffer.elementType)
        case .u16: return intLoad(UInt16.self, slot, ic, b.buffer.elementType)
        case .i32: return intLoad(Int32.self, slot, ic, b.buffer.elementType)
        case .u32: return intLoad(UInt32.self, slot, ic, b.buffer.elementType)
        case .i64: return intLoad(Int64.self, slot, ic, b.buffer.elementType)
        }
    }

    // Closures are built with concrete result types: a closure typed `() -> T` for a generic
    // T would go through a reabstraction thunk on every call.

    func floatLoad(_ slot: UnsafeMutablePointer<UnsafeMutableRawPointer>, _ ic: IndexCode) -> () -> Float {
        switch ic {
        case .constant(let c):
            return { slot.pointee.assumingMemoryBound(to: Float.self)[c] }
        case .one(let c, let k, let p):
            return { slot.pointee.assumingMemoryBound(to: Float.self)[c &+ k &* p.pointee] }
        case .two(let c, let k1, let p1, let k2, let p2):
            return { slot.pointee.assumingMemoryBound(to: Float.self)[c &+ k1 &* p1.pointee &+ k2 &* p2.pointee] }
        case .general(let f):
            return { slot.pointee.assumingMemoryBound(to: Float.self)[f()] }
        }
    }

    private func intLoad<T: FixedWidthInteger>(_: T.Type, _ slot: UnsafeMutablePointer<UnsafeMutableRawPointer>,
                                               _ ic: IndexCode, _ type: ScalarType) -> Code {
        let raw: () -> Int64
        switch ic {
        case .constant(let c):
            raw = { Int64(truncatingIfNeeded: slot.pointee.assumingMemoryBound(to: T.self)[c]) }
        case .one(let c, let k, let p):
            raw = { Int64(truncatingIfNeeded: slot.pointee.assumingMemoryBound(to: T.self)[c &+ k &* p.pointee]) }
        case .two(let c, let k1, let p1, let k2, let p2):
            raw = {
                Int64(truncatingIfNeeded: slot.pointee.assumingMemoryBound(to: T.self)[c &+ k1 &* p1.pointee &+ k2 &* p2.pointee])
            }
        case .general(let f):
            raw = { Int64(truncatingIfNeeded: slot.pointee.assumingMemoryBound(to: T.self)[f()]) }
        }
        if type == .bool { return .bool { raw() != 0 } }
        return .int(raw)
    }

    // MARK: Operators

    private func unary(_ op: UnaryOp, _ a: Expr, _ type: ScalarType) -> Code {
        let x = expr(a)
        switch (op, a.type) {
        case (.neg, .float32): let f = x.f; return .float { -f() }
        case (.abs, .float32): let f = x.f; return .float { f().magnitude }
        case (.neg, .int(let t)):
            let f = x.i, w = Conversions.wrapped(t)
            return .int { w(0 &- f()) }
        case (.not, .int(let t)):
            let f = x.i, w = Conversions.wrapped(t)
            return .int { w(~f()) }
        case (.neg, .fixed):
            // ⟨W+1, I+1⟩ holds the exact negation.
            let f = x.i
            return .int { 0 &- f() }
        case (.logicalNot, .bool): let f = x.b; return .bool { !f() }
        default: Code.excluded("\(op) on \(type)")
        }
    }

    private func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ type: ScalarType) -> Code {
        let x = expr(a), y = expr(b)
        switch (a.type, b.type) {
        case (.float32, .float32):
            let p = x.f, q = y.f
            switch op {
            case .add: return .float { p() + q() }
            case .sub: return .float { p() - q() }
            case .mul: return .float { p() * q() }
            case .div: return .float { p() / q() }
            case .min: return .float { MinMax.min(p(), q()) }
            case .max: return .float { MinMax.max(p(), q()) }
            default: Code.excluded("\(op) on float32")
            }
        case (.int(let t), .int):
            return integerBinary(op, x.i, y.i, t)
        case (.fixed(let ta), .fixed(let tb)):
            let p = x.i, q = y.i
            guard let tr = type.fixedType else { Code.excluded("a fixed-point \(op) typed \(type)") }
            // The result format holds the exact value, so 64-bit wrapping arithmetic on the
            // aligned operands yields its canonical raw (see docs/numerics.md).
            let da = Int64(tr.fractionBits - ta.fractionBits), db = Int64(tr.fractionBits - tb.fractionBits)
            switch op {
            case .add: return .int { (p() &<< da) &+ (q() &<< db) }
            case .sub: return .int { (p() &<< da) &- (q() &<< db) }
            case .mul: return .int { p() &* q() }
            case .min, .max:
                let unsigned64 = !ta.signed && ta.width == 64
                let isMin = op == .min
                return .int {
                    let u = p(), v = q()
                    let less = unsigned64 ? UInt64(bitPattern: v) < UInt64(bitPattern: u) : v < u
                    let greater = unsigned64 ? UInt64(bitPattern: v) > UInt64(bitPattern: u) : v > u
                    return (isMin ? less : greater) ? v : u
                }
            default: Code.excluded("\(op) on fixed point")
            }
        case (.bool, .bool):
            let p = x.b, q = y.b
            return op == .logicalAnd ? .bool { p() && q() } : .bool { p() || q() }
        default:
            Code.excluded("\(op) on \(a.type) and \(b.type)")
        }
    }

    private func integerBinary(_ op: BinaryOp, _ p: @escaping () -> Int64, _ q: @escaping () -> Int64, _ t: IntType) -> Code {
        let width = t.width, signed = t.signed
        // Wraps to W bits; inlined in each closure so the common ops cost one call.
        @inline(__always) func w(_ v: Int64) -> Int64 { IntegerArithmetic.wrap(v, width: width, signed: signed) }
        switch op {
        case .add: return .int { w(p() &+ q()) }
        case .sub: return .int { w(p() &- q()) }
        case .mul: return .int { w(p() &* q()) }
        case .and: return .int { p() & q() }
        case .or: return .int { p() | q() }
        case .xor: return .int { p() ^ q() }
        case .shl: return .int { w(p() &<< q()) }
        case .shr: return .int { IntegerArithmetic.shiftRight(p(), q(), t) }
        case .min: return .int { let u = p(), v = q(); return IntegerArithmetic.less(v, u, t) ? v : u }
        case .max: return .int { let u = p(), v = q(); return IntegerArithmetic.less(u, v, t) ? v : u }
        default: return .int { 0 }
        }
    }

    private func compare(_ op: CompareOp, _ a: Expr, _ b: Expr) -> Code {
        let x = expr(a), y = expr(b)
        switch (a.type, b.type) {
        case (.float32, .float32):
            let p = x.f, q = y.f
            switch op {
            case .lt: return .bool { p() < q() }
            case .le: return .bool { p() <= q() }
            case .gt: return .bool { p() > q() }
            case .ge: return .bool { p() >= q() }
            case .eq: return .bool { p() == q() }
            case .ne: return .bool { p() != q() }
            }
        case (.int(let t), .int):
            let p = x.i, q = y.i
            if t.signed || t.width < 64 { return Code.ordered(op) { (p(), q()) } }
            return Code.ordered(op) { (UInt64(bitPattern: p()), UInt64(bitPattern: q())) }
        case (.fixed(let ta), .fixed(let tb)):
            let p = x.i, q = y.i
            if ta.fractionBits == tb.fractionBits {
                return Code.ordered(op) { (FixedPoint.wide(p(), signed: ta.signed), FixedPoint.wide(q(), signed: tb.signed)) }
            }
            return Code.ordered(op) { (FixedPoint.compare(p(), ta, q(), tb), 0) }
        default:
            Code.excluded("a comparison of \(a.type) and \(b.type)")
        }
    }

    private func math(_ f: MathFunction, _ args: [() -> Float]) -> Code {
        let a = args.first ?? { 0 }
        switch f {
        case .expf: return .float { expf(a()) }
        case .sqrtf: return .float { sqrtf(a()) }
        case .sinf: return .float { sinf(a()) }
        case .cosf: return .float { cosf(a()) }
        case .roundf: return .float { roundf(a()) }
        case .floorf: return .float { floorf(a()) }
        case .tanhf: return .float { tanhf(a()) }
        case .powf:
            let b = args.count > 1 ? args[1] : { 0 }
            return .float { powf(a(), b()) }
        }
    }
}

extension Code {
    /// A comparison of two ordered values produced together.
    static func ordered<T: Comparable>(_ op: CompareOp, _ pair: @escaping () -> (T, T)) -> Code {
        switch op {
        case .lt: return .bool { let (u, v) = pair(); return u < v }
        case .le: return .bool { let (u, v) = pair(); return u <= v }
        case .gt: return .bool { let (u, v) = pair(); return u > v }
        case .ge: return .bool { let (u, v) = pair(); return u >= v }
        case .eq: return .bool { let (u, v) = pair(); return u == v }
        case .ne: return .bool { let (u, v) = pair(); return u != v }
        }
    }
}
