/// One kernel of the calibration file (`vitis_reports.json`): what the report header and the
/// C-synthesis report say, as far as the comparison with the estimator needs it.
public struct CalibrationEntry: Hashable, Sendable {
    public var id: String
    public var tool: String
    /// nil when the entry has none.
    public var toolVersion: String?
    /// The part as the report (or the entry) names it; nil when the entry has none.
    public var part: String?
    public var targetClockNs: Double
    /// Reported latency of one call, in cycles (nil where the report prints `?`).
    public var latency: ReportedRange
    /// The report's loop table; empty when the report shows none.
    public var loops: [ReportedLoop]
    /// The report's utilisation totals.
    public var utilization: ReportedUtilization
    public var caveats: [String]
    /// Where the entry says a header field was inferred or taken from elsewhere
    /// (`part_source`, `tool_version_source`), as `key: text`.
    public var headerNotes: [String]

    public init(id: String, tool: String, toolVersion: String?, part: String?, targetClockNs: Double,
                latency: ReportedRange, loops: [ReportedLoop], utilization: ReportedUtilization,
                caveats: [String] = [], headerNotes: [String] = []) {
        self.id = id
        self.tool = tool
        self.toolVersion = toolVersion
        self.part = part
        self.targetClockNs = targetClockNs
        self.latency = latency
        self.loops = loops
        self.utilization = utilization
        self.caveats = caveats
        self.headerNotes = headerNotes
    }

    /// The target clock in MHz (1000 / target_clock_ns).
    public var clockMHz: Double { 1000 / targetClockNs }
}

/// A `{min, max}` pair of a report; either may be unknown (`?` in the report).
public struct ReportedRange: Hashable, Sendable {
    public var min: Int?
    public var max: Int?
    public init(min: Int?, max: Int?) {
        self.min = min
        self.max = max
    }
}

/// One row of a report's loop table. Flattened nests appear once, named `Outer_Inner`.
public struct ReportedLoop: Hashable, Sendable {
    public var name: String
    /// Achieved initiation interval (nil for loops that are not pipelined).
    public var ii: Int?
    public var iterationLatency: Int?
    /// Trip count (the maximum when the report gives a range).
    public var tripCount: Int?
    public var latency: ReportedRange

    public init(name: String, ii: Int?, iterationLatency: Int?, tripCount: Int?, latency: ReportedRange) {
        self.name = name
        self.ii = ii
        self.iterationLatency = iterationLatency
        self.tripCount = tripCount
        self.latency = latency
    }
}

/// Utilisation totals of a report.
public struct ReportedUtilization: Hashable, Sendable {
    public var bram18k: Int
    public var dsp: Int
    public var ff: Int
    public var lut: Int
    public var uram: Int
    public init(bram18k: Int, dsp: Int, ff: Int, lut: Int, uram: Int) {
        self.bram18k = bram18k
        self.dsp = dsp
        self.ff = ff
        self.lut = lut
        self.uram = uram
    }
}
