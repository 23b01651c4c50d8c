import CalibrationKernels
import HLSEstimator
import HLSIR

/// `hlsgen calibrate [--file F]`: estimates every kernel of the calibration file with the
/// design `CalibrationSet` holds for its id, on the entry's part at its target clock, and
/// prints one row per kernel (estimated/reported latency, DSP, BRAM, LUT, FF and the II of
/// every reported loop), the metrics each entry is left out of and why, then the summary.
public enum CalibrateCommand {
    /// Runs the comparison; returns the exit status (1 when an estimate failed).
    public static func run(file: String, estimator: CalibrationEstimator,
                           designs: (String) throws(DesignError) -> Design? = CalibrationSet.build,
                           output: (String) -> Void, progress: (String) -> Void) throws(DriverError) -> Int32 {
        let entries = try CalibrationFile.load(path: file)
        var tally = CalibrationTally()
        var failed = false
        output(CalibrationTable.header)
        for (i, entry) in entries.enumerated() {
            progress("calibrate: [\(i + 1)/\(entries.count)] \(entry.id)")
            let comparison = compare(entry, estimator: estimator, designs: designs)
            if comparison.estimatorFailed { failed = true }
            tally.add(comparison)
            for line in CalibrationTable.lines(comparison) { output(line) }
        }
        output(tally.summary)
        return failed ? 1 : 0
    }

    static func compare(_ entry: CalibrationEntry, estimator: CalibrationEstimator,
                        designs: (String) throws(DesignError) -> Design?) -> KernelComparison {
        let design: Design
        do {
            guard let d = try designs(entry.id) else {
                return KernelComparison(entry: entry, failure: "no design for this id in CalibrationSet")
            }
            design = d
        } catch {
            return KernelComparison(entry: entry, failure: "design does not build: \(error.problems.joined(separator: "; "))")
        }
        guard let part = entry.part else { return KernelComparison(entry: entry, failure: "the entry names no part") }
        guard let device = estimator.device(part) else {
            return KernelComparison(entry: entry, failure: "no device known for part \(part)")
        }
        let bound: BoundDesign
        do {
            bound = try BoundDesign.bind(design)
        } catch {
            return KernelComparison(entry: entry, failure: "design does not bind: \(error.problems.joined(separator: "; "))")
        }
        do {
            return KernelComparison(entry: entry, estimate: try estimator.estimate(bound, device, entry.clockMHz))
        } catch {
            return KernelComparison(entry: entry, failure: "the estimator failed: \(error)", estimatorFailed: true)
        }
    }
}
