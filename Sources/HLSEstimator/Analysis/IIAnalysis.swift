import HLSIR

/// The initiation interval a pipelined loop achieves and what limits it:
/// II = max(target, recurrence, memory ports, m_axi channels).
///
/// - Recurrence: a value carried to the next iteration through a chain of `c` cycles needs
///   II ≥ ⌈c / d⌉ when it is reused `d` iterations later (a float accumulation `acc += x` has
///   II = fadd latency; with K lanes and unroll U each lane takes ⌈U/K⌉ adds per iteration,
///   or comes back every K/U iterations). Integer adds chain within a cycle: II 1 (guide:
///   "int8 × int8 products summed in int32 reach II = 1 directly"). gemv_f32 on Versal: the
///   2-cycle fmadd gives II 2.
/// - Memory ports: `MemoryPorts`.
/// - m_axi: one read and one write channel per bundle, a beat per cycle each (`AxiPorts`).
/// - Memory bank (not part of the II csynth reports, but of the loop's run time): a bundle is
///   one AXI master connected to one bank, so the bytes it moves per iteration (reads and
///   writes together) arrive no faster than the bank delivers them at this clock (a DDR4
///   channel 19.2 GB/s: 64 B per cycle at 300 MHz; an HBM pseudo-channel 14.4 GB/s: 47.9 B),
///   `bankInterval`. Without this a 1024-bit widened port would model twice what its bank
///   can stream.
struct IIAnalysis {
    let ii: Int
    let limit: IILimit
    let axi: AxiPorts
    /// Extra cycles for the last access of each array whose accesses are spread over the II.
    let stagger: [String: Double]
    /// Cycles per iteration the busiest bundle's memory bank needs for the bytes it moves,
    /// when that is more than `ii` (else 0): csynth schedules `ii`, the bank stalls the loop to
    /// this rate at run time.
    let bankInterval: Double
    /// `.memoryBank` when `bankInterval` is set.
    let bankLimit: IILimit?

    /// Whole cycles a carried chain of `c` (fractional) cycles needs: a combinational tail of
    /// at most half a cycle feeds the next iteration's first operator within its cycle (a
    /// max reduction on UltraScale+ at 300 MHz: a 2-cycle fcmp and a select, II 2).
    static func cycles(_ c: Double) -> Int {
        let whole = c.rounded(.down)
        return Swift.max(1, Saturating.int(c - whole <= 0.5 ? whole : whole + 1))
    }

    init(_ accesses: [Access], recurrence: [(variable: String, chain: [String], cycles: Double)], context: KernelContext,
         loopVariable: String, target: Int, iterations: Int?) {
        var best = Swift.max(1, target)
        var limit = IILimit.none
        for r in recurrence {
            let c = IIAnalysis.cycles(r.cycles)
            if c > best {
                best = c
                limit = .recurrence(variable: r.variable, chain: r.chain, cycles: c)
            }
        }
        var stagger: [String: Double] = [:]
        let mem = MemoryPorts.limits(accesses, context: context)
        for m in mem where m.ii > 1 {
            for a in accesses where context.places[a.array]?.physical.buffer.name == m.array {
                stagger[a.array] = Double(m.ii - 1)
            }
        }
        if let m = mem.first, m.ii > best {
            best = m.ii
            limit = .memoryPorts(array: m.array, accesses: m.accesses, ports: m.ports)
        }
        let axi = AxiPorts(accesses, context: context, loopVariable: loopVariable, targetII: target, trips: iterations)
        var channelBeats: [String: Int] = [:]
        for p in axi.ports { channelBeats[p.bundle + (p.isWrite ? "/w" : "/r"), default: 0] += p.beats }
        for p in axi.ports {
            let beats = channelBeats[p.bundle + (p.isWrite ? "/w" : "/r")] ?? 1
            guard beats > 1 else { continue }
            for a in accesses where a.isWrite == p.isWrite && context.places[a.array]?.bundle == p.bundle {
                stagger[a.array] = Swift.max(stagger[a.array] ?? 0, Double(beats - 1))
            }
        }
        if let b = axi.busiest, b.beats > best {
            best = b.beats
            limit = .axiPort(bundle: b.bundle, accesses: b.beats)
        }
        var bankInterval = 0.0
        var bankLimit: IILimit?
        if let bank = context.device.memory.first?.bytesPerSecond, bank > 0 {
            let perCycle = bank / (context.table.clockMHz * 1e6)
            var bytes: [String: Int] = [:]
            for p in axi.ports where p.bursts { bytes[p.bundle, default: 0] += p.elements * p.elementBits / 8 }
            for (bundle, n) in bytes.sorted(by: { $0.key < $1.key }) where Double(n) / perCycle > Swift.max(bankInterval, Double(best)) {
                bankInterval = Double(n) / perCycle
                bankLimit = .memoryBank(bundle: bundle, bytes: n, bytesPerCycle: perCycle)
            }
        }
        self.bankInterval = bankInterval
        self.bankLimit = bankLimit
        self.ii = best
        self.limit = limit
        self.axi = axi
        self.stagger = stagger
    }
}
