import Foundation
import HLSEstimator

/// The options of `hlsgen explore`: the design selection of `estimate` (`DesignSelection`),
/// `--board` (required) and `--clock` (`TargetOptions`), `--max-util F` (0 < F ≤ 1, default
/// 0.8), `--output FILE` and `--json`. Everything is checked before any design is built.
struct ExploreOptions {
    static let valued = DesignSelection.valued.union(TargetOptions.valued).union(["--max-util", "--output"])
    static let flags = DesignSelection.flags.union(["--json"])
    static let defaultMaxUtil = 0.8

    let selection: DesignSelection
    let target: TargetOptions
    let maxUtil: Double
    /// The config file to write; nil: `explore-<name>.json` in the current folder.
    let output: String?

    init(_ a: Arguments) throws(DriverError) {
        guard a.value("--board") != nil else {
            throw DriverError("option --board is required; expected one of \(Device.boards.map(\.name).sorted().joined(separator: ", "))")
        }
        if a.value("--profile") == IntegerProfile.name {
            throw DriverError("option --profile integer is not explored yet (the integer design has no schedule knobs of its own); use hlsgen estimate --profile integer")
        }
        if a.value("--profile") == FixedProfile.name {
            throw DriverError("option --profile fixed is not explored yet (its conversion loops are not among the knobs); use hlsgen estimate --profile fixed")
        }
        target = try TargetOptions(a, boards: Device.boards)
        maxUtil = try Self.maxUtil(a)
        selection = try DesignSelection(a)
        output = a.value("--output")
        if let path = output { try Self.checkWritable(path) }
    }

    /// `--max-util F`: a share of the device in (0, 1].
    static func maxUtil(_ a: Arguments) throws(DriverError) -> Double {
        guard let s = a.value("--max-util") else { return defaultMaxUtil }
        guard let v = Double(s), v.isFinite, v > 0, v <= 1 else {
            throw DriverError("option --max-util is '\(s)'; expected a share of the device above 0 and at most 1, such as 0.8")
        }
        return v
    }

    /// The file can be created or replaced: not a folder, in an existing, writable folder.
    static func checkWritable(_ path: String) throws(DriverError) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DriverError("--output \(path) is a folder; expected a file name for the config")
        }
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DriverError("--output \(path): no such folder \(folder)")
        }
        guard fm.isWritableFile(atPath: folder) else {
            throw DriverError("--output \(path): cannot write to folder \(folder): permission denied")
        }
    }
}
