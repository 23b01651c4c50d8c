import HLSIR

/// Everything the analysis of one kernel needs: the kernel, where each of its arrays lives,
/// the operator table, and (through the design analysis) its callees' latencies.
struct KernelContext {
    let kernel: BoundKernel
    let places: [String: ArrayPlace]
    let table: OperatorTable
    let device: Device
    /// `m_axi_latency`: the read round trip Vitis schedules (default 64 cycles, UG1399
    /// `config_interface -m_axi_latency`; vscale16's script sets the same value).
    let axiLatency: Int
    /// The analysis of the whole design, which analyses callees on first use.
    unowned let design: DesignAnalysis
    /// Size parameters whose value the call site fixes (a product called with its row count):
    /// loops bounded by them have that exact trip count in this analysis.
    var sizes: [String: Int] = [:]

    /// The trip interval of `bl` in this call: exact when its runtime bound depends only on
    /// sizes the call fixes, else what the bound design resolved (LOOP_TRIPCOUNT or ranges).
    func trips(_ bl: BoundLoop) -> TripInterval {
        guard !sizes.isEmpty, case .runtime(let index, let max) = bl.bound, let v = index.evaluate({ sizes[$0] }) else { return bl.trips }
        let n = Swift.max(0, Swift.min(v, max))
        return TripInterval(min: n, avg: n, max: n)
    }

    /// Cycles from issuing a read of `array` to its data.
    ///
    /// An m_axi read costs `m_axi_latency` plus 10 cycles of adapter (request and data FIFOs),
    /// fitted on vadd_u32_maxi_4096_zu3eg: its loop of 4096 trips at II 2 takes 8267 cycles,
    /// an iteration latency of 76 = this read (74), the add and the write request.
    func readLatency(_ array: String) -> Double {
        guard let p = places[array] else { return 1 }
        switch p.kind {
        case .axi: return Double(axiLatency + KernelContext.axiAdapterCycles)
        case .onChip(.stream) where p.physical.interfaceMode == .axis:
            // AXI-Stream data and side channels are registered once more (mmult128_i32: a
            // stream-to-BRAM copy has iteration latency 3, against 2 for an ap_fifo in gemv).
            return 2
        case .onChip(let kind): return Double(table.memoryReadLatency(kind, bindLatency: p.physical.storage?.latency))
        }
    }

    /// Extra cycles before a store to `array` is issued: 1 for an AXI-Stream port, whose
    /// data and side channels are registered (mmult128_i32's BRAM-to-stream copy: iteration
    /// latency 3), else 0.
    func writeExtra(_ array: String) -> Double {
        guard let p = places[array], case .onChip(.stream) = p.kind, p.physical.interfaceMode == .axis else { return 0 }
        return 1
    }

    static let axiAdapterCycles = 10
    /// Cycles a function waits after its last m_axi write for the write responses:
    /// `m_axi_latency` + 7, fitted on vadd (function 8338 cycles vs its loop's 8267).
    var axiWriteDrain: Int { axiLatency + 7 }

    /// True when `array` is an m_axi port.
    func isAxi(_ array: String) -> Bool { places[array]?.isAxi ?? false }
}
