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

    // MARK: Builder-style setters (each returns the schedule for chaining).

    @discardableResult
    public mutating func pipeline(_ loop: String, ii: Int = 1) -> Schedule {
        loops[loop, default: LoopDirectives()].pipeline = .ii(ii)
        return self
    }
    @discardableResult
    public mutating func pipelineOff(_ loop: String) -> Schedule {
        loops[loop, default: LoopDirectives()].pipeline = .off
        return self
    }
    @discardableResult
    public mutating func unroll(_ loop: String, factor: Int? = nil) -> Schedule {
        loops[loop, default: LoopDirectives()].unroll = factor.map(Unroll.factor) ?? .full
        return self
    }
    @discardableResult
    public mutating func lanes(_ reduction: String, _ k: Int) -> Schedule {
        loops[reduction, default: LoopDirectives()].lanes = k
        return self
    }
    @discardableResult
    public mutating func tripCount(_ loop: String, min: Int, max: Int, avg: Int) -> Schedule {
        loops[loop, default: LoopDirectives()].tripCount = TripCount(min: min, max: max, avg: avg)
        return self
    }
    @discardableResult
    public mutating func flatten(_ loop: String, _ on: Bool = true) -> Schedule {
        loops[loop, default: LoopDirectives()].flatten = on
        return self
    }
    @discardableResult
    public mutating func partition(_ buffer: String, _ type: PartitionType, factor: Int? = nil, dim: Int = 1) -> Schedule {
        var d = buffers[buffer, default: BufferDirectives()]
        d.partitions.removeAll { $0.dim == dim }
        d.partitions.append(Partition(type: type, factor: factor, dim: dim))
        buffers[buffer] = d
        return self
    }
    @discardableResult
    public mutating func bindStorage(_ buffer: String, _ type: StorageType, impl: StorageImpl, latency: Int? = nil) -> Schedule {
        buffers[buffer, default: BufferDirectives()].storage = BindStorage(type: type, impl: impl, latency: latency)
        return self
    }
    @discardableResult
    public mutating func interface(_ argument: String, _ d: InterfaceDirectives) -> Schedule {
        interfaces[argument] = interface(argument).merged(with: d)
        return self
    }
    @discardableResult
    public mutating func dataflow(_ function: String) -> Schedule {
        functions[function, default: FunctionDirectives()].dataflow = true
        return self
    }
    @discardableResult
    public mutating func inline(_ function: String, _ mode: InlineMode) -> Schedule {
        functions[function, default: FunctionDirectives()].inline = mode
        return self
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
