/// Where an array lives, which decides its read latency and its ports.
public enum MemoryKind: Hashable, Sendable {
    /// Block RAM (the default for arrays too large for LUTs).
    case bram
    /// UltraRAM (`BIND_STORAGE impl=uram`, or large arrays on parts that have it).
    case uram
    /// Distributed RAM in LUTs (small arrays, `impl=lutram`).
    case lutram
    /// Completely partitioned: one register per element.
    case registers
    /// An array argument of a sub-function, or an `ap_memory` top port: a memory port onto
    /// a RAM outside the function.
    case port
    /// An `axis` or `ap_fifo` top port: one element per transfer, in order.
    case stream
}

/// On-chip memory read latencies.
enum MemoryOperators {
    /// Cycles from address to data. BRAM and URAM default to 1 (UG1399, BIND_STORAGE: "latency
    /// 1 by default"; softmax_f32_768_versal reports an iteration latency of 2 for a copy from
    /// one memory to another and 13 for a load, an 11-cycle fdiv and a store, both consistent
    /// with 1); `BIND_STORAGE latency=N` overrides. Registers are read in the same cycle.
    static func readLatency(_ kind: MemoryKind, bindLatency: Int?) -> Int {
        if let l = bindLatency, l >= 1 { return l }
        switch kind {
        case .bram, .uram, .lutram, .port, .stream: return 1
        case .registers: return 0
        }
    }
}
