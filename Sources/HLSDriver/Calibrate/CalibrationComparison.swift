import HLSEstimator

/// The figures `hlsgen calibrate` tallies.
enum CalibrationMetric: String, CaseIterable, Sendable {
    case ii = "II"
    case latency
    case dsp = "DSP"
    case bram = "BRAM"

    /// Relative tolerance: II must match exactly.
    var tolerance: Double {
        switch self {
        case .ii: return 0
        case .latency: return 0.25
        case .dsp, .bram: return 0.30
        }
    }
}

/// One report loop row against its estimate.
struct LoopComparison: Sendable {
    let name: String
    let reportedII: Int?
    /// nil when no estimated loop matches the row, or the matched loop is not pipelined.
    let estimatedII: Int?
    let matched: Bool
    /// The matched loop's label when it differs from `name` (it flattens more loops).
    let estimatedName: String?
    var exact: Bool { matched && estimatedII == reportedII }
}

/// One calibration kernel: its entry, the estimate (when one could be made), and which
/// metrics it contributes to, with the reason for each it cannot support.
struct KernelComparison: Sendable {
    let entry: CalibrationEntry
    let estimate: DesignEstimate?
    let loops: [LoopComparison]
    /// Metrics this entry is left out of, with the reason.
    let exclusions: [(metric: CalibrationMetric, reason: String)]
    /// Why no estimate could be made (then every metric is excluded).
    let failure: String?
    /// True when the estimator itself failed (an error, not a limit of the entry).
    let estimatorFailed: Bool

    init(entry: CalibrationEntry, estimate: DesignEstimate) {
        self.entry = entry
        self.estimate = estimate
        failure = nil
        estimatorFailed = false
        let matcher = LoopMatcher(estimate)
        loops = entry.loops.map { row in
            let m = matcher.match(row.name)
            return LoopComparison(name: row.name, reportedII: row.ii, estimatedII: m?.loop.ii, matched: m != nil,
                                  estimatedName: m?.estimatedName)
        }
        exclusions = Self.exclusions(of: entry)
    }

    init(entry: CalibrationEntry, failure: String, estimatorFailed: Bool = false) {
        self.entry = entry
        estimate = nil
        loops = []
        self.failure = failure
        self.estimatorFailed = estimatorFailed
        exclusions = CalibrationMetric.allCases.map { ($0, failure) }
    }

    /// Metrics the entry's own data cannot support: no loop table (II), an unknown latency,
    /// and resources a caveat says are not attributed to this report's module.
    static func exclusions(of entry: CalibrationEntry) -> [(metric: CalibrationMetric, reason: String)] {
        var out: [(CalibrationMetric, String)] = []
        if entry.loops.isEmpty { out.append((.ii, "the report has no loop table")) }
        if entry.latency.max == nil { out.append((.latency, "the report's maximum latency is unknown (?)")) }
        for caveat in entry.caveats where caveat.lowercased().contains("not attributed") {
            let words = Set(caveat.uppercased().split { !$0.isLetter && !$0.isNumber && $0 != "_" }.map(String.init))
            if words.contains("DSP") { out.append((.dsp, "caveat: \(caveat)")) }
            if words.contains("BRAM") || words.contains("BRAM_18K") { out.append((.bram, "caveat: \(caveat)")) }
        }
        return out
    }

    func isExcluded(_ m: CalibrationMetric) -> Bool { exclusions.contains { $0.metric == m } }

    /// (estimated, reported) for a whole-kernel metric, nil when excluded or not estimated.
    func pair(_ m: CalibrationMetric) -> (est: Int, rep: Int)? {
        guard let e = estimate, !isExcluded(m) else { return nil }
        switch m {
        case .latency: return entry.latency.max.map { (e.latency.max, $0) }
        case .dsp: return (e.total.dsp, entry.utilization.dsp)
        case .bram: return (e.total.bram18k, entry.utilization.bram18k)
        case .ii: return nil
        }
    }
}

/// The counts of the summary line.
struct CalibrationTally: Sendable {
    var kernels = 0
    var hits: [CalibrationMetric: Int] = [:]
    var totals: [CalibrationMetric: Int] = [:]

    /// `|est − rep| ≤ tolerance · rep`; a reported 0 needs an exact 0.
    static func within(_ est: Int, _ rep: Int, _ tolerance: Double) -> Bool {
        rep == 0 ? est == 0 : Double(abs(est - rep)) <= tolerance * Double(rep)
    }

    mutating func add(_ k: KernelComparison) {
        kernels += 1
        if !k.isExcluded(.ii) {
            for l in k.loops {
                totals[.ii, default: 0] += 1
                if l.exact { hits[.ii, default: 0] += 1 }
            }
        }
        for m in [CalibrationMetric.latency, .dsp, .bram] {
            guard let (est, rep) = k.pair(m) else { continue }
            totals[m, default: 0] += 1
            if Self.within(est, rep, m.tolerance) { hits[m, default: 0] += 1 }
        }
    }

    func ratio(_ m: CalibrationMetric) -> String { "\(hits[m] ?? 0)/\(totals[m] ?? 0)" }

    /// `calibration: N kernels, II exact on a/b loops, latency within 25% on c/d, DSP within
    /// 30% on e/f, BRAM within 30% on g/h`.
    var summary: String {
        "calibration: \(kernels) kernels, II exact on \(ratio(.ii)) loops, latency within 25% on \(ratio(.latency)), "
            + "DSP within 30% on \(ratio(.dsp)), BRAM within 30% on \(ratio(.bram))"
    }
}
