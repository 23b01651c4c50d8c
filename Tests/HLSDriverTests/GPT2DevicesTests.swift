import HLSDriver
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// GPT-2 on several devices (`GPT2Devices`): heads, hidden units and rows split over the
/// devices, the host all-gathers between stages, and the logits are bit-identical to one
/// device — 2, 3 (uneven) and 4 devices, float and Q8_0, reference and hardware schedules.
final class GPT2DevicesTests: XCTestCase {
    static let config = GPT2Config(maxSeqLen: 8, vocabSize: 61, nLayers: 2, nHeads: 4, channels: 32, paddedVocabSize: 64)

    func testDevicesGiveTheOneDeviceLogits() throws {
        let checkpoint = try GPT2RandomModel.checkpoint(config: Self.config, seed: 4)
        let tokens = [50256 % 61, 7, 60, 3, 3, 19]
        for quantize in [false, true] {
            let model = try GPT2Model(checkpoint, name: "g", quantize: quantize, groupSize: quantize ? 8 : nil)
            for style in GPT2Schedule.allCases {
                let one = try GPT2InterpreterEngine(design: try BoundDesign.binding(try model.design(profile: .libm, schedule: style)), model: model)
                var expected: [[UInt32]] = []
                for (p, t) in tokens.enumerated() { expected.append(try one.forward(token: t, pos: p).map(\.bitPattern)) }
                for n in [2, 3, 4] {
                    let designs = try (0..<n).map { e in
                        try BoundDesign.binding(try GPT2Devices.design(model.shape, weights: model.weights, profile: .libm, schedule: style,
                                                                        devices: n, device: e))
                    }
                    let many = try DeviceEngine(designs: designs, model: model)
                    for (p, t) in tokens.enumerated() {
                        XCTAssertEqual(try many.forward(token: t, pos: p).map(\.bitPattern), expected[p], "\(model.variant) \(style) \(n) devices, pos \(p)")
                    }
                }
            }
        }
    }

    /// `hlsgen run --devices N` prints the one-device ids (sampled, so every logit matters),
    /// and llm.c's own ids for gpt2_tiny when ../shared/models has it.
    func testRunOnSeveralDevices() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let base = ["run", "--checkpoint", model, "--ids", "--seed", "9", "--steps", "12"]
        let (s1, one, _, e1) = LlamaTestSupport.hlsgen(base)
        XCTAssertEqual(s1, 0, "\(e1)")
        let (s2, two, _, e2) = LlamaTestSupport.hlsgen(base + ["--devices", "2"])
        XCTAssertEqual(s2, 0, "\(e2)")
        XCTAssertEqual(two, one)
        let (bad, _, _, err) = LlamaTestSupport.hlsgen(base + ["--devices", "3"])
        XCTAssertEqual(bad, 1)
        XCTAssertEqual(err, ["hlsgen: error: option --devices: devices 3 is more than num_heads 2 (each device holds whole heads)"])
        let tiny = LlamaTestSupport.modelsDirectory + "/gpt2_tiny.bin"
        let ids = LlamaTestSupport.modelsDirectory + "/gpt2_tiny.greedy64.ids"
        guard FileManager.default.fileExists(atPath: tiny), let want = FileManager.default.contents(atPath: ids) else { return }
        let (s4, four, _, e4) = LlamaTestSupport.hlsgen(["run", "--checkpoint", tiny, "--ids", "--temperature", "0", "--steps", "64", "--devices", "4"])
        XCTAssertEqual(s4, 0, "\(e4)")
        XCTAssertEqual(GPT2TestSupport.ids(four), GPT2TestSupport.ids([UInt8](want)), "gpt2_tiny on 4 devices: llm.c's greedy ids")
    }

    func testSplitOf25Heads() {
        let s = GPT2Shape(channels: 1600, layers: 48, heads: 25, vocab: 50257, paddedVocab: 50304, seqLen: 1024)
        XCTAssertEqual(GPT2Devices.slices(s, devices: 4).map(\.heads.count), [7, 6, 6, 6])
        XCTAssertEqual(GPT2Devices.problems(GPT2Shape(channels: 16, layers: 1, heads: 2, vocab: 9, paddedVocab: 16, seqLen: 4), devices: 3),
                       ["devices 3 is more than num_heads 2 (each device holds whole heads)"])
    }

    /// Interpreter and C simulation agree on the GPT-2 device kernel.
    func testDeviceKernelAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let s = GPT2Shape(channels: 16, layers: 2, heads: 2, vocab: 30, paddedVocab: 32, seqLen: 8)
        var n = 0
        for (weights, style) in [(LlamaWeights.float, GPT2Schedule.reference), (.q8(groupSize: 8), .hardware)] {
            let d = try GPT2Devices.design(s, weights: weights, profile: .libm, schedule: style, devices: 2, device: 1)
            XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(weights) \(style)")
            for seed in 1...3 {
                n += 1
                let verdicts = try Verifier(compiler: compiler, seed: UInt64(seed)).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(n)")
                for v in verdicts { XCTAssertTrue(v.passed, "\(weights) \(style) seed \(seed): \(v)") }
            }
        }
    }
}
