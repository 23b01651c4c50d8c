import HLSDriver
import HLSIR
import HLSLayers
import XCTest

/// The whole-model forward kernel on small random shapes: interpreter and C simulation agree
/// on every logit and every KV-cache word, for float and Q8_0 weights, both profiles and both
/// schedule styles.
final class LlamaForwardDifferentialTests: XCTestCase {
    static let shape = LlamaShape(dim: 16, hidden: 24, layers: 2, heads: 4, kvHeads: 2, vocab: 40, seqLen: 8)

    func testForwardAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        var n = 0
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            for profile in MathProfile.allCases {
                for style in LlamaSchedule.allCases {
                    let d = try LlamaForward.design(Self.shape, weights: weights, profile: profile, schedule: style)
                    XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(weights) \(profile) \(style)")
                    n += 1
                    let verdicts = try Verifier(compiler: compiler, seed: UInt64(n)).verifyBatch(try ([d]).map { try BoundDesign.bind($0) }, work: "\(work)/\(n)")
                    for v in verdicts { XCTAssertTrue(v.passed, "\(weights) \(profile) \(style): \(v)") }
                }
            }
        }
    }
}
