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
            if a.flag("--json") { throw DriverError("option --json with --devices: the multi-device estimate prints text only for now") }
            let devices = try DeviceEstimation.run(selection, devices: n, target, progress: progress)
            var lines = devices.lines()
            if let block = selection.prefillBlock {
                // The prompt stage: the prefill design on one device (a multi-device prefill is
                // not built yet), estimated as `--prefill` does without `--devices`.
                let run = try Estimation.run(selection, target, progress: progress)
                guard let prefill = run.designs.first(where: { ($0.throughput?.tokensPerCall ?? 1) > 1 })?.throughput else {
                    throw DriverError("option --prefill: no prefill design was estimated")
                }
                lines.removeLast()
                lines.append("prefill: \(EstimateText.tokens(prefill.tokensPerSecond)) tok/s in blocks of \(block) on one of the devices (its prefill kernel)")
                lines.append("modeled: \(Quantities.significant(devices.multi.msPerToken, 3)) ms/token decode, "
                             + "\(EstimateText.tokens(prefill.tokensPerSecond)) tok/s prefill on \(n) devices")
            }
            for line in lines { output(line) }
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
