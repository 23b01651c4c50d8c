import HLSIR

/// The body of a DATAFLOW function as Vitis runs it: every top-level statement (a loop, a
/// call, a straight-line segment) is a process, and a process starts as soon as every earlier
/// process it depends on has finished — it reads an array or variable they write, or writes
/// one they read or write (array channels are ping-pong buffers: a consumer waits for its
/// producer's whole output). Processes with no such link run side by side, so the region's
/// latency is its longest chain, not the sum of its processes (mmult128_f32_dataflow's three
/// stages form one chain: 33,538 + 66,180 + 16,897 ≈ 116,617). Processes side by side share
/// the memory banks their bundles sit on (the schedule's `bank`, else a bank per bundle): the
/// region takes at least the bytes its processes move on the busiest bank divided by what
/// the bank delivers per cycle.
extension KernelAnalyzer {
    func dataflowLatency(_ stmts: [Stmt]) -> CycleRange {
        var finished: [(reads: Set<String>, writes: Set<String>, end: CycleRange)] = []
        var bankBytes: [String: Double] = [:]
        let banks = bundleBanks()
        for s in stmts {
            let cost = block([s], depth: 0)
            for (bundle, t) in cost.traffic { bankBytes[banks[bundle] ?? bundle, default: 0] += t.readBytes + t.writeBytes }
            let (reads, writes) = accessSets(s)
            var start = CycleRange.zero
            for p in finished where !p.writes.isDisjoint(with: reads.union(writes)) || !p.reads.isDisjoint(with: writes) {
                start = CycleRange(min: Swift.max(start.min, p.end.min), avg: Swift.max(start.avg, p.end.avg),
                                   max: Swift.max(start.max, p.end.max))
            }
            finished.append((reads, writes, start + cost.latency))
        }
        let chain = finished.reduce(CycleRange.zero) {
            CycleRange(min: Swift.max($0.min, $1.end.min), avg: Swift.max($0.avg, $1.end.avg), max: Swift.max($0.max, $1.end.max))
        }
        guard let bank = context.device.memory.first?.bytesPerSecond, bank > 0, let busiest = bankBytes.values.max() else { return chain }
        let floor = Saturating.int((busiest / (bank / (context.table.clockMHz * 1e6))).rounded(.up))
        return CycleRange(min: Swift.max(chain.min, floor), avg: Swift.max(chain.avg, floor), max: Swift.max(chain.max, floor))
    }

    /// The bank of every m_axi bundle the schedule places (`InterfaceDirectives.bank`), as a
    /// key shared by the bundles on one bank.
    private func bundleBanks() -> [String: String] {
        var out: [String: String] = [:]
        let top = context.design.design.topKernel
        for b in top.kernel.buffers where b.isArgument {
            let bb = top.buffer(b.name)
            if let bundle = bb.bundle, let bank = bb.interface?.bank { out[bundle] = "bank \(bank % Swift.max(1, context.device.memory.first?.banks ?? 1))" }
        }
        return out
    }

    /// The arrays and variables `s` reads and writes (a call: its array arguments, by the
    /// direction of the callee's parameter).
    private func accessSets(_ s: Stmt) -> (reads: Set<String>, writes: Set<String>) {
        var reads = Set<String>(), writes = Set<String>()
        func readExpr(_ e: Expr) {
            e.walk { x in
                switch x.node {
                case .load(let b, _): reads.insert(b)
                case .variable(let v): reads.insert(v.name)
                default: break
                }
            }
        }
        StmtVisitor.forEachStatement(in: [s]) { st, _ in
            StmtVisitor.expressions(of: st).forEach(readExpr)
            switch st {
            case .store(let b, let indices, _):
                writes.insert(b)
                for i in indices { reads.formUnion(i.params) }
            case .assign(let v, _), .declare(let v, _), .bind(let v, _):
                writes.insert(v.name)
            case .reduce(let r):
                writes.insert(r.result.name)
            case .call(let callee, let args):
                let params = context.design.design.kernel(callee)?.kernel
                for (i, a) in args.enumerated() {
                    guard case .buffer(let name, _) = a else { continue }
                    var direction = Direction.readWrite
                    if let k = params, i < k.parameters.count, case .buffer(let p) = k.parameters[i],
                       let d = k.buffer(p)?.direction {
                        direction = d
                    }
                    if direction.isRead { reads.insert(name) }
                    if direction.isWritten { writes.insert(name) }
                }
            case .loop, .branch:
                break
            }
        }
        return (reads, writes)
    }
}
