/// FPGA resources as Vitis HLS reports them.
public struct Resources: Hashable, Sendable, Codable {
    public var dsp: Int
    public var bram18k: Int
    public var uram: Int
    public var ff: Int
    public var lut: Int
    public init(dsp: Int = 0, bram18k: Int = 0, uram: Int = 0, ff: Int = 0, lut: Int = 0) {
        self.dsp = dsp
        self.bram18k = bram18k
        self.uram = uram
        self.ff = ff
        self.lut = lut
    }
    public static let zero = Resources()
    public static func + (a: Resources, b: Resources) -> Resources {
        Resources(dsp: a.dsp + b.dsp, bram18k: a.bram18k + b.bram18k, uram: a.uram + b.uram, ff: a.ff + b.ff, lut: a.lut + b.lut)
    }
    public static func * (a: Resources, k: Int) -> Resources {
        Resources(dsp: a.dsp * k, bram18k: a.bram18k * k, uram: a.uram * k, ff: a.ff * k, lut: a.lut * k)
    }
    public static func += (a: inout Resources, b: Resources) { a = a + b }
}

/// A latency or trip count over the runs a design can make.
public struct CycleRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var min: Int
    public var avg: Int
    public var max: Int
    public init(min: Int, avg: Int, max: Int) {
        self.min = min
        self.avg = avg
        self.max = max
    }
    public init(exactly v: Int) { self.init(min: v, avg: v, max: v) }
    public static let zero = CycleRange(exactly: 0)
    public var isExact: Bool { min == max }
    public var description: String { isExact ? "\(max)" : "\(min)~\(max)" }
    public static func + (a: CycleRange, b: CycleRange) -> CycleRange {
        CycleRange(min: a.min + b.min, avg: a.avg + b.avg, max: a.max + b.max)
    }
    public static func += (a: inout CycleRange, b: CycleRange) { a = a + b }
}
