import HLSDriver
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// The prefill design (`LlamaPrefill`): a block of B prompt tokens gives bit for bit the
/// logits and KV cache of B forward calls, with the interpreter and in the C simulation.
final class LlamaPrefillTests: XCTestCase {
    static let config = LlamaConfig(dim: 16, hiddenDim: 24, nLayers: 2, nHeads: 4, nKVHeads: 2, vocabSize: 40, seqLen: 12)

    static func model(q8 groupSize: Int?) throws -> LlamaModel {
        if let gs = groupSize {
            return LlamaModel(checkpoint: .q8(try RandomModel.q8Checkpoint(config: config, seed: 7, groupSize: gs)), name: "m")
        }
        return LlamaModel(checkpoint: .float(try RandomModel.floatCheckpoint(config: config, seed: 7)), name: "m")
    }

    /// Every weight format, profile and schedule: 10 prompt tokens in blocks of 4 (two full
    /// blocks and a tail of 2 that starts past the design's last start, seq_len − 4 = 8, so it
    /// runs through the forward design), then two decode steps, against 12 forward calls.
    func testBlocksGiveTheForwardLogitsAndCache() throws {
        let tokens = [1, 5, 39, 0, 7, 7, 22, 3, 18, 30]
        for groupSize in [nil, 4] {
            let model = try Self.model(q8: groupSize)
            for profile in MathProfile.allCases {
                for style in [LlamaSchedule.reference, .hardware] {
                    let label = "\(model.variant) \(profile) \(style)"
                    let forward = try BoundDesign.binding(try model.design(profile: profile, schedule: style))
                    let prefill = try BoundDesign.binding(try model.prefillDesign(profile: profile, schedule: style, block: 4))
                    for (mm, mv) in [("mm_q", "mv_q"), ("mm_kv", "mv_kv"), ("mm_up", "mv_up"), ("mm_down", "mv_down")] {
                        let r = groupSize == nil ? "dot" : "groups"
                        // The block product's partials: a row per token of the tile, the forward twin's lanes.
                        let acc = prefill.design.kernel(mm)?.buffer("acc")?.shape ?? []
                        XCTAssertEqual(acc.last, forward.design.schedule.lanes("\(mv).\(r)"), label)
                        if style == .hardware { XCTAssertEqual(acc, [4, forward.design.schedule.lanes("\(mv).\(r)")], label) }
                        if style == .hardware { XCTAssertGreaterThan(acc.last ?? 0, 1, label) }
                    }
                    let steps = try LlamaInterpreterEngine(design: forward, model: model)
                    let blocks = try LlamaInterpreterEngine(design: forward, model: model, prefill: prefill)
                    var expected: [Float] = []
                    for (p, t) in tokens.enumerated() { expected = try steps.forward(token: t, pos: p) }
                    // Blocks of 4 at 0 and 4; the tail at 8 is past the last start (12 − 4).
                    let got = try blocks.prefill(tokens: tokens, pos: 0)
                    XCTAssertEqual(got.map(\.bitPattern), expected.map(\.bitPattern), label)
                    for (p, t) in [(10, 9), (11, 2)] {
                        XCTAssertEqual(try blocks.forward(token: t, pos: p).map(\.bitPattern),
                                       try steps.forward(token: t, pos: p).map(\.bitPattern), "\(label) decode at \(p)")
                    }
                }
            }
        }
    }

    /// A block that starts mid-sequence, and one of a single token.
    func testBlocksAfterDecodeSteps() throws {
        let model = try Self.model(q8: 2)
        let forward = try BoundDesign.binding(try model.design(profile: .libm, schedule: .hardware))
        let prefill = try BoundDesign.binding(try model.prefillDesign(profile: .libm, schedule: .hardware, block: 5))
        let steps = try LlamaInterpreterEngine(design: forward, model: model)
        let mixed = try LlamaInterpreterEngine(design: forward, model: model, prefill: prefill)
        let tokens = [3, 9, 27, 1, 0, 11, 4]
        var expected: [Float] = []
        for (p, t) in tokens.enumerated() { expected = try steps.forward(token: t, pos: p) }
        _ = try mixed.forward(token: tokens[0], pos: 0)
        _ = try mixed.prefill(tokens: [tokens[1]], pos: 1)
        let got = try mixed.prefill(tokens: Array(tokens[2...]), pos: 2)
        XCTAssertEqual(got.map(\.bitPattern), expected.map(\.bitPattern))
    }

    func testBlockOutsideTheSequenceIsAProblem() {
        let s = LlamaShape(dim: 16, hidden: 24, layers: 1, heads: 4, kvHeads: 2, vocab: 40, seqLen: 12)
        XCTAssertThrowsError(try LlamaPrefill.design(s, weights: .float, profile: .libm, block: 13)) { e in
            XCTAssertTrue("\(e)".contains("prefill block is 13; expected 1 ... seq_len 12"), "\(e)")
        }
    }

    /// Interpreter and C simulation agree on the prefill kernel's logits and KV cache.
    func testPrefillAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let s = LlamaShape(dim: 16, hidden: 24, layers: 2, heads: 4, kvHeads: 2, vocab: 40, seqLen: 8)
        var n = 0
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            for (profile, style) in [(MathProfile.libm, LlamaSchedule.reference), (.exact, .hardware)] {
                let d = try LlamaPrefill.design(s, weights: weights, profile: profile, schedule: style, block: 3)
                XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(weights) \(profile) \(style)")
                n += 1
                let verdicts = try Verifier(compiler: compiler, seed: UInt64(n)).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(n)")
                for v in verdicts { XCTAssertTrue(v.passed, "\(weights) \(profile) \(style): \(v)") }
            }
        }
    }
}
