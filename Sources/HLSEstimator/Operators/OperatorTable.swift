/// Latency and cost of every operator for one device family at one clock.
///
/// Vitis picks deeper pipelines for the floating-point cores as the clock period shrinks, so
/// every float latency is a function of the period (see `FloatOperators`). Integer adds and
/// logic are combinational and chain within a cycle while their delays fit in the period
/// minus the default clock uncertainty (27%, as every calibration report shows: 10 ns → 2.7).
public struct OperatorTable: Hashable, Sendable {
    public let family: DeviceFamily
    public let clockMHz: Double

    public init(family: DeviceFamily, clockMHz: Double) {
        self.family = family
        self.clockMHz = clockMHz > 0 ? clockMHz : 100
    }

    /// Clock period in ns.
    public var periodNs: Double { 1000 / clockMHz }
    /// What the scheduler may fill per cycle: the period less Vitis's default 27% uncertainty.
    public var usableNs: Double { periodNs * 0.73 }

    /// The cost of one instance of `op`.
    public func cost(_ op: Operator) -> OperatorCost {
        switch op {
        case .fadd, .fsub, .fmul, .fdiv, .fsqrt, .fexp, .fmadd, .fcmp, .fpow, .fsincos, .fround, .fsign,
             .dadd, .dmul, .ddiv, .intToFloat, .floatToInt:
            return FloatOperators.cost(op, family: family, periodNs: periodNs)
        case .intAdd, .intCompare, .intMul, .logic, .shiftConst, .mux:
            return IntegerOperators.cost(op, family: family, periodNs: periodNs)
        }
    }

    /// Read latency of an on-chip memory (cycles from address to data).
    public func memoryReadLatency(_ kind: MemoryKind, bindLatency: Int? = nil) -> Int {
        MemoryOperators.readLatency(kind, bindLatency: bindLatency)
    }
}
