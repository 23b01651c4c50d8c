import HLSDriver
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// Llama on several devices (`LlamaDevices`): every device holds a slice of every matrix,
/// the host all-gathers between stages, and the logits are bit-identical to one device.
final class LlamaDevicesTests: XCTestCase {
    static let config = LlamaConfig(dim: 32, hiddenDim: 40, nLayers: 2, nHeads: 8, nKVHeads: 4, vocabSize: 50, seqLen: 10)

    func testSplitIsAsEvenAsTheShapesAllow() {
        XCTAssertEqual(LlamaDevices.split(25, 4).map(\.count), [7, 6, 6, 6])
        XCTAssertEqual(LlamaDevices.split(25, 4).map(\.lowerBound), [0, 7, 13, 19])
        XCTAssertEqual(LlamaDevices.split(8, 2), [0..<4, 4..<8])
        let s = LlamaShape(dim: 24, hidden: 40, layers: 1, heads: 8, kvHeads: 4, vocab: 50, seqLen: 4)
        XCTAssertEqual(LlamaDevices.problems(s, devices: 5), ["devices 5 is more than n_kv_heads 4 (each device holds whole key/value heads)"])
        XCTAssertEqual(LlamaDevices.problems(s, devices: 9), ["devices is 9; expected 1 ... 8"])
    }

    /// 2, 3 (uneven) and 4 devices against one, float and Q8_0, reference and hardware
    /// schedules, 6 positions with the KV cache carried.
    func testDevicesGiveTheOneDeviceLogits() throws {
        let tokens = [1, 17, 49, 3, 3, 28]
        for groupSize in [nil, 4] {
            let model = try LlamaTestSupport.randomModel(Self.config, seed: 9, groupSize: groupSize)
            for style in [LlamaSchedule.reference, .hardware] {
                let one = try LlamaInterpreterEngine(design: try BoundDesign.binding(try model.design(profile: .libm, schedule: style)), model: model)
                var expected: [[UInt32]] = []
                for (p, t) in tokens.enumerated() { expected.append(try one.forward(token: t, pos: p).map(\.bitPattern)) }
                for n in [2, 3, 4] {
                    let designs = try (0..<n).map { e in
                        try BoundDesign.binding(try LlamaDevices.design(model.shape, weights: model.weights, profile: .libm, schedule: style,
                                                                         devices: n, device: e))
                    }
                    let many = try LlamaDeviceEngine(designs: designs, model: model)
                    for (p, t) in tokens.enumerated() {
                        XCTAssertEqual(try many.forward(token: t, pos: p).map(\.bitPattern), expected[p], "\(model.variant) \(style) \(n) devices, pos \(p)")
                    }
                }
            }
        }
    }

    /// `hlsgen run --devices N` prints the one-device text; bad counts are one-line errors.
    func testRunOnSeveralDevicesPrintsTheSameText() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tokenizer) = try LlamaTestSupport.writeRandomModel(into: dir)
        let base = ["run", "--checkpoint", model, "--tokenizer", tokenizer, "--temperature", "0.8", "--seed", "5", "--steps", "20"]
        let (s1, one, _, _) = LlamaTestSupport.hlsgen(base)
        XCTAssertEqual(s1, 0)
        for n in ["2", "4"] {
            let (s, text, _, err) = LlamaTestSupport.hlsgen(base + ["--devices", n])
            XCTAssertEqual(s, 0, "\(err)")
            XCTAssertEqual(text, one, "\(n) devices")
        }
        let (bad, _, _, err) = LlamaTestSupport.hlsgen(base + ["--devices", "5"])
        XCTAssertEqual(bad, 1)
        XCTAssertEqual(err, ["hlsgen: error: option --devices: devices 5 is more than n_kv_heads 4 (each device holds whole key/value heads)"])
    }

    /// `hlsgen generate --devices N`: one folder per device role with its connectivity, the
    /// multi-device host beside them; bad counts are errors.
    func testGenerateWritesOneFolderPerRole() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        // smallConfig: 4 KV heads, dim 32, hidden 48, vocab 300 over 3 devices: 2/1/1 heads,
        // vocabulary rows 112/96/92 — three different kernels (gpt2_tiny's two are one, in
        // Generated/gpt2_tiny-q80-hardware-exact-d2/device0-1).
        let (status, _, out, err) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", model, "--devices", "3", "--output", dir + "/d3"])
        XCTAssertEqual(status, 0, "\(err)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: dir + "/d3").sorted()
        // The role folders, and the multi-device host that drives them.
        XCTAssertEqual(folders, ["device0", "device1", "device2", "host.cpp", "host_runtime.h", "llama2c.h", "system.mk"], "\(out)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/d3/device0/device_tb.cpp"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/d3/device2/connectivity_u280.cfg"))
        let system = try String(contentsOfFile: dir + "/d3/system.mk", encoding: .utf8)
        XCTAssertTrue(system.contains("ROLES := device0 device1 device2"), system)
        let (bad, _, _, badErr) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", model, "--devices", "5", "--output", dir + "/d5"])
        XCTAssertEqual(bad, 1)
        XCTAssertEqual(badErr, ["hlsgen: error: option --devices: devices 5 is more than n_kv_heads 4 (each device holds whole key/value heads)"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/d5"))
    }

    /// Interpreter and C simulation agree on the device kernel (seeded inputs: a random stage,
    /// layer, token and position per seed).
    func testDeviceKernelAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let s = LlamaShape(dim: 16, hidden: 24, layers: 2, heads: 4, kvHeads: 2, vocab: 40, seqLen: 8)
        var n = 0
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            for (style, device) in [(LlamaSchedule.reference, 0), (.hardware, 1)] {
                let d = try LlamaDevices.design(s, weights: weights, profile: .libm, schedule: style, devices: 2, device: device)
                XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(weights) \(style)")
                for seed in 1...3 {
                    n += 1
                    let verdicts = try Verifier(compiler: compiler, seed: UInt64(seed)).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(n)")
                    for v in verdicts { XCTAssertTrue(v.passed, "\(weights) \(style) seed \(seed): \(v)") }
                }
            }
        }
    }
}
