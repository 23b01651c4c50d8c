import Foundation
import HLSDriver
import HLSEmitter
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// The `fixed` profile (`FixedLlamaForward`): interpreter == C simulation on every output word
/// — the attention layer with a fixed-point KV cache, the whole design on seeded inputs under
/// float, Q8_0 and Q4 weights, narrow, default and 64-bit formats, the reference schedule
/// (libm, exact) and the hardware one (every array it writes, caches included), and whole
/// models for 64 steps on their own weights.
final class FixedLlamaTests: XCTestCase {
    static let shape = LlamaShape(dim: 16, hidden: 24, layers: 2, heads: 4, kvHeads: 2, vocab: 20, seqLen: 8)

    static func formats(_ w: Int, _ i: Int, residual: (Int, Int)) -> FixedActivations {
        var f: [FixedActivations.Class: FixedActivations.Format] = [:]
        for c in FixedActivations.Class.allCases { f[c] = .init(w, i) }
        f[.residual] = .init(residual.0, residual.1)
        return FixedActivations(f)
    }

    /// Narrow (saturating), the defaults, and the widest (fixed → float rounds).
    static let settings: [(String, FixedActivations)] = [
        ("narrow", formats(8, 3, residual: (8, 2))), ("default", FixedActivations()), ("wide", formats(64, 20, residual: (63, 20))),
    ]

    /// `attn_top`: the attention kernel with a fixed-point cache called with its own arguments,
    /// except `pos_block`, which it computes from `pos` as the forward does.
    static func attentionDesign(cache: ScalarType) throws -> Design {
        let s = LlamaShape(dim: 16, hidden: 8, layers: 1, heads: 4, kvHeads: 2, vocab: 8, seqLen: 12)
        let attention = try Attention.kernel("attention", shape: s, profile: .exact, cache: cache)
        let k = KernelBuilder("attn_top")
        var arguments: [CallArgument] = []
        var pos: Index = 0
        for p in attention.parameters {
            switch p {
            case .buffer(let n):
                let b = try XCTUnwrap(attention.buffer(n))
                let h = b.direction == .output ? k.output(n, b.elementType, count: b.count)
                    : b.direction == .readWrite ? k.inputOutput(n, b.elementType, count: b.count) : k.input(n, b.elementType, count: b.count)
                arguments.append(h.from())
            case .size("pos", let max):
                pos = k.size("pos", max: max).index
                arguments.append(.index(pos))
            case .size:
                arguments.append(.index(pos / Attention.blockRows(s)))
            case .scalar:
                XCTFail("attention has no scalar argument")
            }
        }
        k.call(attention, arguments)
        let d = Design(top: "attn_top", kernels: [attention, try k.build()], schedule: Schedule(), profile: .exact)
        try KernelValidator.validate(d)
        return d
    }

    func testLayersAndWholeDesignAgreeWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        var designs: [BoundDesign] = []
        for (n, cache) in [ScalarType.fixed(16, 6, .rndConv, .sat), .fixed(8, 1, .rndConv, .sat), .fixed(64, 30, .rndConv, .sat)].enumerated() {
            var d = try Self.attentionDesign(cache: cache)
            d = d.renamed("attn_top_\(n)")
            designs.append(try BoundDesign.bind(d))
        }
        for (name, a) in Self.settings {
            for weights in [LlamaWeights.float, .q8(groupSize: 8), .q4(groupSize: 8)] {
                for (profile, schedule) in [(MathProfile.libm, LlamaSchedule.reference), (.exact, .reference), (.libm, .hardware)] {
                    var d = try FixedLlamaForward.design(Self.shape, weights: weights, profile: profile, activations: a, schedule: schedule)
                    if schedule == .hardware { XCTAssertTrue(d.schedule.loops.values.contains { ($0.lanes ?? 1) > 1 }, "the hardware schedule has lanes") }
                    d = d.renamed("fx_\(name)_\(weights.variant)_\(profile.rawValue)_\(schedule.rawValue)")
                    designs.append(try BoundDesign.bind(d))
                }
            }
        }
        for seed: UInt64 in [1, 2] {
            let verdicts = try Verifier(compiler: compiler, seed: seed).verifyBatch(designs, work: work + "/\(seed)")
            XCTAssertEqual(verdicts.count, designs.count)
            for v in verdicts { XCTAssertTrue(v.passed, "seed \(seed): \(v)") }
        }
    }

    func testStories260KFor64Steps() throws {
        let (path, _) = try XCTUnwrap(LlamaTestSupport.requireModels(["stories260K.bin"]).first.map { ($0, 0) })
        try assertStepsAgree(try LlamaModel.load(checkpoint: path), activations: FixedActivations(), steps: 64)
        // 12-bit formats (q, k and the logits saturate on this model), the hardware schedule.
        try assertStepsAgree(try LlamaModel.load(checkpoint: path, quantization: .q8, groupSize: nil),
                             activations: Self.formats(12, 5, residual: (12, 5)), schedule: .hardware, steps: 64)
    }

    func testRandomModelFor64Steps() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let config = LlamaConfig(dim: 32, hiddenDim: 48, nLayers: 2, nHeads: 8, nKVHeads: 4, vocabSize: 300, seqLen: 64)
        let (path, _) = try LlamaTestSupport.writeRandomModel(config, seed: 7, q8GroupSize: 16, into: dir)
        try assertStepsAgree(try LlamaModel.load(checkpoint: path), activations: FixedActivations(), steps: 64)
    }

    /// The fixed design of `model` run for `steps` positions on its own greedy tokens: the
    /// testbench reads the model's weights from files and compares the logits of every step.
    func assertStepsAgree(_ model: LlamaModel, activations: FixedActivations, schedule: LlamaSchedule = .reference, steps: Int,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self, "steps-\(model.variant)-\(activations.widths[.residual]!.width)")
        let design = try BoundDesign.bind(try FixedLlamaForward.design(model.shape, weights: model.weights, profile: .libm,
                                                                       activations: activations, schedule: schedule))
        let engine = try LlamaInterpreterEngine(design: design, model: model)
        var token = 1
        var calls: [[String: Int64]] = []
        for pos in 0..<steps {
            calls.append(["token": Int64(token), "pos": Int64(pos)])
            let logits = try engine.forward(token: token, pos: pos)
            token = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!
        }
        let plan = TestbenchPlan(inputs: .files, calls: calls, checked: ["logits"], cosim: false)
        let files = try Emitter.emit(design, testbench: plan)
            + TestbenchData.files(design, plan: plan, seed: 1, inputs: try model.inputs(for: design))
        let folders = try Generator.write([("forward", files)], to: work)
        let verdicts = try Verifier(compiler: compiler).verify([design], folders: folders, work: work + "/build")
        XCTAssertEqual(verdicts.count, 1, file: file, line: line)
        for v in verdicts {
            XCTAssertTrue(v.passed, "\(v)", file: file, line: line)
            XCTAssertTrue("\(v)".contains("\(steps * model.config.vocabSize) output words"), "\(v)", file: file, line: line)
        }
    }
}

extension Design {
    /// The design with its top kernel named `top` (schedule entries of the top follow), so
    /// that several variants of one design share a batch simulation.
    func renamed(_ name: String) -> Design {
        let kernels = self.kernels.map { $0.name == top ? Kernel(name: name, parameters: $0.parameters, buffers: $0.buffers, body: $0.body) : $0 }
        func move<T>(_ d: [String: T]) -> [String: T] {
            Dictionary(uniqueKeysWithValues: d.map { k, v in (k == top ? name : k.hasPrefix(top + ".") ? name + k.dropFirst(top.count) : k, v) })
        }
        var s = schedule
        s.loops = move(s.loops)
        s.buffers = move(s.buffers)
        s.interfaces = move(s.interfaces)
        s.functions = move(s.functions)
        return Design(top: name, kernels: kernels, schedule: s, profile: profile, packing: packing, roles: roles)
    }
}
