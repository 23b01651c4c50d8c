import HLSIR

/// A buffer as compiled code sees it: a slot holding its base address (rebound on every call
/// for arguments, fixed for locals and tables), its storage and its row-major strides.
struct BufferSlot {
    let buffer: Buffer
    let slot: UnsafeMutablePointer<UnsafeMutableRawPointer>
    let kind: StorageKind
    let strides: [Int]

    /// The flat element index of a multi-dimensional access.
    func linear(_ indices: [Index]) -> Index {
        if indices.count == 1 { return indices[0] }
        var e: Index = .constant(0)
        for (i, s) in zip(indices, strides) { e = s == 1 ? e + i : e + i * s }
        return e
    }
}

/// One kernel compiled to closures over slots in the arena. Kernels never recurse, so each
/// has exactly one frame: its slots are allocated once and captured by address.
final class CompiledKernel {
    let kernel: Kernel
    var body: () -> Void = {}
    var buffers: [String: BufferSlot] = [:]
    var floatVars: [String: UnsafeMutablePointer<Float>] = [:]
    var intVars: [String: UnsafeMutablePointer<Int64>] = [:]
    var boolVars: [String: UnsafeMutablePointer<Bool>] = [:]
    var loopVars: [String: UnsafeMutablePointer<Int>] = [:]
    var sizes: [String: UnsafeMutablePointer<Int>] = [:]
    /// Loops and reductions that run a specialised routine: dotted name → routine.
    var specialised: [String: String] = [:]
    /// Local arrays, zeroed before every run: (address, bytes).
    var locals: [(UnsafeMutableRawPointer, Int)] = []

    init(kernel: Kernel) { self.kernel = kernel }
}

/// Compiles one kernel of a design. Statement, expression and reduction compilation live in
/// extensions (StmtCompiler.swift, ExprCompiler.swift, ReductionCompiler.swift); the hot-loop
/// specialisations in IntDotProduct.swift, FloatReduction.swift, FloatMap.swift,
/// FloatMapReduction.swift, GroupedDotProduct.swift (with Q4DotProduct.swift), FusedRows.swift,
/// BlockAccumulation.swift, LaneAccumulation.swift and QuantizeGroups.swift.
final class KernelCompiler {
    let design: Design
    /// The kernel's resolved schedule (lanes of its reductions).
    let bound: BoundKernel
    let arena: Arena
    let state: RunState
    let callees: [String: CompiledKernel]
    /// False: no specialised routines (the general closures only).
    let specialise: Bool
    let out: CompiledKernel
    var kernel: Kernel { out.kernel }

    init(kernel: BoundKernel, design: Design, arena: Arena, state: RunState, callees: [String: CompiledKernel],
         specialise: Bool = true) {
        self.specialise = specialise
        self.design = design
        self.bound = kernel
        self.arena = arena
        self.state = state
        self.callees = callees
        self.out = CompiledKernel(kernel: kernel.kernel)
    }

    /// Allocates the frame and compiles the body.
    func compile() -> CompiledKernel {
        for b in kernel.buffers { declare(buffer: b) }
        for p in kernel.parameters {
            switch p {
            case .scalar(let v): _ = slotFor(v)
            case .size(let n, _): out.sizes[n] = arena.allocate(Int.self, count: 1)
            case .buffer: break
            }
        }
        out.body = block(kernel.body)
        return out
    }

    private func declare(buffer b: Buffer) {
        let kind = StorageKind(b.elementType)
        let slot = arena.allocate(UnsafeMutableRawPointer.self, count: 1)
        var strides = Array(repeating: 1, count: b.shape.count)
        for d in Swift.stride(from: b.shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * b.shape[d + 1] }
        switch b.kind {
        case .argument:
            slot.pointee = arena.allocateBytes(8)  // rebound before every run or call
        case .local:
            let p = arena.allocateBytes(b.count * kind.bytes)
            slot.pointee = p
            out.locals.append((p, b.count * kind.bytes))
        case .table(let values):
            let p = arena.allocateBytes(b.count * kind.bytes)
            for (i, v) in values.enumerated() { kind.storeRaw(p, i, StorageCopy.tableRaw(v, b.elementType)) }
            slot.pointee = p
        }
        out.buffers[b.name] = BufferSlot(buffer: b, slot: slot, kind: kind, strides: strides)
    }

    // MARK: Slots

    /// The slot of an index term (loop counter or size).
    func indexSlot(_ t: IndexTerm) -> UnsafeMutablePointer<Int> {
        switch t {
        case .loop(let v):
            if let p = out.loopVars[v] { return p }
            let p = arena.allocate(Int.self, count: 1)
            out.loopVars[v] = p
            return p
        case .param(let n):
            if let p = out.sizes[n] { return p }
            let p = arena.allocate(Int.self, count: 1)
            out.sizes[n] = p
            return p
        }
    }

    func index(_ i: Index) -> IndexCode { IndexCode(i, slot: indexSlot) }

    /// Records that loop `label` runs the specialised `routine`, and returns its action.
    func specialised(_ label: String, _ routine: String, _ a: Action) -> () -> Void {
        out.specialised["\(kernel.name).\(label)"] = routine
        return a.run
    }

    /// How a flat index moves with loop counter `v`: its coefficient and a closure for its
    /// value at `v` = 0 (valid when the counter slot holds 0, which callers ensure), or nil
    /// when `v` occurs non-affinely.
    func stride(of linear: Index, along v: String) -> (coefficient: Int, base: () -> Int)? {
        if let a = AffineIndex(linear) {
            return (a.coefficient(ofLoop: v), index(a.dropping(loop: v).index).closure)
        }
        guard let c = linear.coefficient(of: v) else { return nil }
        return (c, index(linear).closure)
    }

    /// The slot of a scalar variable, by kind.
    enum VarSlot {
        case float(UnsafeMutablePointer<Float>)
        case int(UnsafeMutablePointer<Int64>)
        case bool(UnsafeMutablePointer<Bool>)
    }

    func slotFor(_ v: Variable) -> VarSlot {
        switch v.type {
        case .float32:
            if let p = out.floatVars[v.name] { return .float(p) }
            let p = arena.allocate(Float.self, count: 1)
            out.floatVars[v.name] = p
            return .float(p)
        case .bool:
            if let p = out.boolVars[v.name] { return .bool(p) }
            let p = arena.allocate(Bool.self, count: 1)
            out.boolVars[v.name] = p
            return .bool(p)
        case .int, .fixed:
            if let p = out.intVars[v.name] { return .int(p) }
            let p = arena.allocate(Int64.self, count: 1)
            out.intVars[v.name] = p
            return .int(p)
        }
    }
}
