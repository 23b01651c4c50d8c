/// `#pragma HLS PIPELINE`.
public enum Pipeline: Hashable, Sendable {
    case ii(Int)
    case off
}

/// `#pragma HLS UNROLL`: `factor=N`, or a full unroll without a factor.
public enum Unroll: Hashable, Sendable {
    case factor(Int)
    case full
}

/// `#pragma HLS LOOP_TRIPCOUNT`.
public struct TripCount: Hashable, Sendable {
    public var min: Int
    public var max: Int
    public var avg: Int
    public init(min: Int, max: Int, avg: Int) {
        self.min = min
        self.max = max
        self.avg = avg
    }
}

/// Directives of one loop (or reduction loop).
public struct LoopDirectives: Hashable, Sendable {
    public var pipeline: Pipeline?
    public var unroll: Unroll?
    public var tripCount: TripCount?
    /// `#pragma HLS LOOP_FLATTEN` (true) or `LOOP_FLATTEN off` (false).
    public var flatten: Bool?
    /// Reductions only: the number of partial sums K (see `Reduction`).
    public var lanes: Int?
    public init(pipeline: Pipeline? = nil, unroll: Unroll? = nil, tripCount: TripCount? = nil,
                flatten: Bool? = nil, lanes: Int? = nil) {
        self.pipeline = pipeline
        self.unroll = unroll
        self.tripCount = tripCount
        self.flatten = flatten
        self.lanes = lanes
    }
    /// Fields of `other` that are set replace ours.
    public func merged(with other: LoopDirectives) -> LoopDirectives {
        LoopDirectives(pipeline: other.pipeline ?? pipeline, unroll: other.unroll ?? unroll,
                       tripCount: other.tripCount ?? tripCount, flatten: other.flatten ?? flatten,
                       lanes: other.lanes ?? lanes)
    }
}

public enum PartitionType: String, Hashable, Sendable, CaseIterable {
    case cyclic, block, complete
}

/// `#pragma HLS ARRAY_PARTITION variable=v type=T factor=N dim=D`.
public struct Partition: Hashable, Sendable {
    public var type: PartitionType
    /// Required for cyclic and block; ignored for complete.
    public var factor: Int?
    /// 1-based dimension; 0 means every dimension.
    public var dim: Int
    public init(type: PartitionType, factor: Int? = nil, dim: Int = 1) {
        self.type = type
        self.factor = factor
        self.dim = dim
    }
}

public enum StorageType: String, Hashable, Sendable, CaseIterable {
    case ram_1p, ram_2p, ram_t2p, ram_s2p, rom_1p, rom_2p, rom_np
}

public enum StorageImpl: String, Hashable, Sendable, CaseIterable {
    case bram, uram, lutram, auto
}

/// `#pragma HLS BIND_STORAGE variable=v type=T impl=I [latency=N]`.
public struct BindStorage: Hashable, Sendable {
    public var type: StorageType
    public var impl: StorageImpl
    public var latency: Int?
    public init(type: StorageType, impl: StorageImpl, latency: Int? = nil) {
        self.type = type
        self.impl = impl
        self.latency = latency
    }
}

/// Directives of one local array or table.
public struct BufferDirectives: Hashable, Sendable {
    public var partitions: [Partition]
    public var storage: BindStorage?
    public init(partitions: [Partition] = [], storage: BindStorage? = nil) {
        self.partitions = partitions
        self.storage = storage
    }
}

/// The protocol of a top kernel's array argument (`#pragma HLS INTERFACE mode=...`).
public enum InterfaceMode: String, Hashable, Sendable, CaseIterable {
    /// An AXI4 master port into device memory (the default): bundles, bursts, AXI latency.
    case m_axi
    /// An AXI4-Stream port: elements arrive (or leave) one per transfer, in index order.
    case axis
    /// A FIFO port (`hls::stream` between processes): in order, no address.
    case ap_fifo
    /// A memory port (address, data, enable) into a RAM outside the kernel; may be
    /// partitioned and given a storage type like a local array.
    case ap_memory
    /// True for the one-way, in-order protocols (`axis`, `ap_fifo`).
    public var isStream: Bool { self == .axis || self == .ap_fifo }
}

/// `#pragma HLS INTERFACE mode=... ...` options for an array argument of a top kernel.
/// Everything but `mode` and `depth` applies only to `m_axi` ports.
public struct InterfaceDirectives: Hashable, Sendable {
    /// The protocol; nil means `m_axi`.
    public var mode: InterfaceMode?
    public var bundle: String?
    public var depth: Int?
    public var maxReadBurstLength: Int?
    public var maxWriteBurstLength: Int?
    public var numReadOutstanding: Int?
    public var maxWidenBitwidth: Int?
    /// The memory bank (DDR channel or HBM pseudo-channel index, modulo the board's count)
    /// the connectivity file puts this port's bundle on; not a pragma. Nil: balanced by bytes.
    public var bank: Int?
    public init(mode: InterfaceMode? = nil, bundle: String? = nil, depth: Int? = nil, maxReadBurstLength: Int? = nil,
                maxWriteBurstLength: Int? = nil, numReadOutstanding: Int? = nil, maxWidenBitwidth: Int? = nil,
                bank: Int? = nil) {
        self.mode = mode
        self.bundle = bundle
        self.depth = depth
        self.maxReadBurstLength = maxReadBurstLength
        self.maxWriteBurstLength = maxWriteBurstLength
        self.numReadOutstanding = numReadOutstanding
        self.maxWidenBitwidth = maxWidenBitwidth
        self.bank = bank
    }
    /// The protocol, `m_axi` unless set.
    public var resolvedMode: InterfaceMode { mode ?? .m_axi }
    /// The m_axi-only options that are set, by their pragma names.
    public var axiOptionsSet: [String] {
        [("bundle", bundle != nil), ("max_read_burst_length", maxReadBurstLength != nil),
         ("max_write_burst_length", maxWriteBurstLength != nil), ("num_read_outstanding", numReadOutstanding != nil),
         ("max_widen_bitwidth", maxWidenBitwidth != nil), ("bank", bank != nil)].filter(\.1).map(\.0)
    }
    public func merged(with o: InterfaceDirectives) -> InterfaceDirectives {
        InterfaceDirectives(mode: o.mode ?? mode, bundle: o.bundle ?? bundle, depth: o.depth ?? depth,
                            maxReadBurstLength: o.maxReadBurstLength ?? maxReadBurstLength,
                            maxWriteBurstLength: o.maxWriteBurstLength ?? maxWriteBurstLength,
                            numReadOutstanding: o.numReadOutstanding ?? numReadOutstanding,
                            maxWidenBitwidth: o.maxWidenBitwidth ?? maxWidenBitwidth, bank: o.bank ?? bank)
    }
}

public enum InlineMode: String, Hashable, Sendable {
    case on, off, recursive
}

/// Directives of one function.
public struct FunctionDirectives: Hashable, Sendable {
    public var dataflow: Bool
    public var inline: InlineMode?
    public init(dataflow: Bool = false, inline: InlineMode? = nil) {
        self.dataflow = dataflow
        self.inline = inline
    }
}
