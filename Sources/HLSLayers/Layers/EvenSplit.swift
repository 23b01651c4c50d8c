import HLSIR

/// `total` items over `n` parts as evenly as possible, the larger parts first (25 heads over 4
/// devices: 7, 6, 6, 6), in whole `unit`s of items but for the last part (so that every slice
/// of a matrix is a whole number of 512-bit beats and its port can burst at full width);
/// units of 1 when there are fewer units than parts.
public func evenSplit(_ total: Int, _ n: Int, unit: Int = 1) -> [Range<Int>] {
    let u = total >= n * unit ? Swift.max(1, unit) : 1
    let units = (total + u - 1) / u
    var out: [Range<Int>] = []
    var start = 0
    for e in 0..<n {
        let size = Swift.min(total - start, (units / n + (e < units % n ? 1 : 0)) * u)
        out.append(start ..< start + size)
        start += size
    }
    return out
}

/// The one-device top's partitions of its local arrays carried to a device top's locals of
/// the same name (`forward.xq_c` → `device.xq_c`), where the factor divides the array.
func carryLocals(_ forward: Schedule, from: String, to: String, targets: [String: ScheduleTarget], kernels: [Kernel],
                 into out: inout Schedule) {
    guard let top = kernels.first(where: { $0.name == to }) else { return }
    for (key, directives) in forward.buffers where key.hasPrefix(from + ".") {
        let local = String(key.dropFirst(from.count + 1))
        let name = "\(to).\(local)"
        guard targets[name] == .localArray, let b = top.buffer(local) else { continue }
        let fits = directives.partitions.allSatisfy { p in
            guard let f = p.factor, p.dim >= 1, p.dim <= b.shape.count else { return true }
            return b.shape[p.dim - 1] % f == 0
        }
        if fits { out.buffers[name] = directives }
    }
}

/// The hardware schedule of a device kernel's stage I/O (`LlamaDevices`, `GPT2Devices`): the
/// gathered `input`, the residual stream `x` and the stage's `output` of kernel `top` on
/// m_axi bundles of their own, 512 bits wide with long bursts, and the loops that copy `input`
/// on chip or add it to `x` (`loops`: name, trips, the on-chip arrays they write) pipelined at
/// a 512-bit beat (16 floats) per cycle where that divides their trips, the arrays partitioned
/// cyclically to take them. Elementwise copies and adds: the results are unchanged.
func deviceStageSchedule(_ top: String, loops: [(String, Int, [String])], into out: inout Schedule) {
    let beat = 16
    for port in ["input", "x", "output"] {
        out.interface("\(top).\(port)", InterfaceDirectives(bundle: "gmem_\(port)", maxReadBurstLength: 64, numReadOutstanding: 8,
                                                            maxWidenBitwidth: 512))
    }
    for (loop, trips, arrays) in loops {
        out.pipeline("\(top).\(loop)")
        let u = MatVecEngines.largestDivisor(of: trips, upTo: beat)
        if u > 1 { out.unroll("\(top).\(loop)", factor: u) } else { out.loops["\(top).\(loop)"]?.unroll = nil }
        for v in arrays {
            let current = out.buffer("\(top).\(v)").partitions.first { $0.dim == 1 }
            if current?.type == .complete || (current?.factor ?? 1) >= u { continue }
            out.partition("\(top).\(v)", .cyclic, factor: u)
        }
    }
}
