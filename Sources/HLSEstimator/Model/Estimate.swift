import HLSIR

/// Why a pipelined loop cannot start an iteration every cycle (or that nothing limits it).
public enum IILimit: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The requested II was reached.
    case none
    /// A value carried from one iteration to the next passes through this chain of operators
    /// (e.g. `fadd` of an accumulation), `cycles` long.
    case recurrence(variable: String, chain: [String], cycles: Int)
    /// More accesses per iteration to an on-chip array than its banks' ports serve.
    case memoryPorts(array: String, accesses: Int, ports: Int)
    /// More transactions per iteration on one m_axi bundle than its one read and one write
    /// channel carry.
    case axiPort(bundle: String, accesses: Int)
    /// More bytes per iteration on one m_axi bundle than the memory bank it sits on delivers
    /// per cycle (a bundle is one AXI master on one bank: a DDR channel or an HBM
    /// pseudo-channel).
    case memoryBank(bundle: String, bytes: Int, bytesPerCycle: Double)
    /// The loop is not pipelined (II is its iteration latency).
    case notPipelined

    public var description: String {
        switch self {
        case .none: return "-"
        case .recurrence(let v, let chain, let c):
            return "recurrence on \(v) through \(chain.joined(separator: "→")) (\(c) cycles)"
        case .memoryPorts(let a, let n, let p): return "\(n) accesses to \(a) per iteration over \(p) ports"
        case .axiPort(let b, let n): return "\(n) transactions per iteration on m_axi bundle \(b)"
        case .memoryBank(let b, let n, let c):
            return "\(n) bytes per iteration on m_axi bundle \(b), its memory bank gives \(Int(c.rounded(.down))) per cycle"
        case .notPipelined: return "not pipelined"
        }
    }
}

/// One loop or reduction of a function, as the synthesis report would list it.
public struct LoopEstimate: Hashable, Sendable, Codable {
    /// `kernel.label`.
    public var name: String
    /// Nesting depth inside its function (0 for top-level loops).
    public var depth: Int
    public var trips: CycleRange
    /// Cycles from an iteration's start to its end.
    public var iterationLatency: Int
    /// Achieved II (nil when not pipelined).
    public var ii: Int?
    /// Requested II (nil when not pipelined).
    public var iiTarget: Int?
    public var limit: IILimit
    public var pipelined: Bool
    /// Total cycles of the loop, including pipeline fill and drain.
    public var latency: CycleRange
    /// The pragmas placed on the loop, as the emitter writes them (for the report).
    public var pragmas: [String]
    /// Loops nested inside that are not unrolled away (pipelining a loop unrolls those below).
    public var children: [LoopEstimate]

    public init(name: String, depth: Int, trips: CycleRange, iterationLatency: Int, ii: Int?, iiTarget: Int?,
                limit: IILimit, pipelined: Bool, latency: CycleRange, pragmas: [String] = [], children: [LoopEstimate] = []) {
        self.name = name
        self.depth = depth
        self.trips = trips
        self.iterationLatency = iterationLatency
        self.ii = ii
        self.iiTarget = iiTarget
        self.limit = limit
        self.pipelined = pipelined
        self.latency = latency
        self.pragmas = pragmas
        self.children = children
    }
}

/// One function (kernel) of the design.
public struct FunctionEstimate: Hashable, Sendable, Codable {
    public var name: String
    /// Cycles of one call.
    public var latency: CycleRange
    /// Cycles between the starts of two calls (latency + 1 unless the function is pipelined
    /// or a dataflow region).
    public var interval: CycleRange
    /// This function's own operators, registers and memories plus those of its callees.
    public var resources: Resources
    public var loops: [LoopEstimate]
    /// Callees, with how many times one call of this function calls each.
    public var calls: [String: Int]
    public var dataflow: Bool
    public init(name: String, latency: CycleRange, interval: CycleRange, resources: Resources,
                loops: [LoopEstimate], calls: [String: Int] = [:], dataflow: Bool = false) {
        self.name = name
        self.latency = latency
        self.interval = interval
        self.resources = resources
        self.loops = loops
        self.calls = calls
        self.dataflow = dataflow
    }
}

/// Traffic of one m_axi bundle (one AXI master adapter).
public struct BundleEstimate: Hashable, Sendable, Codable {
    public var name: String
    public var ports: [String]
    /// Bytes read and written per call of the top function (avg over runtime trip counts).
    public var bytesRead: Int
    public var bytesWritten: Int
    /// True when the accesses form bursts (UG1399's conditions), with the reason otherwise.
    public var bursts: Bool
    public var burstNote: String
    /// Width of one beat after automatic widening, in bits.
    public var beatBits: Int
    /// Bytes per second the bundle can sustain at the design's clock with this access pattern.
    public var bandwidth: Double
    public init(name: String, ports: [String], bytesRead: Int, bytesWritten: Int, bursts: Bool, burstNote: String,
                beatBits: Int, bandwidth: Double) {
        self.name = name
        self.ports = ports
        self.bytesRead = bytesRead
        self.bytesWritten = bytesWritten
        self.bursts = bursts
        self.burstNote = burstNote
        self.beatBits = beatBits
        self.bandwidth = bandwidth
    }
}

/// The estimate of a whole design on one device at one clock.
public struct DesignEstimate: Hashable, Sendable, Codable {
    public var top: String
    public var device: String
    public var part: String
    public var clockMHz: Double
    /// Functions, top first, then callees in call order.
    public var functions: [FunctionEstimate]
    public var bundles: [BundleEstimate]
    /// Resources of the top function (callees included) and what the device offers.
    public var total: Resources
    public var available: Resources
    public var latency: CycleRange
    /// Accepted but costly choices the validator found.
    public var warnings: [String]
    public init(top: String, device: String, part: String, clockMHz: Double, functions: [FunctionEstimate],
                bundles: [BundleEstimate], total: Resources, available: Resources, latency: CycleRange, warnings: [String]) {
        self.top = top
        self.device = device
        self.part = part
        self.clockMHz = clockMHz
        self.functions = functions
        self.bundles = bundles
        self.total = total
        self.available = available
        self.latency = latency
        self.warnings = warnings
    }
    public func function(_ name: String) -> FunctionEstimate? { functions.first { $0.name == name } }
}

/// Token throughput of a whole-model design: one call of the top function per token.
public struct ThroughputEstimate: Hashable, Sendable, Codable {
    /// Cycles per token (the top function's average latency, over positions).
    public var cyclesPerToken: Double
    /// Clock ÷ cycles per token: the rate the schedule allows when memory keeps up.
    public var scheduleTokensPerSecond: Double
    /// The rate if every m_axi bundle moved its bytes at the bandwidth its access pattern
    /// sustains (bursts and widening, or single beats limited by outstanding requests), all
    /// at once, at most the roofline; nil without traffic.
    public var bundleBoundTokensPerSecond: Double?
    /// The bundle that sets `bundleBoundTokensPerSecond`.
    public var slowestBundle: String?
    /// The modeled rate: the lower of the schedule's and the bundles' (csynth's latency does
    /// not wait for single-beat AXI round trips; the board does).
    public var tokensPerSecond: Double
    /// Bytes read and written from device memory per token.
    public var bytesPerToken: Double
    /// The board's total memory bandwidth (bytes/s) ÷ bytes per token.
    public var rooflineTokensPerSecond: Double
    public var ratio: Double { rooflineTokensPerSecond > 0 ? tokensPerSecond / rooflineTokensPerSecond : 0 }

    public init(cyclesPerToken: Double, scheduleTokensPerSecond: Double, bundleBoundTokensPerSecond: Double?,
                slowestBundle: String?, bytesPerToken: Double, rooflineTokensPerSecond: Double) {
        self.cyclesPerToken = cyclesPerToken
        self.scheduleTokensPerSecond = scheduleTokensPerSecond
        self.bundleBoundTokensPerSecond = bundleBoundTokensPerSecond
        self.slowestBundle = slowestBundle
        self.tokensPerSecond = Swift.min(scheduleTokensPerSecond, bundleBoundTokensPerSecond ?? .infinity)
        self.bytesPerToken = bytesPerToken
        self.rooflineTokensPerSecond = rooflineTokensPerSecond
    }

    /// A throughput whose schedule is the only limit.
    public init(cyclesPerToken: Double, tokensPerSecond: Double, bytesPerToken: Double, rooflineTokensPerSecond: Double) {
        self.init(cyclesPerToken: cyclesPerToken, scheduleTokensPerSecond: tokensPerSecond, bundleBoundTokensPerSecond: nil,
                  slowestBundle: nil, bytesPerToken: bytesPerToken, rooflineTokensPerSecond: rooflineTokensPerSecond)
    }
}
