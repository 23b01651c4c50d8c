import HLSConfig
import HLSEstimator
import HLSIR

/// Evaluates schedules for the search: merges overrides over each starting design's schedule,
/// binds it (a schedule the validator refuses is no point), runs the estimator and, for whole
/// models, the throughput. Results are cached per design and overrides, so a schedule reached
/// twice, or a change that touches one design of several, costs nothing more.
final class PointEvaluator {
    let bases: [Design]
    let device: Device
    let clockMHz: Double
    let isModel: Bool
    /// The matrix-vector engines the bases were built with (whole models; 1 otherwise).
    let engines: Int
    /// Estimator runs so far (cache misses).
    private(set) var evaluations = 0
    private var cache: [Int: [Schedule: (BoundDesign, DesignEstimate)?]] = [:]
    private let kernels: [Set<String>]

    init(bases: [Design], device: Device, clockMHz: Double, isModel: Bool, engines: Int = 1) {
        self.bases = bases
        self.engines = engines
        self.device = device
        self.clockMHz = clockMHz
        self.isModel = isModel
        kernels = bases.map { Set($0.kernels.map(\.name)) }
    }

    /// The point for `overrides`, or nil when a design does not validate with them.
    func evaluate(_ overrides: Schedule) -> DesignPoint? {
        var bound: [BoundDesign] = []
        var estimates: [DesignEstimate] = []
        for i in bases.indices {
            guard let (b, e) = evaluate(design: i, restricted(overrides, to: kernels[i])) else { return nil }
            bound.append(b)
            estimates.append(e)
        }
        var shares: [String: ResourceShare] = [:]
        for e in estimates {
            for s in ResourceShare.all(e.total, of: e.available) where s.fraction >= (shares[s.name]?.fraction ?? -1) {
                shares[s.name] = s
            }
        }
        let order = ["DSP", "BRAM_18K", "URAM", "FF", "LUT"]
        let throughput = isModel ? estimates.first.map { Estimator.throughput($0, device: device) } : nil
        let key = (engines > 1 ? "engines \(engines) " : "") + ScheduleJSON.key(overrides)
        return DesignPoint(overrides: overrides, key: key, bound: bound, estimates: estimates,
                           throughput: throughput, latency: estimates.reduce(0) { $0 + Double($1.latency.avg) },
                           utilization: order.compactMap { shares[$0] }, engines: engines)
    }

    private func evaluate(design i: Int, _ overrides: Schedule) -> (BoundDesign, DesignEstimate)? {
        if let hit = cache[i]?[overrides] { return hit }
        var d = bases[i]
        d.schedule = d.schedule.merged(with: overrides)
        var result: (BoundDesign, DesignEstimate)?
        if let b = try? BoundDesign.bind(d) {
            evaluations += 1
            result = (b, Estimator.estimate(b, device: device, clockMHz: clockMHz))
        }
        cache[i, default: [:]][overrides] = .some(result)
        return result
    }

    /// The entries of `s` whose kernel (the text before the first dot) is one of `names`.
    func restricted(_ s: Schedule, to names: Set<String>) -> Schedule {
        func ours(_ key: String) -> Bool { names.contains(String(key.prefix { $0 != "." })) }
        var out = Schedule()
        out.loops = s.loops.filter { ours($0.key) }
        out.buffers = s.buffers.filter { ours($0.key) }
        out.interfaces = s.interfaces.filter { ours($0.key) }
        out.functions = s.functions.filter { ours($0.key) }
        return out
    }
}
