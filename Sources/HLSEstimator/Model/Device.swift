/// Device families whose operator tables differ (DSP48E1, DSP48E2, Versal DSPFP32).
public enum DeviceFamily: String, Hashable, Sendable, Codable, CaseIterable {
    /// Zynq-7000, Artix-7, Kintex-7: DSP48E1, 18K/36K block RAM, no URAM.
    case series7
    /// UltraScale+ (Virtex, Zynq MPSoC, Alveo): DSP48E2, URAM on the larger parts.
    case ultraScalePlus
    /// Versal: DSP58 with hardened single-precision float (DSPFP32).
    case versal
}

/// One kind of off-chip memory on a board: `banks` channels of `bytesPerSecond` each.
public struct MemoryBanks: Hashable, Sendable, Codable {
    /// "DDR" or "HBM", as connectivity files name them.
    public var kind: String
    public var banks: Int
    /// Peak bytes per second of one bank.
    public var bytesPerSecond: Double
    public init(kind: String, banks: Int, bytesPerSecond: Double) {
        self.kind = kind
        self.banks = banks
        self.bytesPerSecond = bytesPerSecond
    }
    public var totalBytesPerSecond: Double { Double(banks) * bytesPerSecond }
}

/// A target device: its part, resources, super logic regions and memory.
public struct Device: Hashable, Sendable, Codable {
    /// Short name: `u280`, `u250`, `u55c`, `f1`, or the part family for parts without a board.
    public var name: String
    /// The part as Vitis names it (`xcu280-fsvh2892-2L-e`).
    public var part: String
    public var family: DeviceFamily
    /// Resources the device has (datasheet totals).
    public var available: Resources
    /// Super logic regions (dies); kernels crossing them pay in routing.
    public var slrs: Int
    public var memory: [MemoryBanks]
    public init(name: String, part: String, family: DeviceFamily, available: Resources, slrs: Int, memory: [MemoryBanks]) {
        self.name = name
        self.part = part
        self.family = family
        self.available = available
        self.slrs = slrs
        self.memory = memory
    }

    /// Peak bytes per second of all memory banks together.
    public var memoryBytesPerSecond: Double { memory.reduce(0) { $0 + $1.totalBytesPerSecond } }
}
