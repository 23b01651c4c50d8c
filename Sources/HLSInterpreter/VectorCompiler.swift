import HLSIR
#if canImport(Glibc)
import Glibc
#endif

/// Compiles loop bodies to `VectorProgram`s: float binds, float stores (and stores of a float
/// converted to an integer type), loads with any constant stride, loop-invariant variables
/// and loads, float `+ − × / min max neg abs`, comparisons, `select`, index values and libm
/// calls. Anything else (nested loops, calls, branches, assignments, integer arithmetic)
/// leaves the loop to the general closures. Every operation is the same IEEE operation or
/// the same glibc call as in ExprCompiler.swift, applied to each element.
extension KernelCompiler {
    /// The program for `body` over loop variable `variable`, or nil when a statement or
    /// expression is outside the supported set or same-name accesses may overlap.
    func vectorProgram(_ body: [Stmt], variable: String, counter: UnsafeMutablePointer<Int>) -> VectorProgram? {
        let p = VectorProgram(variable: variable, counter: counter)
        for s in body {
            guard let step = vectorStep(s, p) else { return nil }
            p.steps.append(step)
        }
        return p.sameNameAccessesAreDisjoint ? p : nil
    }

    private func vectorStep(_ s: Stmt, _ p: VectorProgram) -> VectorProgram.Step? {
        switch s {
        case .bind(let v, let e), .declare(let v, let e):
            // A declared variable is a bind unless the body assigns it, which is rejected below.
            guard v.type == .float32, e.type == .float32, let node = vectorNode(e, p) else { return nil }
            switch node {
            case .vector(let f):
                // Copied, so that a later store cannot change a bound value that aliases a buffer.
                let t = arena.allocate(Float.self, count: VectorProgram.chunk)
                let slot = slotFor(v)
                p.bound[v.name] = .vector { _, _ in UnsafePointer(t) }
                return { s, c in
                    let u = f(s, c)
                    for j in 0..<c { t[j] = u[j] }
                    // The slot holds the last iteration's value, as after the scalar loop.
                    if case .float(let q) = slot { q.pointee = t[c &- 1] }
                }
            case .scalar(let f):
                let cell = arena.allocate(Float.self, count: 1)
                p.bound[v.name] = .scalar { cell.pointee }
                let slot = slotFor(v)
                return { _, _ in
                    cell.pointee = f()
                    if case .float(let q) = slot { q.pointee = cell.pointee }
                }
            default:
                return nil
            }
        case .store(let name, let indices, let value):
            guard let b = out.buffers[name] else { return nil }
            let linear = b.linear(indices)
            guard let st = stride(of: linear, along: p.variable), st.coefficient != 0 else { return nil }
            if b.kind == .f32 {
                guard value.type == .float32, let node = vectorNode(value, p) else { return nil }
                let cell = access(p, name, b, linear, st, isStore: true)
                return VectorStores.float(cell, st.coefficient, node)
            }
            // An integer store of a converted float: the conversion of Conversions.cast.
            guard case .int(let t) = b.buffer.elementType, value.type == b.buffer.elementType,
                  case .cast(let inner) = value.node, inner.type == .float32, let node = vectorNode(inner, p)
            else { return nil }
            let cell = access(p, name, b, linear, st, isStore: true)
            let w = Conversions.wrapped(t)
            let c = st.coefficient
            switch b.kind {
            case .i8: return VectorStores.integer(Int8.self, cell, c, node, w)
            case .u8: return VectorStores.integer(UInt8.self, cell, c, node, w)
            case .i16: return VectorStores.integer(Int16.self, cell, c, node, w)
            case .u16: return VectorStores.integer(UInt16.self, cell, c, node, w)
            case .i32: return VectorStores.integer(Int32.self, cell, c, node, w)
            case .u32: return VectorStores.integer(UInt32.self, cell, c, node, w)
            case .i64: return VectorStores.integer(Int64.self, cell, c, node, w)
            case .f32: return nil
            }
        default:
            return nil
        }
    }

    /// Registers an access and returns the cell that holds its base address during a run.
    private func access(_ p: VectorProgram, _ name: String, _ b: BufferSlot, _ linear: Index,
                        _ st: (coefficient: Int, base: () -> Int), isStore: Bool) -> UnsafeMutablePointer<UnsafeMutableRawPointer> {
        let cell = arena.allocate(UnsafeMutableRawPointer.self, count: 1)
        p.accesses.append(VectorProgram.Access(name: name, slot: b.slot, base: st.base, coefficient: st.coefficient,
                                               bytes: b.kind.bytes, isStore: isStore, linear: linear, cell: cell))
        return cell
    }

    func vectorNode(_ e: Expr, _ p: VectorProgram) -> VectorNode? {
        switch e.node {
        case .floatConst(let c):
            return .scalar { c }
        case .boolConst(let c):
            return .flag { c }
        case .variable(let v):
            if let n = p.bound[v.name] { return n }
            guard case .float(let q) = slotFor(v) else { return nil }
            return .scalar { q.pointee }
        case .load(let name, let indices):
            guard let b = out.buffers[name], b.kind == .f32 else { return nil }
            let linear = b.linear(indices)
            guard let st = stride(of: linear, along: p.variable) else { return nil }
            let cell = access(p, name, b, linear, st, isStore: false)
            let c = st.coefficient
            if c == 0 { return .scalar { cell.pointee.assumingMemoryBound(to: Float.self).pointee } }
            if c == 1 { return .vector { s, _ in UnsafePointer(cell.pointee.assumingMemoryBound(to: Float.self) + s) } }
            let t = arena.allocate(Float.self, count: VectorProgram.chunk)
            return .vector { s, n in
                let q = cell.pointee.assumingMemoryBound(to: Float.self)
                for j in 0..<n { t[j] = q[(s &+ j) &* c] }
                return UnsafePointer(t)
            }
        case .index(let i):
            guard e.type == .float32 else { return nil }
            return indexNode(i, p)
        case .unary(let op, let a):
            guard a.type == .float32, op == .neg || op == .abs, let x = vectorNode(a, p) else { return nil }
            return VectorOps.map(x, arena) { op == .neg ? -$0 : $0.magnitude }
        case .binary(let op, let a, let b):
            guard a.type == .float32, b.type == .float32, let x = vectorNode(a, p), let y = vectorNode(b, p),
                  let fn = KernelCompiler.mapOp(op)
            else { return nil }
            return VectorOps.binary(x, y, fn, arena)
        case .compare(let op, let a, let b):
            guard a.type == .float32, b.type == .float32, let x = vectorNode(a, p), let y = vectorNode(b, p) else { return nil }
            return VectorOps.compare(op, x, y, arena)
        case .select(let c, let a, let b):
            guard e.type == .float32, let m = vectorNode(c, p), let x = vectorNode(a, p), let y = vectorNode(b, p) else { return nil }
            return VectorOps.select(m, x, y, arena)
        case .cast(let a):
            // float → float is the identity; other conversions go to the general closures.
            guard a.type == .float32, e.type == .float32 else { return nil }
            return vectorNode(a, p)
        case .math(let f, let args):
            let nodes = args.compactMap { vectorNode($0, p) }
            guard nodes.count == args.count, args.allSatisfy({ $0.type == .float32 }) else { return nil }
            switch f {
            case .expf: return VectorOps.map(nodes[0], arena) { expf($0) }
            case .sqrtf: return VectorOps.map(nodes[0], arena) { sqrtf($0) }
            case .sinf: return VectorOps.map(nodes[0], arena) { sinf($0) }
            case .cosf: return VectorOps.map(nodes[0], arena) { cosf($0) }
            case .roundf: return VectorOps.map(nodes[0], arena) { roundf($0) }
            case .floorf: return VectorOps.map(nodes[0], arena) { floorf($0) }
            case .tanhf: return VectorOps.map(nodes[0], arena) { tanhf($0) }
            case .powf:
                guard nodes.count == 2 else { return nil }
                return VectorOps.binary(nodes[0], nodes[1], MapOp(scalar: { powf($0, $1) },
                    vv: { a, b, o, c in for j in 0..<c { o[j] = powf(a[j], b[j]) } },
                    vs: { a, s, o, c in for j in 0..<c { o[j] = powf(a[j], s) } },
                    sv: { s, b, o, c in for j in 0..<c { o[j] = powf(s, b[j]) } }), arena)
            }
        default:
            return nil
        }
    }

    /// `(float)index`: from its stride when affine in the loop variable, else evaluated per
    /// iteration with the counter set (and reset to 0, which the base closures expect).
    private func indexNode(_ i: Index, _ p: VectorProgram) -> VectorNode {
        let counter = p.counter
        if let st = stride(of: i, along: p.variable) {
            let c = st.coefficient, base = st.base
            if c == 0 { return .scalar { Float(base()) } }
            let t = arena.allocate(Float.self, count: VectorProgram.chunk)
            return .vector { s, n in
                let b = base()
                for j in 0..<n { t[j] = Float(b &+ (s &+ j) &* c) }
                return UnsafePointer(t)
            }
        }
        let f = index(i).closure
        let t = arena.allocate(Float.self, count: VectorProgram.chunk)
        return .vector { s, n in
            for j in 0..<n {
                counter.pointee = s &+ j
                t[j] = Float(f())
            }
            counter.pointee = 0
            return UnsafePointer(t)
        }
    }
}

/// Elementwise operations on vector nodes.
enum VectorOps {
    static func map(_ x: VectorNode, _ arena: Arena, _ f: @escaping (Float) -> Float) -> VectorNode? {
        switch x {
        case .scalar(let s): return .scalar { f(s()) }
        case .vector(let v):
            let t = arena.allocate(Float.self, count: VectorProgram.chunk)
            return .vector { s, c in
                let u = v(s, c)
                for j in 0..<c { t[j] = f(u[j]) }
                return UnsafePointer(t)
            }
        default: return nil
        }
    }

    static func binary(_ x: VectorNode, _ y: VectorNode, _ fn: KernelCompiler.MapOp, _ arena: Arena) -> VectorNode? {
        let t = arena.allocate(Float.self, count: VectorProgram.chunk)
        switch (x, y) {
        case (.scalar(let p), .scalar(let q)): let f = fn.scalar; return .scalar { f(p(), q()) }
        case (.vector(let p), .vector(let q)):
            let run = fn.vv
            return .vector { i, c in run(p(i, c), q(i, c), t, c); return UnsafePointer(t) }
        case (.vector(let p), .scalar(let q)):
            let run = fn.vs
            return .vector { i, c in run(p(i, c), q(), t, c); return UnsafePointer(t) }
        case (.scalar(let p), .vector(let q)):
            let run = fn.sv
            return .vector { i, c in let a = p(); run(a, q(i, c), t, c); return UnsafePointer(t) }
        default: return nil
        }
    }

    static func compare(_ op: CompareOp, _ x: VectorNode, _ y: VectorNode, _ arena: Arena) -> VectorNode? {
        let test: (Float, Float) -> Bool
        switch op {
        case .lt: test = { $0 < $1 }
        case .le: test = { $0 <= $1 }
        case .gt: test = { $0 > $1 }
        case .ge: test = { $0 >= $1 }
        case .eq: test = { $0 == $1 }
        case .ne: test = { $0 != $1 }
        }
        let t = arena.allocate(Bool.self, count: VectorProgram.chunk)
        switch (x, y) {
        case (.scalar(let p), .scalar(let q)): return .flag { test(p(), q()) }
        case (.vector(let p), .vector(let q)):
            return .mask { i, c in let a = p(i, c), b = q(i, c); for j in 0..<c { t[j] = test(a[j], b[j]) }; return UnsafePointer(t) }
        case (.vector(let p), .scalar(let q)):
            return .mask { i, c in let a = p(i, c), b = q(); for j in 0..<c { t[j] = test(a[j], b) }; return UnsafePointer(t) }
        case (.scalar(let p), .vector(let q)):
            return .mask { i, c in let a = p(), b = q(i, c); for j in 0..<c { t[j] = test(a, b[j]) }; return UnsafePointer(t) }
        default: return nil
        }
    }

    static func select(_ m: VectorNode, _ x: VectorNode, _ y: VectorNode, _ arena: Arena) -> VectorNode? {
        // Both operands are evaluated for the whole chunk; they have no side effects.
        let t = arena.allocate(Float.self, count: VectorProgram.chunk)
        func values(_ n: VectorNode) -> ((Int, Int) -> UnsafePointer<Float>)? {
            switch n {
            case .vector(let f): return f
            case .scalar(let f):
                let b = arena.allocate(Float.self, count: VectorProgram.chunk)
                return { _, c in let v = f(); for j in 0..<c { b[j] = v }; return UnsafePointer(b) }
            default: return nil
            }
        }
        switch m {
        case .flag(let f):
            if case .scalar(let a) = x, case .scalar(let b) = y { return .scalar { f() ? a() : b() } }
            guard let a = values(x), let b = values(y) else { return nil }
            return .vector { i, c in f() ? a(i, c) : b(i, c) }
        case .mask(let f):
            guard let a = values(x), let b = values(y) else { return nil }
            return .vector { i, c in
                let k = f(i, c), u = a(i, c), v = b(i, c)
                for j in 0..<c { t[j] = k[j] ? u[j] : v[j] }
                return UnsafePointer(t)
            }
        default:
            return nil
        }
    }
}

/// Stores of a chunk.
enum VectorStores {
    static func float(_ cell: UnsafeMutablePointer<UnsafeMutableRawPointer>, _ k: Int, _ node: VectorNode) -> VectorProgram.Step? {
        switch node {
        case .vector(let f):
            if k == 1 {
                return { s, c in
                    let v = f(s, c)
                    let o = cell.pointee.assumingMemoryBound(to: Float.self) + s
                    for j in 0..<c { o[j] = v[j] }
                }
            }
            return { s, c in
                let v = f(s, c)
                let o = cell.pointee.assumingMemoryBound(to: Float.self)
                for j in 0..<c { o[(s &+ j) &* k] = v[j] }
            }
        case .scalar(let f):
            return { s, c in
                let v = f()
                let o = cell.pointee.assumingMemoryBound(to: Float.self)
                for j in 0..<c { o[(s &+ j) &* k] = v }
            }
        default:
            return nil
        }
    }

    static func integer<T: FixedWidthInteger>(_: T.Type, _ cell: UnsafeMutablePointer<UnsafeMutableRawPointer>, _ k: Int,
                                              _ node: VectorNode, _ w: @escaping (Int64) -> Int64) -> VectorProgram.Step? {
        switch node {
        case .vector(let f):
            return { s, c in
                let v = f(s, c)
                let o = cell.pointee.assumingMemoryBound(to: T.self)
                for j in 0..<c { o[(s &+ j) &* k] = T(truncatingIfNeeded: w(IntegerArithmetic.truncate(v[j]))) }
            }
        case .scalar(let f):
            return { s, c in
                let v = T(truncatingIfNeeded: w(IntegerArithmetic.truncate(f())))
                let o = cell.pointee.assumingMemoryBound(to: T.self)
                for j in 0..<c { o[(s &+ j) &* k] = v }
            }
        default:
            return nil
        }
    }
}
