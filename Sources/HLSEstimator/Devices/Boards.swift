extension Device {
    /// The Alveo / AWS boards HLSGen targets, with datasheet resources and memory.
    public static let boards: [Device] = [f1, u250, u280, u55c]

    /// The board with short name `name` (`f1`, `u250`, `u280`, `u55c`; case-insensitive).
    public static func board(_ name: String) -> Device? {
        let n = name.lowercased()
        return boards.first { $0.name == n }
    }

    /// The device for a part name as Vitis spells it (`xcu280-fsvh2892-2L-e`, `xc7z020clg400-1`):
    /// a board whose part matches, else one of the calibration parts by family prefix.
    public static func forPart(_ part: String) -> Device? {
        let p = part.lowercased()
        if let b = boards.first(where: { p == $0.part.lowercased() }) { return b }
        // Longest prefix first, so xczu19eg is not taken for xczu1….
        let known = (boards + calibrationParts).sorted { $0.partPrefix.count > $1.partPrefix.count }
        return known.first { p.hasPrefix($0.partPrefix) }
    }

    /// The part up to its package (`xcu280`, `xc7z020`).
    var partPrefix: String {
        var out = ""
        for c in part.lowercased() {
            if c == "-" { break }
            out.append(c)
        }
        // Vitis also writes parts without dashes (`xc7z020clg400-1`): keep the family and size.
        if let r = Device.familyPrefixes.first(where: { out.hasPrefix($0) }) { return r }
        return out
    }

    /// Part prefixes without package letters, longest first.
    static let familyPrefixes = ["xczu19eg", "xczu7ev", "xczu3eg", "xc7z020", "xc7a35t", "xcvu9p", "xcu250", "xcu280", "xcu55c", "xcv80"]

    // MARK: Boards

    /// AWS F1: one VU9P (UltraScale+, 3 SLRs) with four DDR4-2400 channels.
    /// Sources: DS923 (Virtex UltraScale+ VU9P: 6,840 DSP48E2, 2,160 BRAM36 = 4,320 BRAM_18K,
    /// 960 URAM, 1,182,240 LUT, 2,364,480 FF); AWS F1 documentation (4 × 16 GB DDR4, 64-bit at
    /// 2400 MT/s = 19.2 GB/s each).
    public static let f1 = Device(
        name: "f1", part: "xcvu9p-flgb2104-2-i", family: .ultraScalePlus,
        available: Resources(dsp: 6840, bram18k: 4320, uram: 960, ff: 2_364_480, lut: 1_182_240),
        slrs: 3, memory: [MemoryBanks(kind: "DDR", banks: 4, bytesPerSecond: 19.2e9)])

    /// Alveo U250 (XCU250, 4 SLRs) with four DDR4-2400 channels.
    /// Sources: DS962 (Alveo U250: 12,288 DSP, 2,688 BRAM36 = 5,376 BRAM_18K, 1,280 URAM,
    /// 1,728K LUT, 3,456K FF, 4 × 16 GB DDR4 at 19.2 GB/s = 77 GB/s).
    public static let u250 = Device(
        name: "u250", part: "xcu250-figd2104-2L-e", family: .ultraScalePlus,
        available: Resources(dsp: 12288, bram18k: 5376, uram: 1280, ff: 3_456_000, lut: 1_728_000),
        slrs: 4, memory: [MemoryBanks(kind: "DDR", banks: 4, bytesPerSecond: 19.2e9)])

    /// Alveo U280 (XCU280, 3 SLRs): 8 GB HBM2 in 32 pseudo-channels plus two DDR4 channels.
    /// Sources: DS963 (9,024 DSP, 2,016 BRAM36 = 4,032 BRAM_18K, 960 URAM, 1,304K LUT,
    /// 2,607K FF; HBM2 460 GB/s = 32 × 14.375 GB/s; 2 × 16 GB DDR4 at 19.2 GB/s). The BRAM,
    /// DSP, FF, LUT and URAM totals agree with the `available` row of the vscale16 calibration
    /// entry (xcu55c, same fabric).
    public static let u280 = Device(
        name: "u280", part: "xcu280-fsvh2892-2L-e", family: .ultraScalePlus,
        available: Resources(dsp: 9024, bram18k: 4032, uram: 960, ff: 2_607_360, lut: 1_303_680),
        slrs: 3, memory: [MemoryBanks(kind: "HBM", banks: 32, bytesPerSecond: 14.375e9),
                          MemoryBanks(kind: "DDR", banks: 2, bytesPerSecond: 19.2e9)])

    /// Alveo U55C (XCU55C, 3 SLRs, same fabric as the U280): 16 GB HBM2 in 32 pseudo-channels,
    /// no DDR. Sources: DS978 (460 GB/s HBM2); resources from the `available` row of the
    /// vscale16 calibration entry (Vitis HLS 2023.2, xcu55c-fsvh2892-2L-e).
    public static let u55c = Device(
        name: "u55c", part: "xcu55c-fsvh2892-2L-e", family: .ultraScalePlus,
        available: Resources(dsp: 9024, bram18k: 4032, uram: 960, ff: 2_607_360, lut: 1_303_680),
        slrs: 3, memory: [MemoryBanks(kind: "HBM", banks: 32, bytesPerSecond: 14.375e9)])

    // MARK: Calibration parts

    /// Parts of the calibration set (/work/shared/calibration/vitis_reports.json). Resource
    /// totals are the `available` rows of the entries' reports; memory is that of the boards
    /// they sit on where one is known (none of these kernels is memory-bound in the set).
    static let calibrationParts: [Device] = [
        // fir4 and mmult128_i32 reports (Zynq-7020): 280 BRAM_18K, 220 DSP48E1, 106,400 FF, 53,200 LUT.
        // PYNQ-Z2 / ZedBoard: 32-bit DDR3-1066 = 4.26 GB/s (board documentation).
        Device(name: "xc7z020", part: "xc7z020-clg400-1", family: .series7,
               available: Resources(dsp: 220, bram18k: 280, uram: 0, ff: 106_400, lut: 53_200),
               slrs: 1, memory: [MemoryBanks(kind: "DDR", banks: 1, bytesPerSecond: 4.26e9)]),
        // mmult3x3 report (Artix-7 35T): 100 BRAM_18K, 90 DSP48E1, 41,600 FF, 20,800 LUT.
        // Arty A7-35: 16-bit DDR3L-667 = 1.33 GB/s (board documentation).
        Device(name: "xc7a35t", part: "xc7a35t-fgg484-2", family: .series7,
               available: Resources(dsp: 90, bram18k: 100, uram: 0, ff: 41_600, lut: 20_800),
               slrs: 1, memory: [MemoryBanks(kind: "DDR", banks: 1, bytesPerSecond: 1.33e9)]),
        // vadd report (Ultra96-V2, ZU3EG): 432 BRAM_18K, 360 DSP48E2, 141,120 FF, 70,560 LUT.
        // Ultra96-V2: 32-bit LPDDR4-2133 = 8.5 GB/s (board documentation).
        Device(name: "xczu3eg", part: "xczu3eg-sbva484-1-e", family: .ultraScalePlus,
               available: Resources(dsp: 360, bram18k: 432, uram: 0, ff: 141_120, lut: 70_560),
               slrs: 1, memory: [MemoryBanks(kind: "DDR", banks: 1, bytesPerSecond: 8.5e9)]),
        // gauss3x3 report (ZCU104, ZU7EV): 624 BRAM_18K, 1,728 DSP48E2, 460,800 FF, 230,400 LUT, 96 URAM.
        // ZCU104 PS: 64-bit DDR4-2666 = 21.3 GB/s (UG1267).
        Device(name: "xczu7ev", part: "xczu7ev-ffvc1156-2-e", family: .ultraScalePlus,
               available: Resources(dsp: 1728, bram18k: 624, uram: 96, ff: 460_800, lut: 230_400),
               slrs: 1, memory: [MemoryBanks(kind: "DDR", banks: 1, bytesPerSecond: 21.3e9)]),
        // dot48 report (ZU19EG): 1,968 BRAM_18K, 1,968 DSP48E2, 1,045,440 FF, 522,720 LUT, 128 URAM.
        // Memory assumed: one 64-bit DDR4-2400 channel = 19.2 GB/s.
        Device(name: "xczu19eg", part: "xczu19eg-ffvc1760-2-e", family: .ultraScalePlus,
               available: Resources(dsp: 1968, bram18k: 1968, uram: 128, ff: 1_045_440, lut: 522_720),
               slrs: 1, memory: [MemoryBanks(kind: "DDR", banks: 1, bytesPerSecond: 19.2e9)]),
        // softmax/SiLU/vmul/gemv reports (Versal xcv80): 7,482 BRAM_18K, 10,848 DSP58,
        // 5,148,416 FF, 2,574,208 LUT, 1,925 URAM, 3 SLRs. V80 card: 32 GB HBM2e at 820 GB/s
        // (AMD V80 product brief), modelled as 32 channels of 25.6 GB/s.
        Device(name: "xcv80", part: "xcv80-lsva4737-2MHP-e-S", family: .versal,
               available: Resources(dsp: 10848, bram18k: 7482, uram: 1925, ff: 5_148_416, lut: 2_574_208),
               slrs: 3, memory: [MemoryBanks(kind: "HBM", banks: 32, bytesPerSecond: 25.6e9)]),
    ]
}
