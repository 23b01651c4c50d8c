import Foundation
import HLSEmitter
import HLSIR

/// The whole job for a set of designs: validate, emit, write, compile, run and compare.
public enum Workflow {
    /// Generates `designs` into `root/<top>/` and verifies each against the interpreter.
    public static func generateAndVerify(_ designs: [Design], into root: String, seed: UInt64,
                                         target: BuildTarget = .standard) throws(DriverError) -> [Verdict] {
        try generateAndVerify(try designs.map { (d) throws(DriverError) in try BoundDesign.binding(d) }, into: root, seed: seed,
                              target: target)
    }

    /// Generates bound designs into `root/<top>/` (HLS build files for `target`, testbench data
    /// from `seed`) and runs each design's self-checking testbench there, as `make csim` does.
    public static func generateAndVerify(_ bound: [BoundDesign], into root: String, seed: UInt64,
                                         target: BuildTarget = .standard) throws(DriverError) -> [Verdict] {
        let emitted = try Generator.emit(bound, target: target, seed: seed)
        let headers = try APTypesHeaders.locate()
        let folders = try Generator.write(emitted, to: root)
        let work = NSTemporaryDirectory() + "hlsgen-verify-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let verifier = Verifier(compiler: CSimCompiler(headers: headers), seed: seed)
        return try verifier.verify(bound, folders: folders, work: work)
    }
}
