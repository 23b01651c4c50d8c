import HLSEstimator
import HLSIR

/// The step shared by `estimate` and `report`: build the selected designs, bind each once,
/// run the estimator on the chosen board and clock, and for whole models the throughput.
enum Estimation {
    /// Estimates every selected design; `progress` hears about each slow step of a whole model.
    static func run(_ selection: DesignSelection, _ target: TargetOptions, progress: (String) -> Void) throws -> EstimateRun {
        try run(try selection.designs(progress: progress), target, progress: progress)
    }

    /// Estimates `designs` as they are (a user package's own, for `DesignsTool`).
    static func run(_ designs: [SelectedDesign], _ target: TargetOptions, progress: (String) -> Void) throws(DriverError) -> EstimateRun {
        var out: [EstimatedDesign] = []
        for d in designs {
            if d.isModel { progress("binding and estimating \(d.name) on \(target.device.name) at \(Quantities.megahertz(target.clockMHz)) MHz…") }
            let bound: BoundDesign
            do { bound = try BoundDesign.bind(d.design) } catch {
                throw DriverError("design \(d.name) does not validate: \(error.problems.joined(separator: "; "))")
            }
            let estimate = Estimator.estimate(bound, device: target.device, clockMHz: target.clockMHz)
            let pragmas = LoopPragmas.of(estimate, bound)
            let throughput = d.isModel ? ModelThroughput(Estimator.throughput(estimate, device: target.device, tokensPerCall: d.tokensPerCall),
                                                         device: target.device, bundles: estimate.bundles, tokensPerCall: d.tokensPerCall) : nil
            out.append(EstimatedDesign(name: d.name, summary: d.summary, estimate: estimate, loopPragmas: pragmas.loops,
                                       functionPragmas: pragmas.functions, throughput: throughput))
        }
        return EstimateRun(board: target.device, clockMHz: target.clockMHz, designs: out)
    }
}
