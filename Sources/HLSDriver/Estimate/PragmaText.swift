import HLSIR

/// The `#pragma HLS` lines of a loop, a function and its arrays, spelled as the emitter
/// writes them (`PragmaBuilder`, internal to HLSEmitter; a test holds the two together):
/// PIPELINE, UNROLL, LOOP_FLATTEN, LOOP_TRIPCOUNT in that order for a loop, and a
/// `LOOP_TRIPCOUNT` from the bound for a runtime-bound loop that has none. The report uses
/// these beside each loop (`LoopPragmas`); the estimator's own `LoopEstimate.pragmas` is a summary
/// in its own spelling, with notes.
enum PragmaText {
    /// The loop's pragmas in the order they open its body.
    static func loop(_ loop: BoundLoop) -> [String] {
        let d = loop.directives
        var out: [String] = []
        switch d.pipeline {
        case .ii(let n)?: out.append("#pragma HLS PIPELINE II=\(n)")
        case .off?: out.append("#pragma HLS PIPELINE off")
        case nil: break
        }
        switch d.unroll {
        case .factor(let n)?: out.append("#pragma HLS UNROLL factor=\(n)")
        case .full?: out.append("#pragma HLS UNROLL")
        case nil: break
        }
        if let f = d.flatten { out.append(f ? "#pragma HLS LOOP_FLATTEN" : "#pragma HLS LOOP_FLATTEN off") }
        if let tc = d.tripCount {
            out.append(tripCount(min: tc.min, max: tc.max, avg: tc.avg))
        } else if case .runtime(_, let m) = loop.bound {
            out.append(tripCount(min: 1, max: m, avg: (m + 1) / 2))
        }
        return out
    }

    /// DATAFLOW and INLINE of a function, then ARRAY_PARTITION and BIND_STORAGE of its arrays
    /// (sorted by name).
    static func function(_ kernel: BoundKernel) -> [String] {
        var out: [String] = []
        if kernel.function.dataflow { out.append("#pragma HLS DATAFLOW") }
        switch kernel.function.inline {
        case .on?: out.append("#pragma HLS INLINE")
        case .off?: out.append("#pragma HLS INLINE off")
        case .recursive?: out.append("#pragma HLS INLINE recursive")
        case nil: break
        }
        for name in kernel.buffers.keys.sorted() {
            let b = kernel.buffers[name]!
            if b.bundle != nil { continue }
            for p in b.partitions {
                let factor = p.type == .complete ? "" : " factor=\(p.factor ?? 1)"
                out.append("#pragma HLS ARRAY_PARTITION variable=\(name) type=\(p.type.rawValue)\(factor) dim=\(p.dim)")
            }
            if let s = b.storage {
                out.append("#pragma HLS BIND_STORAGE variable=\(name) type=\(s.type.rawValue) impl=\(s.impl.rawValue)"
                    + (s.latency.map { " latency=\($0)" } ?? ""))
            }
        }
        return out
    }

    private static func tripCount(min: Int, max: Int, avg: Int) -> String {
        "#pragma HLS LOOP_TRIPCOUNT min=\(min) max=\(max) avg=\(avg)"
    }
}
