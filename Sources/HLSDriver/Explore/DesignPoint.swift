import HLSConfig
import HLSEstimator
import HLSIR

/// One schedule the search evaluated: the overrides over the starting schedule, the bound
/// designs they give and the estimator's figures.
struct DesignPoint: Sendable {
    /// Directives merged over the starting schedule (empty for the starting point).
    var overrides: Schedule
    /// `ScheduleJSON.key(overrides)` (after `engines N` for several engines): orders and
    /// deduplicates points.
    var key: String
    var bound: [BoundDesign]
    var estimates: [DesignEstimate]
    /// Whole models: the modeled tokens per second (`Estimator.throughput`); nil for layers.
    var throughput: ThroughputEstimate?
    /// Average cycles of one call, summed over the designs.
    var latency: Double
    /// Per resource, the largest share of the device any design uses.
    var utilization: [ResourceShare]
    /// The matrix-vector engines of the whole-model design the point schedules.
    var engines = 1
    /// The last move that reached this point (`start` for the starting schedule).
    var via = "start"

    /// Higher is better: tokens per second for a model, minus the latency for layers.
    var score: Double { throughput?.tokensPerSecond ?? -latency }

    /// The resource with the largest share of the device.
    var scarcest: ResourceShare {
        utilization.max { $0.fraction != $1.fraction ? $0.fraction < $1.fraction : $0.name > $1.name }
            ?? ResourceShare(name: "DSP", used: 0, available: 0)
    }

    /// True when every resource is at most `maxUtil` of the device.
    func fits(_ maxUtil: Double) -> Bool { utilization.allSatisfy { $0.fraction <= maxUtil } }

    /// Better score first; at equal scores the smaller scarcest share, then the key.
    static func before(_ a: DesignPoint, _ b: DesignPoint) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.scarcest.fraction != b.scarcest.fraction { return a.scarcest.fraction < b.scarcest.fraction }
        return a.key < b.key
    }
}

/// How much of one resource a design uses.
struct ResourceShare: Hashable, Sendable, Codable {
    /// `DSP`, `BRAM_18K`, `URAM`, `FF` or `LUT`.
    var name: String
    var used: Int
    var available: Int
    /// Used ÷ available; infinite when the device has none and the design needs some.
    var fraction: Double {
        available > 0 ? Double(used) / Double(available) : (used > 0 ? .infinity : 0)
    }

    /// The five resources of `used` against `available`.
    static func all(_ used: Resources, of available: Resources) -> [ResourceShare] {
        [("DSP", used.dsp, available.dsp), ("BRAM_18K", used.bram18k, available.bram18k), ("URAM", used.uram, available.uram),
         ("FF", used.ff, available.ff), ("LUT", used.lut, available.lut)].map { ResourceShare(name: $0.0, used: $0.1, available: $0.2) }
    }
}
