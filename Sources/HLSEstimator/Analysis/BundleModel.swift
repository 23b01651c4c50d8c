import HLSIR

/// The per-bundle summary: bytes, bursts, beat width and sustainable bandwidth.
///
/// Bandwidth = beat bytes × clock × efficiency, where efficiency is (assumed, UG1399's burst
/// discussion): bursts of L beats keep the channel busy L of every L + 2 cycles; pipelined
/// single beats are limited by the requests in flight, `num_read_outstanding` (16) per
/// round trip of `m_axi_latency` + adapter cycles; single beats outside a pipeline wait one
/// round trip each.
enum BundleModel {
    static func bundles(_ top: BoundKernel, traffic: Traffic, clockMHz: Double, axiLatency: Int) -> [BundleEstimate] {
        var ports: [String: [String]] = [:]
        var interface: [String: InterfaceDirectives] = [:]
        var widths: [String: Int] = [:]
        for p in top.kernel.parameters {
            guard case .buffer(let n) = p else { continue }
            let b = top.buffer(n)
            guard let bundle = b.bundle else { continue }
            ports[bundle, default: []].append(n)
            interface[bundle] = b.interface
            widths[bundle] = Swift.max(widths[bundle] ?? 0, b.buffer.elementType.storageBytes * 8)
        }
        let roundTrip = Double(axiLatency + KernelContext.axiAdapterCycles)
        return ports.keys.sorted().map { name in
            let t = traffic[name] ?? BundleTraffic()
            let i = interface[name] ?? InterfaceDirectives()
            let beat = Swift.max(t.beatBits, widths[name] ?? 32)
            let efficiency: Double
            let moved = t.readBytes + t.writeBytes > 0
            if !moved {
                efficiency = 0
            } else if t.bursts {
                let l = Double(Swift.max(1, i.maxReadBurstLength ?? 16))
                efficiency = l / (l + 2)
            } else if t.unpipelinedSingles {
                efficiency = 1 / roundTrip
            } else {
                efficiency = Swift.min(1, Double(i.numReadOutstanding ?? 16) / roundTrip)
            }
            let note = moved ? t.notes.joined(separator: "; ") : "not accessed"
            return BundleEstimate(name: name, ports: ports[name] ?? [], bytesRead: Saturating.int(t.readBytes),
                                  bytesWritten: Saturating.int(t.writeBytes), bursts: moved && t.bursts, burstNote: note,
                                  beatBits: beat, bandwidth: Double(beat / 8) * clockMHz * 1e6 * efficiency)
        }
    }
}
