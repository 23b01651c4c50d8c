import Foundation
import HLSEmitter
import HLSIR

/// Emits designs and writes their files, all or nothing.
public enum Generator {
    /// Files of every design, keyed by design top name, the HLS build files naming `target`'s
    /// part and clock, with the self-checking testbench's data files: inputs from `seed` (or
    /// the seed alone, for large inputs) and the interpreter's golden outputs
    /// (`TestbenchData`); nothing is written.
    public static func emit(_ designs: [BoundDesign], target: BuildTarget = .standard,
                            seed: UInt64 = 1) throws(DriverError) -> [(String, [EmittedFile])] {
        var out: [(String, [EmittedFile])] = []
        for d in designs {
            let plan = TestbenchData.plan(for: d.design, seed: seed)
            let sources: [EmittedFile]
            do { sources = try Emitter.emit(d, target: target, testbench: plan) } catch { throw DriverError("emitter: \(d.top): \(error)") }
            out.append((d.top, sources + (try TestbenchData.files(d, plan: plan, seed: seed))))
        }
        return out
    }

    /// Writes `emitted` under `root/<top>/`, replacing each design's folder. Every file is
    /// first written to a staging folder beside `root`, so a failure leaves `root` unchanged.
    /// Returns the folder of each design.
    @discardableResult
    public static func write(_ emitted: [(String, [EmittedFile])], to root: String) throws(DriverError) -> [String: String] {
        let fm = FileManager.default
        let staging = root + ".staging-\(ProcessInfo.processInfo.processIdentifier)"
        try? fm.removeItem(atPath: staging)
        defer { try? fm.removeItem(atPath: staging) }
        for (top, files) in emitted { try SimulationFiles.write(files, into: "\(staging)/\(top)") }
        try SimulationFiles.makeDirectory(root)
        var folders: [String: String] = [:]
        for (top, _) in emitted {
            let target = "\(root)/\(top)"
            do {
                if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
                try fm.moveItem(atPath: "\(staging)/\(top)", toPath: target)
            } catch {
                throw DriverError("cannot move generated files into \(target): \(error.localizedDescription)")
            }
            folders[top] = target
        }
        return folders
    }
}
