/// A design that has been validated once and carries its resolved schedule on the nodes:
/// every loop its directives, trip-count interval and lane plan; every array its partitions,
/// storage and (for m_axi ports) bundle. The interpreter, the emitter and the estimator take
/// only this type, so none of them re-checks the schedule or reads `Schedule` by name.
///
/// The only way to get one is `BoundDesign.bind(_:)`, which runs the kernel validator, the
/// schedule validator and the bounds analysis (every access provably inside its buffer).
public struct BoundDesign: Sendable {
    /// The validated design as written.
    public let design: Design
    /// The kernels of the design, in its order (callees before callers).
    public let kernels: [BoundKernel]
    /// Accepted but costly choices (e.g. fewer array banks than an unrolled loop's parallel
    /// accesses, which raises the II); the estimator reports their cost.
    public let warnings: [String]

    public var top: String { design.top }
    public var profile: MathProfile { design.profile }
    public var topKernel: BoundKernel { kernel(design.top)! }
    public func kernel(_ name: String) -> BoundKernel? { kernels.first { $0.kernel.name == name } }

    /// Validates `design` and resolves its schedule, or lists every problem (one line each).
    public static func bind(_ design: Design) throws(DesignError) -> BoundDesign {
        var problems = KernelValidator.problems(in: design)
        if problems.isEmpty {
            problems += ScheduleValidator.problems(in: design)
            problems += BoundsAnalysis.problems(in: design)
        }
        if !problems.isEmpty { throw DesignError(problems) }
        let kernels = design.kernels.map { BoundKernel(kernel: $0, design: design) }
        return BoundDesign(design: design, kernels: kernels, warnings: ScheduleValidator.warnings(in: design))
    }

    private init(design: Design, kernels: [BoundKernel], warnings: [String]) {
        self.design = design
        self.kernels = kernels
        self.warnings = warnings
    }
}

/// One kernel with its function directives and its resolved loops and arrays.
public struct BoundKernel: Sendable {
    public let kernel: Kernel
    public let isTop: Bool
    public let function: FunctionDirectives
    /// Loops and reductions by label.
    public let loops: [String: BoundLoop]
    /// Every array (arguments, locals, tables) by name.
    public let buffers: [String: BoundBuffer]

    public var name: String { kernel.name }

    /// The resolved loop or reduction labelled `label` (validation guarantees it exists for
    /// every label in the kernel body).
    public func loop(_ label: String) -> BoundLoop {
        guard let l = loops[label] else { preconditionFailure("kernel \(kernel.name) has no loop \(label)") }
        return l
    }

    /// The resolved array `name` of this kernel.
    public func buffer(_ name: String) -> BoundBuffer {
        guard let b = buffers[name] else { preconditionFailure("kernel \(kernel.name) has no array \(name)") }
        return b
    }

    init(kernel k: Kernel, design: Design) {
        kernel = k
        isTop = k.name == design.top
        function = design.schedule.function(k.name)
        let sizes = Dictionary(k.parameters.compactMap { p -> (String, Int)? in
            if case .size(let n, let m) = p { return (n, m) } else { return nil }
        }, uniquingKeysWith: { a, _ in a })
        var loops: [String: BoundLoop] = [:]
        StmtVisitor.forEachLoop(in: k.body) { info in
            loops[info.label] = BoundLoop(info, kernel: k.name, schedule: design.schedule, sizes: sizes)
        }
        self.loops = loops
        // Array arguments are numbered in parameter order: the default bundle gmem<i>.
        var position: [String: Int] = [:]
        for case .buffer(let n) in k.parameters { position[n] = position.count }
        var buffers: [String: BoundBuffer] = [:]
        for b in k.buffers {
            buffers[b.name] = BoundBuffer(b, kernel: k.name, isTop: isTop, position: position[b.name] ?? 0,
                                          schedule: design.schedule)
        }
        self.buffers = buffers
    }
}

/// How many iterations a loop runs: exact for constant bounds; for runtime bounds the
/// `LOOP_TRIPCOUNT` directive when given, else the interval of the bound over the sizes'
/// declared ranges, at least 1 (avg is the midpoint, rounded down). The emitter writes this
/// interval as the loop's LOOP_TRIPCOUNT and the estimator uses it.
public struct TripInterval: Hashable, Sendable, CustomStringConvertible {
    public let min: Int
    public let avg: Int
    public let max: Int
    public init(min: Int, avg: Int, max: Int) {
        self.min = min
        self.avg = avg
        self.max = max
    }
    public var isConstant: Bool { min == max }
    public var description: String { isConstant ? "\(max)" : "\(min)~\(max)" }
}

/// A loop or reduction with its schedule resolved.
public struct BoundLoop: Hashable, Sendable {
    public let label: String
    /// `kernel.label`, the name schedules and reports use.
    public let dottedName: String
    public let variable: String
    public let isReduction: Bool
    public let bound: Bound
    /// The directives as given (after config overrides).
    public let directives: LoopDirectives
    public let trips: TripInterval
    /// Partial results of a reduction (1 for plain loops): element i goes to lane i mod K,
    /// and the lanes are combined left to right (see `Reduction` and `LanePlan`).
    public let lanes: Int
    /// Copies of the body per iteration: 1 when not unrolled, the factor, or the maximum trip
    /// count for a full unroll.
    public let unrollFactor: Int
    /// The requested initiation interval when the loop is pipelined (`PIPELINE II=N`).
    public let pipelineII: Int?
    /// True for `PIPELINE off`.
    public let pipelineOff: Bool
    /// Labels of the enclosing loops, outermost first.
    public let enclosing: [String]

    public var isFullyUnrolled: Bool { directives.unroll == .full }
    public var lanePlan: LanePlan { LanePlan(lanes: lanes) }

    init(_ info: StmtVisitor.LoopInfo, kernel: String, schedule: Schedule, sizes: [String: Int]) {
        label = info.label
        dottedName = "\(kernel).\(info.label)"
        variable = info.variable
        isReduction = info.isReduction
        bound = info.bound
        enclosing = info.enclosing
        let d = schedule.loop(dottedName)
        directives = d
        lanes = info.isReduction ? Swift.max(1, d.lanes ?? 1) : 1
        switch info.bound {
        case .constant(let n):
            trips = TripInterval(min: n, avg: n, max: n)
        case .runtime(let index, let m):
            if let t = d.tripCount {
                trips = TripInterval(min: t.min, avg: t.avg, max: t.max)
            } else {
                var env: [IndexTerm: Interval] = [:]
                for (n, mx) in sizes { env[.param(n)] = Interval(0, mx) }
                for v in index.loopVars { env[.loop(v)] = Interval(0, Interval.limit) }
                let r = Interval.of(index, env)
                // A loop that can run zero times is still counted from 1, as the tool reports it.
                let lo = Swift.max(1, Swift.min(m, r.lo)), hi = Swift.max(lo, Swift.min(m, r.hi))
                trips = TripInterval(min: lo, avg: (lo + hi) / 2, max: hi)
            }
        }
        switch d.unroll {
        case .factor(let f)?: unrollFactor = Swift.max(1, f)
        case .full?: unrollFactor = Swift.max(1, info.bound.max)
        case nil: unrollFactor = 1
        }
        if case .ii(let ii)? = d.pipeline { pipelineII = ii } else { pipelineII = nil }
        pipelineOff = d.pipeline == .off
    }
}

/// An array with its schedule resolved.
public struct BoundBuffer: Hashable, Sendable {
    public let buffer: Buffer
    /// `kernel.name`.
    public let dottedName: String
    public let partitions: [Partition]
    public let storage: BindStorage?
    /// For the top kernel's array arguments: the m_axi options (bundle resolved).
    public let interface: InterfaceDirectives?
    /// For the top kernel's m_axi array arguments: the bundle, `gmem<i>` by argument position
    /// when the schedule names none (one bundle per port, as the emitter and linker see it);
    /// nil for `axis`, `ap_fifo` and `ap_memory` ports, which have no AXI adapter.
    public let bundle: String?
    /// For the top kernel's array arguments: the port protocol (nil for locals, tables and
    /// sub-function arguments).
    public var interfaceMode: InterfaceMode? { interface?.resolvedMode }

    init(_ b: Buffer, kernel: String, isTop: Bool, position: Int, schedule: Schedule) {
        buffer = b
        dottedName = "\(kernel).\(b.name)"
        let d = schedule.buffer(dottedName)
        partitions = d.partitions
        storage = d.storage
        if isTop && b.isArgument {
            let i = schedule.interface(dottedName)
            interface = i
            bundle = i.resolvedMode == .m_axi ? i.bundle ?? "gmem\(position)" : nil
        } else {
            interface = nil
            bundle = nil
        }
    }

    /// Number of banks dimension `dim` (1-based) is split into: 1 without a partition, the
    /// factor for cyclic and block, the extent for complete (a dim-0 partition applies to all).
    public func banks(dimension dim: Int) -> Int {
        guard let p = partitions.first(where: { $0.dim == dim }) ?? partitions.first(where: { $0.dim == 0 }) else { return 1 }
        switch p.type {
        case .complete: return buffer.shape[dim - 1]
        case .cyclic, .block: return Swift.max(1, p.factor ?? 1)
        }
    }

    /// Total banks over all dimensions.
    public var totalBanks: Int { (1...Swift.max(1, buffer.shape.count)).reduce(1) { $0 * banks(dimension: $1) } }
    /// True when every element is its own register (complete partition of every dimension).
    public var isRegisters: Bool { totalBanks == buffer.count }
}
