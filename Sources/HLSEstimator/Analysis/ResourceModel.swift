import HLSIR

/// A function's own resources: its operator instances, memories, control, and for the top
/// function the AXI adapters.
enum ResourceModel {
    static func own(_ k: BoundKernel, body: RegionCost, places: [String: ArrayPlace], context: KernelContext) -> Resources {
        var r = Resources.zero
        for (op, n) in body.sharedOps.plus(body.pipelinedOps) {
            r += Saturating.scaled(context.table.cost(op).resources, n)
        }
        r += body.control
        // FSM of the function (assumed): a few registers and LUTs per function.
        r += Resources(ff: 30, lut: 50)
        for b in k.kernel.buffers where !b.isArgument {
            if case .onChip(let kind)? = places[b.name]?.kind {
                r += StorageModel.resources(k.buffer(b.name), kind: kind)
            }
        }
        if k.isTop { r += interfaces(k, beatBits: body.traffic.directionBeatBits) }
        return r
    }

    /// The s_axilite control adapter and one m_axi adapter per bundle, fitted on
    /// vadd_u32_maxi_4096_zu3eg (one bundle read and written, three pointers and a size:
    /// 4 BRAM_18K, 1495 FF, 2048 LUT for the whole kernel).
    ///
    /// - s_axilite: 100 FF + 64 per pointer + 32 per scalar; 120 LUT + 40 per argument.
    /// - m_axi bundle: 200 FF and 400 LUT, plus per direction used 350 + 2 × beat bits FF,
    ///   600 + beat bits LUT and 2 BRAM_18K per 36 bits of beat for the burst FIFO of the
    ///   default 16 outstanding × 16 beats. UG1399 (INTERFACE, `num_read_outstanding`): the
    ///   outstanding requests imply "a FIFO of size num_read_outstanding ×
    ///   max_read_burst_length × word_size", so the FIFO grows with the depth beyond the
    ///   512 words a 36-bit RAM_18K holds: × ⌈depth / 512⌉ (1 for the defaults, as fitted).
    ///   Writes use `max_write_burst_length` × 16 (the DSL sets no write outstanding).
    static func interfaces(_ k: BoundKernel, beatBits: [String: Int]) -> Resources {
        var r = Resources.zero
        var pointers = 0, scalars = 0
        var options: [String: InterfaceDirectives] = [:]
        var directions: [String: (read: Bool, write: Bool, readBits: Int, writeBits: Int)] = [:]
        for p in k.kernel.parameters {
            switch p {
            case .buffer(let n):
                let b = k.buffer(n)
                guard let bundle = b.bundle, let d = b.buffer.direction else { continue }
                pointers += 1
                options[bundle] = b.interface
                var e = directions[bundle] ?? (false, false, 0, 0)
                let element = b.buffer.elementType.storageBytes * 8
                e.read = e.read || d.isRead
                e.write = e.write || d.isWritten
                if d.isRead { e.readBits = Swift.max(e.readBits, beatBits[bundle + "/r"] ?? element) }
                if d.isWritten { e.writeBits = Swift.max(e.writeBits, beatBits[bundle + "/w"] ?? element) }
                directions[bundle] = e
            case .scalar, .size:
                scalars += 1
            }
        }
        // The control adapter exists in the kernel flow, i.e. when the top has m_axi ports
        // (stream and memory-port tops are IP-flow blocks with ap_none scalars).
        if !directions.isEmpty {
            r += Resources(ff: 100 + 64 * pointers + 32 * scalars, lut: 120 + 40 * (pointers + scalars))
        }
        for (bundle, e) in directions {
            r += Resources(ff: 200, lut: 400)
            let i = options[bundle] ?? InterfaceDirectives()
            let readDepth = (i.numReadOutstanding ?? 16) * (i.maxReadBurstLength ?? 16)
            let writeDepth = 16 * (i.maxWriteBurstLength ?? 16)
            for (used, bits, depth) in [(e.read, e.readBits, readDepth), (e.write, e.writeBits, writeDepth)] where used {
                let fifo = 2 * ((bits + 35) / 36) * Swift.max(1, (depth + 511) / 512)
                r += Resources(bram18k: fifo, ff: 350 + 2 * bits, lut: 600 + bits)
            }
        }
        return r
    }
}
