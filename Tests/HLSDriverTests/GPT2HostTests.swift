import Foundation
import HLSDriver
import HLSIR
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

    /// The standalone host (Q8_0 design) on bad files and options: one line on standard error,
    /// a non-zero exit, never a crash.
    func testHostErrorsAreOneLine() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, tok) = try GPT2TestSupport.writeRandomModel(into: dir)
        let model = try GPT2Model.load(checkpoint: checkpoint, quantize: true)
        let design = try BoundDesign.binding(try model.design(profile: .libm, schedule: .reference))
        try FileManager.default.createDirectory(atPath: "\(dir)/host", withIntermediateDirectories: true)
        let host = try LlamaHostProgram.build(design, in: "\(dir)/host", headers: try APTypesHeaders.locate())
        let data = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        func write(_ name: String, _ d: Data) throws -> String {
            try d.write(to: URL(fileURLWithPath: "\(dir)/\(name)"))
            return "\(dir)/\(name)"
        }
        var bf16 = data
        bf16[4] = 5
        var nan = data
        nan.replaceSubrange(1024..<1028, with: [0, 0, 0xC0, 0x7F])  // wte[0] = NaN
        try FileManager.default.createDirectory(atPath: "\(dir)/other", withIntermediateDirectories: true)
        let (other, _) = try GPT2TestSupport.writeRandomModel(
            GPT2Config(maxSeqLen: 12, vocabSize: 97, nLayers: 3, nHeads: 2, channels: 16, paddedVocabSize: 104), into: "\(dir)/other")
        let ids = ["-o", "ids"]
        let cases: [([String], String)] = [
            ([try write("bf16.bin", bf16)] + ids, "GPT-2 checkpoint version is 5 (bf16), expected 3"),
            ([try write("short.bin", data.prefix(data.count - 4))] + ids, "bytes but its header describes"),
            ([other] + ids, "max_seq_len is 12, expected 16 (the accelerator was generated for it)"),
            ([try write("nan.bin", nan)] + ids, "wte[0] is not finite"),
            ([checkpoint, "-I", "1 x"] + ids, "-I 1 x: expected token ids separated by spaces"),
            ([checkpoint, "-I", "97"] + ids, "outside the vocabulary 0..96"),
            ([checkpoint, "-o", "words"], "-o words: expected text or ids"),
            ([checkpoint, "-s", "0"] + ids, "expected a positive integer seed"),
            ([checkpoint, "-n", "17"] + ids, "expected a number of steps from 0 to max_seq_len 16"),
            ([checkpoint, "-z", "\(dir)/none.bin"], "none.bin: cannot open tokenizer"),
            ([checkpoint, "-z", checkpoint], "expected 20240328 (an llm.c GPT-2 tokenizer)"),
            ([checkpoint, "-t", "-1"] + ids, "expected a temperature 0 or above"),
        ]
        for (args, message) in cases {
            XCTAssertThrowsError(try host.run(args, standardOutput: { _ in }), "\(args)") { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(message), "\(args): \(text)")
                XCTAssertFalse(text.contains("\n"), "\(args): \(text)")
            }
        }
        // And a good run for contrast: text through the decoder.
        var out: [UInt8] = []
        _ = try host.run([checkpoint, "-z", tok, "-n", "5", "-I", "3 4"], standardOutput: { out += $0 })
        XCTAssertEqual(out.last, 0x0A)
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
