import HLSDriver
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// GPT-2's products on several engines (`GPT2Forward` with `engines`, `MatVecEngines` with the
/// bias fanned out): every row stays whole on one engine in the one-engine lanes, so the
/// logits are bit-identical to one engine's.
final class GPT2EnginesTests: XCTestCase {
    static let config = GPT2Config(maxSeqLen: 8, vocabSize: 61, nLayers: 2, nHeads: 4, channels: 32, paddedVocabSize: 64)
    static let tokens = [50256 % 61, 7, 60, 3, 3, 19]

    func testEnginesGiveTheOneEngineLogits() throws {
        let checkpoint = try GPT2RandomModel.checkpoint(config: Self.config, seed: 5)
        for quantize in [false, true] {
            let model = try GPT2Model(checkpoint, name: "g", quantize: quantize, groupSize: quantize ? 8 : nil)
            let one = try GPT2InterpreterEngine(design: try BoundDesign.binding(try model.design(profile: .libm, schedule: .hardware)), model: model)
            var expected: [[UInt32]] = []
            for (p, t) in Self.tokens.enumerated() { expected.append(try one.forward(token: t, pos: p).map(\.bitPattern)) }
            for e in [2, 4] {
                let design = try model.design(profile: .libm, schedule: .hardware, engines: e)
                XCTAssertEqual(EngineWeights.engines(of: design), e)
                XCTAssertEqual(ScheduleValidator.problems(in: design), [], "\(model.variant) \(e) engines")
                let many = try GPT2InterpreterEngine(design: try BoundDesign.binding(design), model: model)
                for (p, t) in Self.tokens.enumerated() {
                    XCTAssertEqual(try many.forward(token: t, pos: p).map(\.bitPattern), expected[p], "\(model.variant) \(e) engines, pos \(p)")
                }
            }
        }
    }

    func testEngineProblems() {
        let s = GPT2Shape(channels: 32, layers: 2, heads: 4, vocab: 61, paddedVocab: 64, seqLen: 8)
        XCTAssertEqual(GPT2Forward.engineProblems(s, engines: 3, schedule: .hardware),
                       ["engines 3 does not divide channels 32, padded_vocab_size 64 (each engine takes an equal share of every matrix's rows)"])
        XCTAssertEqual(GPT2Forward.engineProblems(s, engines: 2, schedule: .reference),
                       ["engines 2 needs the hardware schedule (the reference schedule keeps one engine)"])
        XCTAssertEqual(GPT2Forward.engineProblems(s, engines: 0, schedule: .hardware), ["engines is 0; expected a positive integer"])
    }

    /// Interpreter and C simulation agree on the two-engine forward kernel.
    func testEngineKernelAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let s = GPT2Shape(channels: 16, layers: 2, heads: 2, vocab: 30, paddedVocab: 32, seqLen: 8)
        var n = 0
        for weights in [LlamaWeights.float, .q8(groupSize: 8)] {
            let d = try GPT2Forward.design(s, weights: weights, profile: .libm, schedule: .hardware, engines: 2)
            n += 1
            let verdicts = try Verifier(compiler: compiler, seed: 3).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(n)")
            for v in verdicts { XCTAssertTrue(v.passed, "\(weights): \(v)") }
        }
    }
}
