import HLSEmitter
import HLSEstimator

/// `--board u280|u250|u55c|f1` (default u280; `generate` and `verify`: u250) and `--clock MHz`
/// (default 300, from 50 to 1000).
struct TargetOptions {
    static let valued: Set<String> = ["--board", "--clock"]
    static let defaultBoard = "u280"
    /// `generate` and `verify` write the HLS build files for the U250 unless told otherwise.
    static let defaultGenerateBoard = "u250"
    static let defaultClockMHz = 300.0
    static let clockRange = 50.0...1000.0

    let device: Device
    let clockMHz: Double

    /// Chooses among `boards` (the estimator's `Device.boards`); `defaultBoard` applies when
    /// `--board` is not given.
    init(_ a: Arguments, boards: [Device], defaultBoard: String = Self.defaultBoard) throws(DriverError) {
        let name = a.value("--board") ?? defaultBoard
        let known = boards.map(\.name).sorted().joined(separator: ", ")
        guard let d = boards.first(where: { $0.name == name.lowercased() }) else {
            throw DriverError("option --board is '\(name)'; expected one of \(known)")
        }
        device = d
        if let s = a.value("--clock") {
            guard let mhz = Double(s), mhz.isFinite, Self.clockRange.contains(mhz) else {
                throw DriverError("option --clock is '\(s)'; expected a frequency in MHz from 50 to 1000")
            }
            clockMHz = mhz
        } else {
            clockMHz = Self.defaultClockMHz
        }
    }

    /// A board by name (`u280`) and a clock, checked as `--board` and `--clock` are.
    init(board name: String, clockMHz: Double, boards: [Device] = Device.boards) throws(DriverError) {
        guard let d = boards.first(where: { $0.name == name.lowercased() }) else {
            throw DriverError("board '\(name)' is unknown; expected one of \(boards.map(\.name).sorted().joined(separator: ", "))")
        }
        guard clockMHz.isFinite, Self.clockRange.contains(clockMHz) else {
            throw DriverError("clock \(clockMHz) MHz is out of range; expected a frequency in MHz from 50 to 1000")
        }
        device = d
        self.clockMHz = clockMHz
    }

    /// The part and clock the emitter writes into the HLS build files.
    var buildTarget: BuildTarget { BuildTarget(part: device.part, clockMHz: clockMHz) }
}
