import Foundation
import HLSDriver
import HLSIR
import HLSModels
import XCTest

/// Q4 in the generated C-simulation host (llama2c.h's `quantize_q4`): `hlsgen run --quantize q4
/// --engine csim` quantizes the float checkpoint on the fly exactly as `Q4Quantizer` does and
/// prints the interpreter's text; a Q8_0 checkpoint is a one-line error.
final class Q4HostTests: XCTestCase {
    /// A random model (prompts: without one it soon samples BOS and stops): reference and hardware schedules, one and two engines (packed ports),
    /// group sizes 2, 8 and the default, greedy, sampled and top-p, with a prompt.
    func testCSimulationPrintsTheInterpretersText() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(seed: 41, into: dir)
        let variants: [[String]] = [
            ["--temperature", "0", "--prompt", "Once"],
            ["--schedule", "hardware", "--group-size", "8", "--temperature", "0.9", "--seed", "7", "--prompt", "Once upon"],
            ["--schedule", "hardware", "--engines", "2", "--profile", "exact", "--group-size", "2", "--temperature", "1", "--topp", "0.8", "--seed", "3",
             "--prompt", "a b"],
        ]
        for args in variants {
            let base = ["run", "--checkpoint", model, "--tokenizer", tok, "--quantize", "q4", "--steps", "24"] + args
            let (s1, interpreted, _, e1) = LlamaTestSupport.hlsgen(base)
            let (s2, simulated, _, e2) = LlamaTestSupport.hlsgen(base + ["--engine", "csim"])
            XCTAssertEqual(s1, 0, "\(args): \(e1)")
            XCTAssertEqual(s2, 0, "\(args): \(e2)")
            XCTAssertGreaterThan(interpreted.count, 1, "\(args)")
            XCTAssertEqual(simulated, interpreted, "\(args)")
        }
    }

    /// stories260K (group size 4, the default for hidden_dim 172): the same text, greedy.
    func testStories260KText() throws {
        _ = try TestSupport.compiler()
        let m = try LlamaTestSupport.requireModels(["stories260K.bin", "tok512.bin"])
        let base = ["run", "--checkpoint", m[0], "--tokenizer", m[1], "--quantize", "q4", "--temperature", "0", "--steps", "48",
                    "--schedule", "hardware"]
        let (s1, interpreted, _, e1) = LlamaTestSupport.hlsgen(base)
        let (s2, simulated, _, e2) = LlamaTestSupport.hlsgen(base + ["--engine", "csim"])
        XCTAssertEqual(s1, 0, "\(e1)")
        XCTAssertEqual(s2, 0, "\(e2)")
        XCTAssertGreaterThan(interpreted.count, 20)
        XCTAssertEqual(simulated, interpreted)
    }

    /// The standalone Q4 host given a Q8_0 (version 2) checkpoint, or a float one of another
    /// shape: one line on standard error, exit 1.
    func testStandaloneHostRejectsOtherCheckpoints() throws {
        let compiler = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(seed: 42, into: dir)
        let (q8, _) = try LlamaTestSupport.writeRandomModel(seed: 42, q8GroupSize: 8, into: dir)
        let (other, _) = try LlamaTestSupport.writeRandomModel(LlamaConfig(dim: 16, hiddenDim: 48, nLayers: 2, nHeads: 2, nKVHeads: 2,
                                                                           vocabSize: 300, seqLen: 32), seed: 43, into: dir)
        let loaded = try LlamaModel.load(checkpoint: model, quantization: .q4, groupSize: 8)
        let design = try BoundDesign.bind(try loaded.design(profile: .libm, schedule: .reference))
        try FileManager.default.createDirectory(atPath: dir + "/host", withIntermediateDirectories: true)
        let host = try LlamaHostProgram.build(design, in: dir + "/host", headers: compiler.headers)
        let options = LlamaGenerationOptions(steps: 4, temperature: 0)
        for (checkpoint, message) in [(q8, "is a Q8_0 (version 2) checkpoint; a Q4 accelerator quantizes a float (version 0) checkpoint"),
                                      (other, "dim is 16, expected 32")] {
            XCTAssertThrowsError(try host.run(LlamaHostProgram.arguments(checkpoint: checkpoint, tokenizer: tok, options: options, steps: 4),
                                              standardOutput: { _ in })) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
        var text: [UInt8] = []
        _ = try host.run(LlamaHostProgram.arguments(checkpoint: model, tokenizer: tok, options: options, steps: 4), standardOutput: { text += $0 })
        XCTAssertEqual(text.last, 0x0A)
    }
}
