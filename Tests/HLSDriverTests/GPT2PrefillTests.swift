import HLSDriver
import HLSIR
import HLSInterpreter
import HLSLayers
import HLSModels
import XCTest

/// GPT-2's prefill design (`GPT2Prefill`): a block of prompt tokens gives bit for bit the
/// logits and KV cache of the forward calls it replaces (bias-first block products in the
/// forward's lanes), float and Q8_0, reference and hardware schedules; and the prefill kernel
/// agrees with its C simulation.
final class GPT2PrefillTests: XCTestCase {
    static let config = GPT2Config(maxSeqLen: 12, vocabSize: 61, nLayers: 2, nHeads: 4, channels: 32, paddedVocabSize: 64)

    /// Runs `tokens` from position 0 in one block of the prefill design: (logits, key cache).
    func prefill(_ model: GPT2Model, _ d: BoundDesign, tokens: [Int], block: Int) throws -> ([Float], [Float]) {
        var inputs = model.tensors()
        let C = model.shape.channels
        guard case .float(let wte)? = inputs["wte"] else { throw XCTSkip("no wte") }
        var rows = [Float](repeating: 0, count: block * C)
        for (b, t) in tokens.enumerated() { rows.replaceSubrange(b * C ..< (b + 1) * C, with: wte[t * C ..< (t + 1) * C]) }
        inputs["embedded"] = .float(rows)
        inputs["last"] = .raw([Int64(tokens.count - 1)])
        inputs["pos"] = .raw([0])
        for b in d.design.topKernel.buffers where b.direction == .readWrite { inputs[b.name] = .zeros(b.elementType, count: b.count) }
        let names = Set(d.design.topKernel.parameters.map(\.name))
        for key in Array(inputs.keys) where !names.contains(key) { inputs[key] = nil }
        let out = try Interpreter(d).run(inputs)
        guard case .float(let logits)? = out["logits"], case .float(let keys)? = out["key_cache"] else { throw XCTSkip("no outputs") }
        return (logits, keys)
    }

    func testBlockGivesTheForwardLogitsAndCache() throws {
        let checkpoint = try GPT2RandomModel.checkpoint(config: Self.config, seed: 8)
        let tokens = [60, 2, 17, 17, 44]
        for quantize in [false, true] {
            let model = try GPT2Model(checkpoint, name: "g", quantize: quantize, groupSize: quantize ? 8 : nil)
            for style in GPT2Schedule.allCases {
                let forward = try BoundDesign.binding(try model.design(profile: .libm, schedule: style))
                let run = try Interpreter(forward).prepare(try model.inputs(for: forward))
                for (p, t) in tokens.enumerated() {
                    try run.setSize("token", t)
                    try run.setSize("pos", p)
                    try run.execute()
                }
                guard case .float(let want)? = run.output("logits"), case .float(let keys)? = run.output("key_cache") else { return XCTFail("no logits") }
                let prefill = try BoundDesign.binding(try GPT2Prefill.design(model.shape, weights: model.weights, profile: .libm, schedule: style,
                                                                              block: 8, forward: forward.design.schedule))
                let (got, gotKeys) = try self.prefill(model, prefill, tokens: tokens, block: 8)
                XCTAssertEqual(got.map(\.bitPattern), want.map(\.bitPattern), "\(model.variant) \(style)")
                XCTAssertEqual(gotKeys.map(\.bitPattern), keys.map(\.bitPattern), "\(model.variant) \(style) key cache")
            }
        }
    }

    func testPrefillKernelAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let s = GPT2Shape(channels: 16, layers: 2, heads: 2, vocab: 30, paddedVocab: 32, seqLen: 8)
        var n = 0
        for (weights, style) in [(LlamaWeights.float, GPT2Schedule.reference), (.q8(groupSize: 8), .hardware)] {
            let d = try GPT2Prefill.design(s, weights: weights, profile: .libm, schedule: style, block: 4)
            XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(weights) \(style)")
            n += 1
            let verdicts = try Verifier(compiler: compiler, seed: UInt64(n)).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(n)")
            for v in verdicts { XCTAssertTrue(v.passed, "\(weights) \(style): \(v)") }
        }
    }
}
