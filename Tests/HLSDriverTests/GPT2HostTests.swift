import Foundation
import HLSDriver
import HLSModels
import XCTest

/// `hlsgen run --engine csim` on GPT-2 checkpoints: the generated llm.c host (gpt2.h) with the
/// forward kernel in C simulation prints exactly what the interpreter engine prints — llm.c's
/// own ids for gpt2_tiny, and identical output on random checkpoints of other shapes, float
/// and Q8_0, reference and hardware schedules.
final class GPT2HostTests: XCTestCase {
    func testCSimulationGreedyIdsEqualLlmC() throws {
        _ = try TestSupport.compiler()
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tiny.greedy64.ids"])
        let (status, text, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--temperature", "0", "--steps", "64",
                                                              "--ids", "--engine", "csim"])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(text, [UInt8](try Data(contentsOf: URL(fileURLWithPath: p[1]))))
        XCTAssertTrue(err.contains { $0.hasPrefix("achieved tok/s: ") }, "\(err)")
    }

    func testCSimulationSampledIdsEqualLlmC() throws {
        _ = try TestSupport.compiler()
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tiny.sample64_seed1337.ids"])
        let (status, text, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--seed", "1337", "--steps", "64",
                                                              "--ids", "--engine", "csim"])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(text, [UInt8](try Data(contentsOf: URL(fileURLWithPath: p[1]))))
    }

    /// A text prompt (encoded by the driver, passed to the host as ids) on gpt2_tiny, Q8_0 on the
    /// hardware schedule: the host prints the interpreter's text, prompt first.
    func testCSimulationPromptTextEqualsInterpreter() throws {
        _ = try TestSupport.compiler()
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tokenizer.bin", "gpt2.tiktoken"])
        let base = ["run", "--checkpoint", p[0], "--tokenizer", p[1], "--prompt", "Hello world", "--steps", "20",
                    "--quantize", "--schedule", "hardware", "--temperature", "0.8", "--topp", "0.9", "--seed", "5"]
        let (s1, interpreted, _, e1) = LlamaTestSupport.hlsgen(base)
        let (s2, simulated, _, e2) = LlamaTestSupport.hlsgen(base + ["--engine", "csim"])
        XCTAssertEqual(s1, 0, "\(e1)")
        XCTAssertEqual(s2, 0, "\(e2)")
        XCTAssertTrue(interpreted.starts(with: Array("Hello world".utf8)))
        XCTAssertEqual(simulated, interpreted)
    }

    /// Random checkpoints of two other shapes (padded and unpadded vocabularies): both engines
    /// print the same bytes, float and Q8_0 (two group sizes), reference and hardware
    /// schedules, libm and exact profiles, greedy, sampled and top-p, text and ids.
    func testEnginesAgreeOnRandomShapes() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let shapes = [GPT2TestSupport.smallConfig,
                      GPT2Config(maxSeqLen: 12, vocabSize: 61, nLayers: 1, nHeads: 4, channels: 24, paddedVocabSize: 61)]
        let variants: [[String]] = [
            ["--temperature", "0.9", "--seed", "7"],
            ["--quantize", "--schedule", "hardware", "--temperature", "0", "--ids"],
            ["--quantize", "--group-size", "8", "--profile", "exact", "--temperature", "1", "--topp", "0.8", "--seed", "3", "--ids"],
            ["--schedule", "hardware", "--profile", "exact", "--steps", "9", "--seed", "11"],
        ]
        for (n, config) in shapes.enumerated() {
            let (checkpoint, tok) = try GPT2TestSupport.writeRandomModel(config, seed: UInt64(20 + n), into: dir)
            for args in variants {
                let base = ["run", "--checkpoint", checkpoint, "--tokenizer", tok] + args
                let (s1, interpreted, _, e1) = LlamaTestSupport.hlsgen(base)
                let (s2, simulated, _, e2) = LlamaTestSupport.hlsgen(base + ["--engine", "csim"])
                XCTAssertEqual(s1, 0, "\(args): \(e1)")
                XCTAssertEqual(s2, 0, "\(args): \(e2)")
                XCTAssertGreaterThan(interpreted.count, 1, "\(args)")
                XCTAssertEqual(interpreted.last, 0x0A)
                XCTAssertEqual(simulated, interpreted, "shape \(n) \(args)")
            }
        }
    }

    /// `generate --checkpoint` on a GPT-2 checkpoint writes the llm.c host beside the kernel.
    func testGenerateWritesTheHost() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let (status, _, out, err) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", checkpoint, "--quantize", "--output", "\(dir)/out"])
        XCTAssertEqual(status, 0, "\(out) \(err)")
        for file in ["forward.cpp", "host.cpp", "host_runtime.h", "gpt2.h", "system.mk", "connectivity_u280.cfg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/out/\(file)"), file)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/out/llama2c.h"))
        let host = try String(contentsOfFile: "\(dir)/out/host.cpp", encoding: .utf8)
        XCTAssertTrue(host.contains("hlsgen::gpt2::run"))
        XCTAssertTrue(host.contains("d.quantized = true"))
    }
}
