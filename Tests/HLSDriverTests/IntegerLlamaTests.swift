import Foundation
import HLSDriver
import HLSEmitter
import HLSIR
import HLSLayers
import XCTest

/// The integer profile's Llama design: integer-only C++ (IntegerLint), interpreter == C
/// simulation on seeded inputs, and on stories260K the accuracy against the float model.
final class IntegerLlamaTests: XCTestCase {
    static let shape = LlamaShape(dim: 16, hidden: 24, layers: 2, heads: 4, kvHeads: 2, vocab: 20, seqLen: 8)

    /// Scales from nominal ranges (the test needs integers, not a model).
    static func design() throws -> Design {
        let s = shape, L = s.layers
        let c = IntegerCalibration(residual: 4, attNorm: [2, 3], q: [3, 4], k: [2, 5], v: [1, 2], attOut: [1, 1.5],
                                   ffnNorm: [2, 2.5], gate: [0.5, 0.7], finalNorm: 3, logits: 8)
        let units = Dictionary(uniqueKeysWithValues: ["wq", "wk", "wv", "wo", "w1", "w2", "w3"].map { ($0, [Double](repeating: 1e-4, count: L)) })
        let w = IntegerWeightUnits(matrices: units, classifier: 2e-4, rmsAtt: [3e-5, 4e-5], rmsFFN: [3e-5, 3e-5], rmsFinal: 5e-5)
        return try IntegerLlamaForward.design(s, groupSize: 8, scales: try IntegerLlamaScales(c, w, shape: s))
    }

    func testEmittedKernelHoldsNoFloatArithmetic() throws {
        let files = try Emitter.emit(try BoundDesign.bind(try Self.design()))
        let kernel = try XCTUnwrap(files.first { $0.path.hasSuffix("forward.cpp") }).contents
        XCTAssertEqual(IntegerLint.problems(in: kernel), [])
        // The float forward design is caught.
        let float = try Emitter.emit(try BoundDesign.bind(try LlamaForward.design(Self.shape, weights: .q8(groupSize: 8), profile: .exact)))
        XCTAssertFalse(IntegerLint.problems(in: try XCTUnwrap(float.first { $0.path.hasSuffix("forward.cpp") }).contents).isEmpty)
    }

    func testInterpreterAndCSimulationAgree() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        for seed: UInt64 in [1, 2, 3] {
            let verdicts = try Verifier(compiler: compiler, seed: seed).verifyBatch([try BoundDesign.bind(try Self.design())], work: work + "/\(seed)")
            XCTAssertEqual(verdicts.count, 1)
            for v in verdicts { XCTAssertTrue(v.passed, "seed \(seed): \(v)") }
        }
    }

    func testStories260KKeepsTheFloatModelsChoices() throws {
        let path = TestSupport.packageRoot + "/../shared/models/stories260K.bin"
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
        var lines: [String] = []
        let status = CommandLineTool.run(["accuracy", "--checkpoint", path, "--profile", "integer", "--positions", "60"],
                                             output: { lines.append($0) }, error: { _ in })
        XCTAssertEqual(status, 0)
        let summary = try XCTUnwrap(lines.last)
        XCTAssertTrue(summary.hasPrefix("accuracy: top-1 "), summary)
        let pct = Double(summary.dropFirst("accuracy: top-1 ".count).prefix { $0 != "%" }) ?? 0
        XCTAssertGreaterThanOrEqual(pct, 90, summary)
    }
}
