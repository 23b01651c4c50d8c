/// What a dotted schedule name refers to in a design.
public enum ScheduleTarget: Hashable, Sendable, CustomStringConvertible {
    /// A kernel (function): the name is the kernel name, without a dot.
    case kernel
    /// A labelled loop: `kernel.label`.
    case loop
    /// A reduction loop: `kernel.label`.
    case reduction
    /// A local on-chip array: `kernel.array`.
    case localArray
    /// A constant table: `kernel.table`.
    case table
    /// An array argument: `kernel.argument`. `top` is true for the top kernel's arguments,
    /// which are m_axi ports; the arguments of sub-functions point into the caller's arrays.
    case argument(top: Bool)

    /// "a loop", "an m_axi argument", ... for messages.
    public var description: String {
        switch self {
        case .kernel: return "a kernel"
        case .loop: return "a loop"
        case .reduction: return "a reduction"
        case .localArray: return "a local array"
        case .table: return "a constant table"
        case .argument(let top): return top ? "an m_axi argument" : "an array argument"
        }
    }

    /// Loops and reductions take loop directives.
    public var isLoop: Bool { self == .loop || self == .reduction }
    /// Local arrays and tables take partition and storage directives.
    public var isOnChipArray: Bool { self == .localArray || self == .table }
}

extension Design {
    /// Every name a schedule can address in this design, with what it refers to:
    /// `kernel`, `kernel.label` for loops and reductions (anywhere in the body),
    /// `kernel.array` for local arrays, tables and array arguments.
    public var scheduleTargets: [String: ScheduleTarget] {
        var out: [String: ScheduleTarget] = [:]
        for k in kernels {
            out[k.name] = .kernel
            for b in k.buffers {
                let target: ScheduleTarget
                switch b.kind {
                case .argument: target = .argument(top: k.name == top)
                case .local: target = .localArray
                case .table: target = .table
                }
                out["\(k.name).\(b.name)"] = target
            }
            StmtVisitor.forEachLoop(in: k.body) { l in
                out["\(k.name).\(l.label)"] = l.isReduction ? .reduction : .loop
            }
        }
        return out
    }
}
