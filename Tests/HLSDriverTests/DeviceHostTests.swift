import Foundation
import HLSDriver
import XCTest

/// The multi-device host (`hlsgen run --devices N --engine csim`: the generated host in its
/// C-simulation variant, N in-process devices each with memory of its own, the emitted stage
/// plan with the all-gathers) prints exactly what the interpreter prints, for Llama and
/// GPT-2, float and Q8_0; bad device counts are one-line errors.
final class DeviceHostTests: XCTestCase {
    /// Llama (random checkpoints, llama2.c text, sampled so every logit matters): float with the
    /// reference schedule, and Q8_0 (a version-2 checkpoint, and one quantized on the fly) with
    /// the hardware schedule and the exact profile, on 2 devices.
    func testLlamaHostOnTwoDevicesPrintsTheInterpreterText() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (float, tokenizer) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (q8, _) = try LlamaTestSupport.writeRandomModel(q8GroupSize: 16, into: dir, tokenizer: tokenizer)
        let sampled = ["--tokenizer", tokenizer, "--temperature", "0.8", "--seed", "5", "--steps", "20", "--prompt", "a"]
        for variant in [["--checkpoint", float], ["--checkpoint", q8, "--schedule", "hardware", "--profile", "exact"],
                        ["--checkpoint", float, "--quantize", "--group-size", "8", "--schedule", "hardware"]] {
            let base = ["run"] + variant + sampled
            let (s1, interpreter, _, e1) = LlamaTestSupport.hlsgen(base + ["--devices", "2"])
            XCTAssertEqual(s1, 0, "\(e1)")
            let (s2, host, _, e2) = LlamaTestSupport.hlsgen(base + ["--devices", "2", "--engine", "csim"])
            XCTAssertEqual(s2, 0, "\(variant): \(e2)")
            XCTAssertEqual(String(decoding: host, as: UTF8.self), String(decoding: interpreter, as: UTF8.self), "\(variant)")
            XCTAssertFalse(host.isEmpty)
            XCTAssertTrue(e2.contains { $0.hasPrefix("achieved tok/s: ") }, "\(e2)")
        }
    }

    /// stories260K on 4 devices (float) and its Q8_0 file on 2: llama2.c's greedy text, when
    /// ../shared/models has them.
    func testStoriesOnSeveralDevicesPrintLlama2cText() throws {
        _ = try TestSupport.compiler()
        let m = try LlamaTestSupport.requireModels(["stories260K.bin", "stories260K_q80.bin", "tok512.bin",
                                                    "stories260K.greedy.txt", "stories260K_q80.greedy.txt"])
        for (checkpoint, devices, expected) in [(m[0], "4", m[3]), (m[1], "2", m[4])] {
            let (status, text, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", checkpoint, "--tokenizer", m[2], "--temperature", "0",
                                                                  "--devices", devices, "--engine", "csim"])
            XCTAssertEqual(status, 0, "\(err)")
            XCTAssertEqual(String(decoding: text, as: UTF8.self), try String(contentsOfFile: expected, encoding: .utf8), "\(checkpoint) on \(devices)")
        }
    }

    /// GPT-2 (a random checkpoint, ids sampled at seed 9): float reference and Q8_0 hardware
    /// exact on 2 devices equal the one-device interpreter's ids; gpt2_tiny on 4 devices prints
    /// llm.c's greedy and seed-1337 ids when ../shared/models has them.
    func testGPT2HostOnSeveralDevicesPrintsTheInterpreterIds() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        for variant in [[String](), ["--quantize", "--group-size", "8", "--schedule", "hardware", "--profile", "exact"]] {
            let base = ["run", "--checkpoint", model, "--ids", "--seed", "9", "--steps", "14"] + variant
            let (s1, one, _, e1) = LlamaTestSupport.hlsgen(base)
            XCTAssertEqual(s1, 0, "\(e1)")
            let (s2, two, _, e2) = LlamaTestSupport.hlsgen(base + ["--devices", "2", "--engine", "csim"])
            XCTAssertEqual(s2, 0, "\(variant): \(e2)")
            XCTAssertEqual(GPT2TestSupport.ids(two), GPT2TestSupport.ids(one), "\(variant)")
            XCTAssertEqual(GPT2TestSupport.ids(two).count, 13)
        }
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tiny.greedy64.ids", "gpt2_tiny.sample64_seed1337.ids"])
        for (options, ids) in [(["--temperature", "0"], p[1]), (["--seed", "1337"], p[2])] {
            let (s4, four, _, e4) = LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--ids", "--steps", "64", "--devices", "4", "--engine", "csim"]
                + options)
            XCTAssertEqual(s4, 0, "\(e4)")
            XCTAssertEqual(four, [UInt8](try Data(contentsOf: URL(fileURLWithPath: ids))), "gpt2_tiny on 4 devices: llm.c's ids \(options)")
        }
    }

    /// Engines per device (`--devices 2 --engines 2`, hardware schedule): the host packs every
    /// device's engine ports from the checkpoint by their roles (as the interpreter's device
    /// engine does) and prints the interpreter's text or ids — Llama and GPT-2, float and
    /// Q8_0 quantized on the fly.
    func testEnginesPerDeviceHostPrintsTheInterpreterOutput() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (llama, tokenizer) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (gpt2, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let split = ["--schedule", "hardware", "--devices", "2", "--engines", "2"]
        for variant in [[String](), ["--quantize", "--group-size", "8"]] {
            let runs: [[String]] = [
                ["run", "--checkpoint", llama, "--tokenizer", tokenizer, "--temperature", "0.8", "--seed", "5", "--steps", "20", "--prompt", "a"],
                ["run", "--checkpoint", gpt2, "--ids", "--seed", "9", "--steps", "14"],
            ]
            for base in runs.map({ $0 + variant + split }) {
                let (s1, interpreter, _, e1) = LlamaTestSupport.hlsgen(base)
                XCTAssertEqual(s1, 0, "\(base): \(e1)")
                let (s2, host, _, e2) = LlamaTestSupport.hlsgen(base + ["--engine", "csim"])
                XCTAssertEqual(s2, 0, "\(base): \(e2)")
                XCTAssertFalse(host.isEmpty, "\(base)")
                XCTAssertEqual(String(decoding: host, as: UTF8.self), String(decoding: interpreter, as: UTF8.self), "\(base)")
            }
        }
    }

    /// Device counts the split cannot take are one-line errors before anything is built.
    func testBadDeviceCountsAreOneLineErrors() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (llama, tokenizer) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (gpt2, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let cases: [([String], String)] = [
            (["--checkpoint", llama, "--tokenizer", tokenizer, "--devices", "0"], "option --devices is '0'; expected a positive integer"),
            (["--checkpoint", llama, "--tokenizer", tokenizer, "--devices", "two"], "option --devices is 'two'; expected a positive integer"),
            (["--checkpoint", llama, "--tokenizer", tokenizer, "--devices", "9"], "option --devices: devices is 9; expected 1 ... 8"),
            (["--checkpoint", llama, "--tokenizer", tokenizer, "--devices", "5"],
             "option --devices: devices 5 is more than n_kv_heads 4 (each device holds whole key/value heads)"),
            (["--checkpoint", gpt2, "--ids", "--devices", "3"], "option --devices: devices 3 is more than num_heads 2 (each device holds whole heads)"),
            (["--checkpoint", gpt2, "--ids", "--devices", "-1"], "option --devices is '-1'; expected a positive integer"),
        ]
        for (args, message) in cases {
            let (status, text, _, err) = LlamaTestSupport.hlsgen(["run"] + args + ["--engine", "csim", "--steps", "4"])
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertEqual(err, ["hlsgen: error: \(message)"], "\(args)")
            XCTAssertTrue(text.isEmpty, "\(args)")
        }
    }
}
