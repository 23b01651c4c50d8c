/// Direction of a kernel array argument, which decides what the testbench reads and writes.
public enum Direction: String, Hashable, Sendable {
    case input, output, readWrite = "inout"
    public var isRead: Bool { self != .output }
    public var isWritten: Bool { self != .input }
}

/// Where a buffer lives.
public enum BufferKind: Hashable, Sendable {
    /// A kernel argument: an array in device memory, reached through an m_axi port.
    case argument(Direction)
    /// A local array in on-chip memory.
    case local
    /// A constant table; values are given as doubles and converted exactly to the element type.
    case table([Double])
}

/// An array. Arguments are one-dimensional; locals and tables may have several dimensions.
public struct Buffer: Hashable, Sendable {
    public let name: String
    public let elementType: ScalarType
    public let shape: [Int]
    public let kind: BufferKind
    public init(name: String, elementType: ScalarType, shape: [Int], kind: BufferKind) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
        self.kind = kind
    }
    public var count: Int { shape.reduce(1, *) }
    public var isArgument: Bool { if case .argument = kind { return true } else { return false } }
    public var direction: Direction? { if case .argument(let d) = kind { return d } else { return nil } }
    public var tableValues: [Double]? { if case .table(let v) = kind { return v } else { return nil } }
}

/// A kernel parameter, in signature order.
public enum Parameter: Hashable, Sendable {
    /// An array argument (see `Kernel.buffers`).
    case buffer(String)
    /// A scalar value argument (s_axilite on a top function).
    case scalar(Variable)
    /// An integer size or position usable in indices and loop bounds, with its largest value.
    case size(String, max: Int)

    public var name: String {
        switch self {
        case .buffer(let n), .size(let n, _): return n
        case .scalar(let v): return v.name
        }
    }
}

/// One function of a design: a top kernel or a sub-function.
public struct Kernel: Hashable, Sendable {
    public let name: String
    public let parameters: [Parameter]
    /// All arrays: arguments, locals and tables.
    public let buffers: [Buffer]
    public let body: [Stmt]
    public init(name: String, parameters: [Parameter], buffers: [Buffer], body: [Stmt]) {
        self.name = name
        self.parameters = parameters
        self.buffers = buffers
        self.body = body
    }
    public func buffer(_ name: String) -> Buffer? { buffers.first { $0.name == name } }
    public var argumentBuffers: [Buffer] { buffers.filter(\.isArgument) }
}

/// How transcendental functions are computed (see docs/numerics.md).
public enum MathProfile: String, Hashable, Sendable, CaseIterable {
    /// C library calls (`expf`, `sqrtf`, ...): reproduces llama2.c; hardware may differ by ULPs.
    case libm
    /// Only + − × /, compares, bit operations and tables: identical everywhere.
    case exact
}

/// A design: a top kernel, the sub-functions it calls, and its schedule.
public struct Design: Hashable, Sendable {
    public let top: String
    /// The top kernel and every kernel it calls, callees before callers.
    public let kernels: [Kernel]
    public var schedule: Schedule
    public let profile: MathProfile
    /// Top-kernel array arguments the host fills by packing model tensors (see
    /// `ArgumentPacking`), by argument name; the other arguments hold one tensor each.
    public let packing: [String: ArgumentPacking]
    /// What each top-level argument holds for the host (`ArgumentRole`): set by whole-model
    /// designs, validated with the design (`ArgumentRoleValidator`), read by the host emitter
    /// and the interpreter's model inputs.
    public let roles: ArgumentRoles
    public init(top: String, kernels: [Kernel], schedule: Schedule, profile: MathProfile = .libm,
                packing: [String: ArgumentPacking] = [:], roles: ArgumentRoles = .none) {
        self.top = top
        self.kernels = kernels
        self.schedule = schedule
        self.profile = profile
        self.packing = packing
        self.roles = roles
    }
    public var topKernel: Kernel { kernels.first { $0.name == top }! }
    public func kernel(_ name: String) -> Kernel? { kernels.first { $0.name == name } }
}
