/// The schedule of a design, kept apart from its algorithm. Every entry is addressed by a
/// dotted name: `kernel` for a function, `kernel.label` for a loop or reduction,
/// `kernel.buffer` for a local array or table, `kernel.argument` for an m_axi port.
public struct Schedule: Hashable, Sendable {
    public var loops: [String: LoopDirectives] = [:]
    public var buffers: [String: BufferDirectives] = [:]
    public var interfaces: [String: InterfaceDirectives] = [:]
    public var functions: [String: FunctionDirectives] = [:]

    public init() {}

    public func loop(_ name: String) -> LoopDirectives { loops[name] ?? LoopDirectives() }
    public func buffer(_ name: String) -> BufferDirectives { buffers[name] ?? BufferDirectives() }
    public func interface(_ name: String) -> InterfaceDirectives { interfaces[name] ?? InterfaceDirectives() }
    public func function(_ name: String) -> FunctionDirectives { functions[name] ?? FunctionDirectives() }

    /// Lane count of a reduction (1 unless set).
    public func lanes(_ reduction: String) -> Int { loops[reduction]?.lanes ?? 1 }

    // MARK: Setters

    public mutating func pipeline(_ loop: String, ii: Int = 1) {
        loops[loop, default: LoopDirectives()].pipeline = .ii(ii)
    }
    public mutating func pipelineOff(_ loop: String) {
        loops[loop, default: LoopDirectives()].pipeline = .off
    }
    public mutating func unroll(_ loop: String, factor: Int? = nil) {
        loops[loop, default: LoopDirectives()].unroll = factor.map(Unroll.factor) ?? .full
    }
    public mutating func lanes(_ reduction: String, _ k: Int) {
        loops[reduction, default: LoopDirectives()].lanes = k
    }
    public mutating func tripCount(_ loop: String, min: Int, max: Int, avg: Int) {
        loops[loop, default: LoopDirectives()].tripCount = TripCount(min: min, max: max, avg: avg)
    }
    public mutating func flatten(_ loop: String, _ on: Bool = true) {
        loops[loop, default: LoopDirectives()].flatten = on
    }
    public mutating func partition(_ buffer: String, _ type: PartitionType, factor: Int? = nil, dim: Int = 1) {
        var d = buffers[buffer, default: BufferDirectives()]
        d.partitions.removeAll { $0.dim == dim }
        d.partitions.append(Partition(type: type, factor: factor, dim: dim))
        buffers[buffer] = d
    }
    public mutating func bindStorage(_ buffer: String, _ type: StorageType, impl: StorageImpl, latency: Int? = nil) {
        buffers[buffer, default: BufferDirectives()].storage = BindStorage(type: type, impl: impl, latency: latency)
    }
    public mutating func interface(_ argument: String, _ d: InterfaceDirectives) {
        interfaces[argument] = interface(argument).merged(with: d)
    }
    public mutating func dataflow(_ function: String) {
        functions[function, default: FunctionDirectives()].dataflow = true
    }
    public mutating func inline(_ function: String, _ mode: InlineMode) {
        functions[function, default: FunctionDirectives()].inline = mode
    }

    /// Entries of `other` override ours field by field.
    public func merged(with other: Schedule) -> Schedule {
        var s = self
        for (k, v) in other.loops { s.loops[k] = loop(k).merged(with: v) }
        for (k, v) in other.buffers {
            var d = buffer(k)
            for p in v.partitions {
                d.partitions.removeAll { $0.dim == p.dim }
                d.partitions.append(p)
            }
            if let st = v.storage { d.storage = st }
            s.buffers[k] = d
        }
        for (k, v) in other.interfaces { s.interfaces[k] = interface(k).merged(with: v) }
        for (k, v) in other.functions {
            var d = function(k)
            if v.dataflow { d.dataflow = true }
            if let i = v.inline { d.inline = i }
            s.functions[k] = d
        }
        return s
    }
}
