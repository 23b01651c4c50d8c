import HLSIR

/// Statements → `() -> Void` actions.
extension KernelCompiler {
    func block(_ stmts: [Stmt]) -> () -> Void {
        KernelCompiler.sequence(stmts.map(stmt)[...])
    }

    /// Runs `actions` in order. Longer blocks nest as halves: captured closures are called
    /// without the retain and release that iterating an array of them costs per element.
    static func sequence(_ actions: ArraySlice<() -> Void>) -> () -> Void {
        let s = actions.startIndex
        switch actions.count {
        case 0: return {}
        case 1: return actions[s]
        case 2: let a = actions[s], b = actions[s + 1]; return { a(); b() }
        case 3: let a = actions[s], b = actions[s + 1], c = actions[s + 2]; return { a(); b(); c() }
        default:
            let mid = s + actions.count / 2
            let a = sequence(actions[..<mid]), b = sequence(actions[mid...])
            return { a(); b() }
        }
    }

    func stmt(_ s: Stmt) -> () -> Void {
        switch s {
        case .loop(let l): return loop(l)
        case .reduce(let r): return reduction(r)
        case .bind(let v, let e), .declare(let v, let e), .assign(let v, let e):
            return assign(v, Conversions.cast(expr(e), from: e.type, to: v.type))
        case .store(let name, let indices, let e):
            guard let b = out.buffers[name] else { Code.excluded("a store to unknown buffer \(name)") }
            return store(b, indices, Conversions.cast(expr(e), from: e.type, to: b.buffer.elementType))
        case .branch(let c, let t, let o):
            let cond = expr(c).b, then = block(t), otherwise = block(o)
            return { if cond() { then() } else { otherwise() } }
        case .call(let name, let args): return call(name, args)
        }
    }

    func assign(_ v: Variable, _ c: Code) -> () -> Void {
        switch (slotFor(v), c) {
        case (.float(let p), .float(let f)): return { p.pointee = f() }
        case (.int(let p), .int(let f)): return { p.pointee = f() }
        case (.bool(let p), .bool(let f)): return { p.pointee = f() }
        default: Code.excluded("an assignment to \(v.name) of another kind")
        }
    }

    private func store(_ b: BufferSlot, _ indices: [Index], _ c: Code) -> () -> Void {
        let ic = index(b.linear(indices))
        let slot = b.slot
        switch (b.kind, c) {
        case (.f32, .float(let f)): return floatStore(slot, ic, f)
        case (.i8, .int(let f)): return intStore(Int8.self, slot, ic, f)
        case (.u8, .int(let f)): return intStore(UInt8.self, slot, ic, f)
        case (.u8, .bool(let f)): return intStore(UInt8.self, slot, ic) { f() ? 1 : 0 }
        case (.i16, .int(let f)): return intStore(Int16.self, slot, ic, f)
        case (.u16, .int(let f)): return intStore(UInt16.self, slot, ic, f)
        case (.i32, .int(let f)): return intStore(Int32.self, slot, ic, f)
        case (.u32, .int(let f)): return intStore(UInt32.self, slot, ic, f)
        case (.i64, .int(let f)): return intStore(Int64.self, slot, ic, f)
        default: Code.excluded("a store of another kind to \(b.buffer.name)")
        }
    }

    private func floatStore(_ slot: UnsafeMutablePointer<UnsafeMutableRawPointer>, _ ic: IndexCode,
                            _ f: @escaping () -> Float) -> () -> Void {
        switch ic {
        case .constant(let c):
            return { let v = f(); slot.pointee.assumingMemoryBound(to: Float.self)[c] = v }
        case .one(let c, let k, let p):
            return { let v = f(); slot.pointee.assumingMemoryBound(to: Float.self)[c &+ k &* p.pointee] = v }
        case .two(let c, let k1, let p1, let k2, let p2):
            return {
                let v = f()
                slot.pointee.assumingMemoryBound(to: Float.self)[c &+ k1 &* p1.pointee &+ k2 &* p2.pointee] = v
            }
        case .general(let i):
            return { let v = f(); slot.pointee.assumingMemoryBound(to: Float.self)[i()] = v }
        }
    }

    /// Stores a canonical raw into integer storage `T` (the value closure has a concrete type,
    /// so no reabstraction thunk is involved).
    private func intStore<T: FixedWidthInteger>(_: T.Type, _ slot: UnsafeMutablePointer<UnsafeMutableRawPointer>,
                                                _ ic: IndexCode, _ f: @escaping () -> Int64) -> () -> Void {
        switch ic {
        case .constant(let c):
            return { let v = T(truncatingIfNeeded: f()); slot.pointee.assumingMemoryBound(to: T.self)[c] = v }
        case .one(let c, let k, let p):
            return { let v = T(truncatingIfNeeded: f()); slot.pointee.assumingMemoryBound(to: T.self)[c &+ k &* p.pointee] = v }
        case .two(let c, let k1, let p1, let k2, let p2):
            return {
                let v = T(truncatingIfNeeded: f())
                slot.pointee.assumingMemoryBound(to: T.self)[c &+ k1 &* p1.pointee &+ k2 &* p2.pointee] = v
            }
        case .general(let i):
            return { let v = T(truncatingIfNeeded: f()); slot.pointee.assumingMemoryBound(to: T.self)[i()] = v }
        }
    }

    /// A fresh counter slot for a loop variable, visible while the loop body is compiled
    /// (inner loops may reuse a name; C scoping then restores the outer counter).
    func enterLoop(_ name: String) -> (UnsafeMutablePointer<Int>, () -> Void) {
        let saved = out.loopVars[name]
        let p = arena.allocate(Int.self, count: 1)
        out.loopVars[name] = p
        return (p, { self.out.loopVars[name] = saved })
    }

    func tripCount(_ bound: Bound, _ label: String) -> () -> Int {
        switch bound {
        case .constant(let n): return { n }
        case .runtime(let i, let m):
            let f = index(i).closure
            let state = self.state
            let name = "\(kernel.name).\(label)"
            return {
                let n = f()
                if n > m {
                    state.fail("loop \(name): trip count \(n) exceeds its declared maximum \(m)")
                    return 0
                }
                return Swift.max(n, 0)
            }
        }
    }

    private func loop(_ l: Loop) -> () -> Void {
        let trip = tripCount(l.bound, l.name)
        let (v, restore) = enterLoop(l.variable)
        defer { restore() }
        if specialise, let fast = quantizeGroups(l, counter: v, trip: trip) { return specialised(l.name, "Q8_0 quantize groups", fast) }
        if specialise, let fast = floatMap(l, counter: v, trip: trip) { return specialised(l.name, "float map", fast) }
        let body = block(l.body)
        let general: () -> Void
        if case .constant(let n) = l.bound {
            general = { for i in 0..<n { v.pointee = i; body() } }
        } else {
            general = {
                let n = trip()
                for i in 0..<n { v.pointee = i; body() }
            }
        }
        if specialise, let fast = blockAccumulation(l, counter: v, trip: trip, general: general) {
            return specialised(l.name, "block accumulation", fast)
        }
        if specialise, let fast = fusedFloatRows(l, counter: v, trip: trip, general: general) {
            return specialised(l.name, "fused float rows", fast)
        }
        if specialise, let fast = fusedGroupedRows(l, counter: v, trip: trip) {
            return specialised(l.name, "fused grouped int8 rows", fast)
        }
        if specialise, let fast = laneAccumulation(l, counter: v, trip: trip) {
            return specialised(l.name, "lane partials over tiles", fast)
        }
        return general
    }

    private func call(_ name: String, _ args: [CallArgument]) -> () -> Void {
        guard let callee = callees[name] else { Code.excluded("a call of \(name), which is not an earlier kernel") }
        var binders: [Binder] = []
        let state = self.state
        for (p, a) in zip(callee.kernel.parameters, args) {
            switch (p, a) {
            case (.buffer(let pn), .buffer(let an, let offset)):
                guard let to = callee.buffers[pn], let from = out.buffers[an] else { Code.excluded("a call of \(name) passing unknown buffer \(an)") }
                let off = index(offset).closure
                let bytes = from.kind.bytes
                binders.append(Binder { to.slot.pointee = from.slot.pointee + off() * bytes; return true })
            case (.scalar(let v), .scalar(let e)):
                let c = expr(e)
                switch (callee.slotFor(v), c) {
                case (.float(let q), .float(let f)): binders.append(Binder { q.pointee = f(); return true })
                case (.int(let q), .int(let f)): binders.append(Binder { q.pointee = f(); return true })
                case (.bool(let q), .bool(let f)): binders.append(Binder { q.pointee = f(); return true })
                default: Code.excluded("a scalar argument of another kind for \(v.name)")
                }
            case (.size(let n, let m), .index(let i)):
                guard let q = callee.sizes[n] else { Code.excluded("a call of \(name) with unknown size \(n)") }
                let f = index(i).closure
                let what = "call of \(name) from \(kernel.name): size \(n)"
                binders.append(Binder {
                    let v = f()
                    if v < 0 || v > m { state.fail("\(what) = \(v) is outside 0...\(m)"); return false }
                    q.pointee = v
                    return true
                })
            default: Code.excluded("an argument of the wrong kind in a call of \(name)")
            }
        }
        let body = callee.body
        let bind = KernelCompiler.conjunction(binders.map(\.run)[...])
        return { if bind() { body() } }
    }

    /// Runs `binders` in order until one returns false (nested halves, as `sequence`).
    static func conjunction(_ binders: ArraySlice<() -> Bool>) -> () -> Bool {
        let s = binders.startIndex
        switch binders.count {
        case 0: return { true }
        case 1: return binders[s]
        case 2: let a = binders[s], b = binders[s + 1]; return { a() && b() }
        case 3: let a = binders[s], b = binders[s + 1], c = binders[s + 2]; return { a() && b() && c() }
        default:
            let mid = s + binders.count / 2
            let a = conjunction(binders[..<mid]), b = conjunction(binders[mid...])
            return { a() && b() }
        }
    }
}

extension CompiledKernel {
    /// The slot of one of this kernel's scalar parameters (allocated when it was compiled).
    func slotFor(_ v: Variable) -> KernelCompiler.VarSlot? {
        switch v.type {
        case .float32: return floatVars[v.name].map { .float($0) }
        case .bool: return boolVars[v.name].map { .bool($0) }
        default: return intVars[v.name].map { .int($0) }
        }
    }
}

/// A compiled routine (a struct field has a concrete function type, so
/// calling it needs no reabstraction thunk, unlike an array of bare closures).
struct Action {
    let run: () -> Void
}

/// Binds one argument of a sub-function call; false stops the call (a size out of range).
struct Binder {
    let run: () -> Bool
}
