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

    /// `many` gives `one`'s logits bit for bit at every position of `tokens`.
    func assertSameLogits(_ one: (Int, Int) throws -> [Float], _ many: (Int, Int) throws -> [Float], tokens: [Int], _ label: String) throws {
        for (p, t) in tokens.enumerated() {
            XCTAssertEqual(try many(t, p).map(\.bitPattern), try one(t, p).map(\.bitPattern), "\(label), pos \(p)")
        }
    }

    /// Device `e`'s design of `n` for e in 0 ..< n, bound; each has two engines' ports.
    func twoEngineDevices(_ n: Int, _ design: (Int) throws -> Design) throws -> [BoundDesign] {
        let designs = try (0..<n).map { try BoundDesign.binding(try design($0)) }
        XCTAssertEqual(designs.map { EngineWeights.engines(of: $0.design) }, Array(repeating: 2, count: n))
        return designs
    }

    func testLlamaDevicesWithEnginesGiveTheOneDeviceLogits() throws {
        for groupSize in [nil, 4] {
            let model = try LlamaTestSupport.randomModel(Self.llama, seed: 11, groupSize: groupSize)
            for n in [2, 4] {
                let one = try LlamaInterpreterEngine(design: try BoundDesign.binding(try model.design(profile: .libm, schedule: .hardware)), model: model)
                let designs = try twoEngineDevices(n) { e in
                    try LlamaDevices.design(model.shape, weights: model.weights, profile: .libm, schedule: .hardware, devices: n, device: e, engines: 2)
                }
                // Two devices hold two key/value heads each: two attention engines, one cache part each.
                XCTAssertEqual(designs[0].design.topKernel.buffer("key_cache_e1") != nil, n == 2)
                let many = try LlamaDeviceEngine(designs: designs, model: model)
                try assertSameLogits(one.forward, many.forward, tokens: [1, 17, 63, 3, 3, 28], "\(model.variant) \(n) devices × 2 engines")
            }
        }
    }

    func testGPT2DevicesWithEnginesGiveTheOneDeviceLogits() throws {
        let checkpoint = try GPT2RandomModel.checkpoint(config: Self.gpt2, seed: 6)
        for quantize in [false, true] {
            let model = try GPT2Model(checkpoint, name: "g", quantize: quantize, groupSize: quantize ? 8 : nil)
            for n in [2, 4] {
                let one = try GPT2InterpreterEngine(design: try BoundDesign.binding(try model.design(profile: .libm, schedule: .hardware)), model: model)
                let many = try DeviceEngine(designs: try twoEngineDevices(n) { e in
                    try GPT2Devices.design(model.shape, weights: model.weights, profile: .libm, schedule: .hardware, devices: n, device: e, engines: 2)
                }, model: model)
                try assertSameLogits(one.forward, many.forward, tokens: [50256 % 61, 7, 60, 3, 3, 19], "\(model.variant) \(n) devices × 2 engines")
            }
        }
    }

    /// Three heads per device on four engines: three attention engines of one head each (the
    /// largest divisor of the device's heads up to E), both models, against one device and,
    /// for the device kernels, their C simulation.
    func testAttentionEnginesThatDoNotDivideTheEngineCount() throws {
        let llama = LlamaConfig(dim: 48, hiddenDim: 64, nLayers: 2, nHeads: 6, nKVHeads: 6, vocabSize: 64, seqLen: 16)
        let lm = LlamaModel(checkpoint: .q8(try RandomModel.q8Checkpoint(config: llama, seed: 12, groupSize: 8)), name: "m")
        let gm = try GPT2Model(try GPT2RandomModel.checkpoint(config: GPT2Config(maxSeqLen: 8, vocabSize: 61, nLayers: 2, nHeads: 6, channels: 48,
                                                                                 paddedVocabSize: 64), seed: 7),
                               name: "g", quantize: true, groupSize: 8)
        let oneLlama = try LlamaInterpreterEngine(design: try BoundDesign.binding(try lm.design(profile: .libm, schedule: .hardware)), model: lm)
        let oneGPT2 = try GPT2InterpreterEngine(design: try BoundDesign.binding(try gm.design(profile: .libm, schedule: .hardware)), model: gm)
        let llamaDesigns = try (0..<2).map { e in
            try LlamaDevices.design(lm.shape, weights: lm.weights, profile: .libm, schedule: .hardware, devices: 2, device: e, engines: 4)
        }
        let gpt2Designs = try (0..<2).map { e in
            try GPT2Devices.design(gm.shape, weights: gm.weights, profile: .libm, schedule: .hardware, devices: 2, device: e, engines: 4)
        }
        for d in llamaDesigns + gpt2Designs {
            XCTAssertNotNil(d.topKernel.buffer("key_cache_e2"))
            XCTAssertNil(d.topKernel.buffer("key_cache_e3"))
        }
        let splitLlama = try LlamaDeviceEngine(designs: try llamaDesigns.map { try BoundDesign.binding($0) }, model: lm)
        let splitGPT2 = try DeviceEngine(designs: try gpt2Designs.map { try BoundDesign.binding($0) }, model: gm)
        try assertSameLogits(oneLlama.forward, splitLlama.forward, tokens: [1, 17, 60, 3, 3, 28], "Llama")
        try assertSameLogits(oneGPT2.forward, splitGPT2.forward, tokens: [1, 17, 60, 3, 3, 28], "GPT-2")
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        for (i, d) in [llamaDesigns[0], gpt2Designs[0]].enumerated() {
            let verdicts = try Verifier(compiler: compiler, seed: 4).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(i)")
            for v in verdicts { XCTAssertTrue(v.passed, "design \(i): \(v)") }
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

    /// `hlsgen run --devices N --engines E` prints the one-device text (Llama) and ids
    /// (GPT-2, sampled, so every logit matters) — llm.c's own greedy ids for gpt2_tiny on 4
    /// devices × 2 engines when ../shared/models has it; GPT-2 `--engines 2` on one device in
    /// both engines (interpreter and the generated C-simulation host) prints the one-engine ids.
    func testRunWithEnginesPrintsTheOneEngineOutput() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (llama, tokenizer) = try LlamaTestSupport.writeRandomModel(into: dir)
        let base = ["run", "--checkpoint", llama, "--tokenizer", tokenizer, "--schedule", "hardware", "--temperature", "0.8", "--seed", "5", "--steps", "20"]
        let (s1, one, _, e1) = LlamaTestSupport.hlsgen(base)
        XCTAssertEqual(s1, 0, "\(e1)")
        let (s2, split, _, e2) = LlamaTestSupport.hlsgen(base + ["--devices", "2", "--engines", "2"])
        XCTAssertEqual(s2, 0, "\(e2)")
        XCTAssertEqual(split, one)

        let (gpt2, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let g = ["run", "--checkpoint", gpt2, "--ids", "--seed", "9", "--steps", "12", "--schedule", "hardware", "--quantize"]
        let (t1, ids, _, f1) = LlamaTestSupport.hlsgen(g)
        XCTAssertEqual(t1, 0, "\(f1)")
        for extra in [["--devices", "2", "--engines", "2"], ["--engines", "2"], ["--engines", "2", "--engine", "csim"]] {
            let (t, out, _, f) = LlamaTestSupport.hlsgen(g + extra)
            XCTAssertEqual(t, 0, "\(extra): \(f)")
            XCTAssertEqual(out, ids, "\(extra)")
        }
        let (bad, _, _, err) = LlamaTestSupport.hlsgen(g + ["--devices", "2", "--engines", "5"])
        XCTAssertEqual(bad, 1)
        XCTAssertEqual(err.count, 1)
        XCTAssertTrue(err.first?.hasPrefix("hlsgen: error: option --engines: engines 5 does not divide device 0's rows of") == true, "\(err)")

        let tiny = LlamaTestSupport.modelsDirectory + "/gpt2_tiny.bin"
        guard FileManager.default.fileExists(atPath: tiny),
              let want = FileManager.default.contents(atPath: LlamaTestSupport.modelsDirectory + "/gpt2_tiny.greedy64.ids") else { return }
        let (s4, four, _, e4) = LlamaTestSupport.hlsgen(["run", "--checkpoint", tiny, "--ids", "--temperature", "0", "--steps", "64",
                                                         "--schedule", "hardware", "--devices", "4", "--engines", "2"])
        XCTAssertEqual(s4, 0, "\(e4)")
        XCTAssertEqual(GPT2TestSupport.ids(four), GPT2TestSupport.ids([UInt8](want)), "gpt2_tiny on 4 devices × 2 engines: llm.c's greedy ids")
    }

    /// `hlsgen generate --devices N --engines E`: one folder per device role under
    /// `<name>-d<N>-e<E>`, each device kernel with its engine wrappers, and the multi-device
    /// host beside them, which packs every device's engine ports.
    func testGenerateDevicesWithEngines() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (gpt2, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let (status, _, out, err) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", gpt2, "--schedule", "hardware", "--devices", "2",
                                                             "--engines", "2", "--output", dir + "/d2"])
        XCTAssertEqual(status, 0, "\(err)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: dir + "/d2").sorted()
        XCTAssertEqual(folders, ["device0", "device1", "gpt2.h", "host.cpp", "host_runtime.h", "system.mk"], "\(out)")
        let kernel = try String(contentsOfFile: dir + "/d2/device0/device.cpp", encoding: .utf8)
        XCTAssertTrue(kernel.contains("void mv_fc_engines("), "the device kernel has the engine wrappers")
        XCTAssertTrue(kernel.contains("w_e1"), "engine 1's weight port")
        let host = try String(contentsOfFile: dir + "/d2/host.cpp", encoding: .utf8)
        XCTAssertTrue(host.contains("w_e1"), "the host fills engine 1's port")
    }
}
