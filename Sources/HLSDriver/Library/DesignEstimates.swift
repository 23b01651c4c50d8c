import HLSEmitter
import HLSEstimator
import HLSIR

/// Estimates of designs built outside the catalog (a user package's own layers), with the
/// text and JSON `hlsgen estimate` prints for them.
public struct DesignEstimates: Sendable {
    let run: EstimateRun

    /// Binds and estimates each design on `board` (`u280`, `u250`, `u55c`, `f1`) at
    /// `clockMHz` (50–1000).
    public init(_ designs: [Design], board: String, clockMHz: Double) throws(DriverError) {
        let target = try TargetOptions(board: board, clockMHz: clockMHz)
        let selected = designs.map { SelectedDesign(name: $0.top, summary: "\($0.profile) profile", design: $0, isModel: false) }
        run = try Estimation.run(selected, target, progress: { _ in })
    }

    /// The estimator's figures for each design, in order.
    public var estimates: [DesignEstimate] { run.designs.map(\.estimate) }
    /// The tables `hlsgen estimate` prints, one line each.
    public var lines: [String] { EstimateText.lines(run) }
    /// The same as `hlsgen estimate --json` prints.
    public func json() throws(DriverError) -> String {
        do { return try EstimateCommand.json(run) } catch let e as DriverError { throw e } catch { throw DriverError("\(error)") }
    }
}

extension BuildTarget {
    /// The part of `board` (`u250`, `u280`, `u55c`, `f1`) at `clockMHz` (50–1000), checked as
    /// `--board` and `--clock` are.
    public static func board(_ name: String, clockMHz: Double) throws(DriverError) -> BuildTarget {
        try TargetOptions(board: name, clockMHz: clockMHz).buildTarget
    }
}
