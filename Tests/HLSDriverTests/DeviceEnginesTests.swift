import HLSDriver
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// Engines per device: each device's rows of every product split over E engines (and for
/// Llama its heads over attention engines), N devices × E engines giving the one-device
/// logits bit for bit — both models, float and Q8_0, interpreter; the device kernels against
/// their C simulation.
final class DeviceEnginesTests: XCTestCase {
    static let llama = LlamaConfig(dim: 32, hiddenDim: 48, nLayers: 2, nHeads: 8, nKVHeads: 4, vocabSize: 64, seqLen: 16)
    static let gpt2 = GPT2Config(maxSeqLen: 8, vocabSize: 61, nLayers: 2, nHeads: 4, channels: 32, paddedVocabSize: 64)

    func testLlamaDevicesWithEnginesGiveTheOneDeviceLogits() throws {
        let tokens = [1, 17, 63, 3, 3, 28]
        for groupSize in [nil, 4] {
            let model: LlamaModel
            if let gs = groupSize {
                model = LlamaModel(checkpoint: .q8(try RandomModel.q8Checkpoint(config: Self.llama, seed: 11, groupSize: gs)), name: "m")
            } else {
                model = LlamaModel(checkpoint: .float(try RandomModel.floatCheckpoint(config: Self.llama, seed: 11)), name: "m")
            }
            let one = try LlamaInterpreterEngine(design: try BoundDesign.binding(try model.design(profile: .libm, schedule: .hardware)), model: model)
            var expected: [[UInt32]] = []
            for (p, t) in tokens.enumerated() { expected.append(try one.forward(token: t, pos: p).map(\.bitPattern)) }
            for n in [2, 4] {
                let designs = try (0..<n).map { e in
                    try BoundDesign.binding(try LlamaDevices.design(model.shape, weights: model.weights, profile: .libm, schedule: .hardware,
                                                                     devices: n, device: e, engines: 2))
                }
                XCTAssertEqual(designs.map { EngineWeights.engines(of: $0.design) }, Array(repeating: 2, count: n))
                // Two devices hold two key/value heads each: two attention engines, one cache part each.
                XCTAssertEqual(designs[0].design.topKernel.buffer("key_cache_e1") != nil, n == 2)
                let many = try LlamaDeviceEngine(designs: designs, model: model)
                for (p, t) in tokens.enumerated() {
                    XCTAssertEqual(try many.forward(token: t, pos: p).map(\.bitPattern), expected[p], "\(model.variant) \(n) devices × 2 engines, pos \(p)")
                }
            }
        }
    }

    func testGPT2DevicesWithEnginesGiveTheOneDeviceLogits() throws {
        let checkpoint = try GPT2RandomModel.checkpoint(config: Self.gpt2, seed: 6)
        let tokens = [50256 % 61, 7, 60, 3, 3, 19]
        for quantize in [false, true] {
            let model = try GPT2Model(checkpoint, name: "g", quantize: quantize, groupSize: quantize ? 8 : nil)
            let one = try GPT2InterpreterEngine(design: try BoundDesign.binding(try model.design(profile: .libm, schedule: .hardware)), model: model)
            var expected: [[UInt32]] = []
            for (p, t) in tokens.enumerated() { expected.append(try one.forward(token: t, pos: p).map(\.bitPattern)) }
            for n in [2, 4] {
                let designs = try (0..<n).map { e in
                    try BoundDesign.binding(try GPT2Devices.design(model.shape, weights: model.weights, profile: .libm, schedule: .hardware,
                                                                    devices: n, device: e, engines: 2))
                }
                XCTAssertEqual(designs.map { EngineWeights.engines(of: $0.design) }, Array(repeating: 2, count: n))
                let many = try DeviceEngine(designs: designs, model: model)
                for (p, t) in tokens.enumerated() {
                    XCTAssertEqual(try many.forward(token: t, pos: p).map(\.bitPattern), expected[p], "\(model.variant) \(n) devices × 2 engines, pos \(p)")
                }
            }
        }
    }

    func testEngineCountsThatDoNotSplitAreOneLineProblems() {
        let s = LlamaShape(dim: 32, hidden: 48, layers: 2, heads: 8, kvHeads: 4, vocab: 50, seqLen: 16)
        XCTAssertEqual(LlamaDevices.engineProblems(s, devices: 4, engines: 2, schedule: .hardware),
                       ["engines 2 does not divide device 0's rows of wcls 13 (each engine takes an equal share of every matrix's rows)"])
        XCTAssertEqual(LlamaDevices.engineProblems(s, devices: 2, engines: 2, schedule: .reference),
                       ["engines 2 needs the hardware schedule (the reference schedule keeps one engine)"])
        let g = GPT2Shape(channels: 32, layers: 2, heads: 4, vocab: 61, paddedVocab: 64, seqLen: 8)
        XCTAssertEqual(GPT2Devices.engineProblems(g, devices: 4, engines: 16, schedule: .hardware),
                       ["engines 16 does not divide device 0's rows of qkvw 24, attprojw 8, fcprojw 8 (each engine takes an equal share of every matrix's rows)"])
        XCTAssertEqual(GPT2Devices.engineProblems(g, devices: 2, engines: 0, schedule: .hardware), ["engines is 0; expected a positive integer"])
    }

    /// Interpreter and C simulation agree on device kernels with two engines.
    func testDeviceEngineKernelsAgreeWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let s = LlamaShape(dim: 32, hidden: 48, layers: 2, heads: 8, kvHeads: 4, vocab: 64, seqLen: 16)
        let g = GPT2Shape(channels: 16, layers: 2, heads: 2, vocab: 30, paddedVocab: 32, seqLen: 8)
        var designs: [Design] = []
        for weights in [LlamaWeights.float, .q8(groupSize: 8)] {
            designs.append(try LlamaDevices.design(s, weights: weights, profile: .libm, schedule: .hardware, devices: 2, device: 1, engines: 2))
            designs.append(try GPT2Devices.design(g, weights: weights, profile: .libm, schedule: .hardware, devices: 2, device: 1, engines: 2))
        }
        for (i, d) in designs.enumerated() {
            XCTAssertEqual(ScheduleValidator.problems(in: d), [], "design \(i)")
            let verdicts = try Verifier(compiler: compiler, seed: 2).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(i)")
            for v in verdicts { XCTAssertTrue(v.passed, "design \(i): \(v)") }
        }
    }
}
