import HLSIR

/// The per-bundle summary: bytes, bursts, beat width and sustainable bandwidth.
///
/// Each access pattern sustains beat bytes × efficiency per cycle (assumed, after UG1399's
/// burst discussion): bursts of L beats keep the channel busy L of every L + 2 cycles, as
/// long as `num_read_outstanding` bursts cover a round trip;
/// pipelined single beats are limited by the requests in flight, `num_read_outstanding` (16)
/// per round trip of `m_axi_latency` + adapter cycles; single beats outside a pipeline wait
/// one round trip each. A bundle's bandwidth is its bytes over the cycles its accesses need
/// at those rates, times the clock.
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
        return ports.keys.sorted().map { name in
            let t = traffic[name] ?? BundleTraffic()
            let beat = Swift.max(t.beatBits, widths[name] ?? 32)
            let bytes = t.readBytes + t.writeBytes
            let moved = bytes > 0
            let note = moved ? t.notes.joined(separator: "; ") : "not accessed"
            let bandwidth = moved && t.busyCycles > 0 ? bytes / t.busyCycles * clockMHz * 1e6 : 0
            return BundleEstimate(name: name, ports: ports[name] ?? [], bytesRead: Saturating.int(t.readBytes),
                                  bytesWritten: Saturating.int(t.writeBytes), bursts: moved && t.bursts, burstNote: note,
                                  beatBits: beat, bandwidth: bandwidth)
        }
    }

    /// Bytes per cycle one access pattern sustains: bursts of L beats keep the channel busy L
    /// of every L + 2 cycles; pipelined single beats are limited by the requests in flight
    /// per round trip; single beats outside a pipeline move one beat per round trip.
    static func bytesPerCycle(beatBits: Int, bursts: Bool, pipelined: Bool, interface i: InterfaceDirectives,
                              axiLatency: Int) -> Double {
        let beat = Double(Swift.max(8, beatBits)) / 8
        let roundTrip = Double(axiLatency + KernelContext.axiAdapterCycles)
        if bursts {
            // Bursts of L beats, at most `num_read_outstanding` of them in flight per round
            // trip (UG1399: the design stalls when that many requests wait for a response).
            let l = Double(Swift.max(1, i.maxReadBurstLength ?? 16))
            let inFlight = Double(i.numReadOutstanding ?? 16) * l / roundTrip
            return beat * Swift.min(l / (l + 2), inFlight)
        }
        if !pipelined { return beat / roundTrip }
        return beat * Swift.min(1, Double(i.numReadOutstanding ?? 16) / roundTrip)
    }
}
