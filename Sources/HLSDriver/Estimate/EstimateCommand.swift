import Foundation
import HLSEstimator

/// `hlsgen estimate [selection] [--board B] [--clock MHz] [--json]`: the estimator's figures
/// for each selected design as tables (`EstimateText`), or as JSON (`EstimateRun`, Codable).
enum EstimateCommand {
    static let valued = DesignSelection.valued.union(TargetOptions.valued)
    static let flags = DesignSelection.flags.union(["--json"])

    /// Checks every option, estimates, then prints; `progress` takes the lines for standard error.
    static func run(_ a: Arguments, output: (String) -> Void, progress: (String) -> Void) throws -> Int32 {
        let target = try TargetOptions(a, boards: Device.boards)
        let selection = try DesignSelection(a)
        if let n = selection.devices {
            if selection.prefillBlock != nil { throw DriverError("option --prefill with --devices: the prefill stage runs on one device for now") }
            if a.flag("--json") { throw DriverError("option --json with --devices: the multi-device estimate prints text only for now") }
            for line in try DeviceEstimation.run(selection, devices: n, target, progress: progress).lines() { output(line) }
            return 0
        }
        let run = try Estimation.run(selection, target, progress: selection.isModel ? progress : { _ in })
        if a.flag("--json") {
            output(try json(run))
        } else {
            for line in EstimateText.lines(run) { output(line) }
        }
        return 0
    }

    /// The run as pretty-printed JSON with sorted keys (non-finite numbers as strings).
    static func json(_ run: EstimateRun) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return String(decoding: try encoder.encode(run), as: UTF8.self) } catch {
            throw DriverError("cannot write the estimate as JSON: \(error)")
        }
    }
}
