import HLSIR

/// How the accesses one pipelined iteration makes to an on-chip array fall on its banks, and
/// the II that the banks' ports impose: II ≥ ⌈(most accesses to one bank) / (ports per bank)⌉.
///
/// Each access is expanded over the unrolled copies around it and its element mapped to a
/// bank per dimension (cyclic: index mod factor; block: index ÷ ⌈extent / factor⌉; complete:
/// the index). mmult128_i32: 128 reads per iteration of a block-16 array = 8 per bank over 2
/// ports → II 4; mmult3x3: 3 reads of an unpartitioned array over 2 ports → II 2.
enum MemoryPorts {
    struct Limit {
        let array: String
        /// Accesses to the busiest bank in one iteration.
        let accesses: Int
        let ports: Int
        var ii: Int { ports >= Int.max / 8 ? 1 : (accesses + ports - 1) / ports }
    }

    /// The most copies enumerated per access; beyond it accesses are assumed spread evenly.
    static let enumerationLimit = 4096

    static func limits(_ accesses: [Access], context: KernelContext) -> [Limit] {
        var perBank: [String: [[Int]: Int]] = [:]
        var place: [String: ArrayPlace] = [:]
        var spread: [String: Int] = [:]
        for a in accesses {
            guard let p = context.places[a.array], case .onChip(let kind) = p.kind, kind != .registers else { continue }
            let key = p.physical.dottedName
            place[key] = p
            let shape = p.physical.buffer.shape
            // Copies of a read whose index does not use an unrolled counter are one load (the
            // tool shares it): only the counters the index reads make copies.
            let unrolled = a.isWrite ? a.unrolled : a.unrolled.filter { u in a.indices.contains { $0.loopVars.contains(u.variable) } }
            let copies = unrolled.reduce(1) { Saturating.mul($0, $1.copies) }
            if copies > enumerationLimit {
                spread[key, default: 0] += (copies + p.physical.totalBanks - 1) / Swift.max(1, p.physical.totalBanks)
                continue
            }
            var counts = perBank[key] ?? [:]
            forEachCopy(unrolled) { env in
                var idx = a.indices.map { i in i.evaluate { env[$0] ?? 0 } ?? 0 }
                if idx.count == 1 && shape.count > 1 {
                    // A 1-D view of a multi-dimensional array: unflatten (row-major).
                    var flat = idx[0] + (p.offset ?? 0)
                    idx = Array(repeating: 0, count: shape.count)
                    for d in stride(from: shape.count - 1, through: 0, by: -1) {
                        idx[d] = flat % Swift.max(1, shape[d])
                        flat /= Swift.max(1, shape[d])
                    }
                } else if idx.count == 1 {
                    idx[0] += p.offset ?? 0
                }
                counts[bank(of: idx, in: p.physical), default: 0] += 1
            }
            perBank[key] = counts
        }
        var out: [Limit] = []
        for (key, p) in place {
            let worst = (perBank[key]?.values.max() ?? 0) + (spread[key] ?? 0)
            out.append(Limit(array: p.physical.buffer.name, accesses: worst, ports: p.portsPerBank))
        }
        return out.sorted { $0.ii != $1.ii ? $0.ii > $1.ii : $0.array < $1.array }
    }

    /// The bank (one coordinate per dimension) element `idx` of `b` lives in.
    static func bank(of idx: [Int], in b: BoundBuffer) -> [Int] {
        idx.enumerated().map { d, i in
            guard d < b.buffer.shape.count,
                  let p = b.partitions.first(where: { $0.dim == d + 1 }) ?? b.partitions.first(where: { $0.dim == 0 })
            else { return 0 }
            let extent = Swift.max(1, b.buffer.shape[d])
            switch p.type {
            case .complete: return i
            case .cyclic: return i % Swift.max(1, p.factor ?? 1)
            case .block:
                let f = Swift.max(1, p.factor ?? 1)
                return i / Swift.max(1, (extent + f - 1) / f)
            }
        }
    }

    /// Calls `body` once per combination of the unrolled variables' values.
    static func forEachCopy(_ unrolled: [(variable: String, copies: Int)], _ body: ([String: Int]) -> Void) {
        var env: [String: Int] = [:]
        func go(_ i: Int) {
            if i == unrolled.count { body(env); return }
            for v in 0..<Swift.max(1, unrolled[i].copies) {
                env[unrolled[i].variable] = v
                go(i + 1)
            }
        }
        go(0)
    }
}
