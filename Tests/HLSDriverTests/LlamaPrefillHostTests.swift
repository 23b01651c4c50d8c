import Foundation
import HLSDriver
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// The generated host with a prefill kernel beside the forward kernel (C simulation): the
/// prompt runs in blocks through `prefill` and the rest token by token through `forward`,
/// the two sharing weights and KV cache; the text is the interpreter's, with or without
/// prefill, and the logits are the forward kernel's, bit for bit.
final class LlamaPrefillHostTests: XCTestCase {
    /// `hlsgen run --prefill B --engine csim` prints the interpreter's text, and the text of
    /// the run without prefill: float reference, and Q8_0 hardware schedule with the exact profile.
    func testCSimulationPrefillPrintsTheInterpretersText() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (float, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let runs: [[String]] = [
            ["--checkpoint", float, "--temperature", "0.9", "--topp", "0.8", "--seed", "7", "--prompt", "hello world abc", "--steps", "24"],
            ["--checkpoint", float, "--quantize", "--schedule", "hardware", "--profile", "exact", "--temperature", "0",
             "--prompt", "ab cd ef gh", "--steps", "20"],
        ]
        for args in runs {
            let base = ["run", "--tokenizer", tok] + args
            let (s0, plain, _, e0) = LlamaTestSupport.hlsgen(base)
            let (s1, interpreted, _, e1) = LlamaTestSupport.hlsgen(base + ["--prefill", "3"])
            let (s2, simulated, _, e2) = LlamaTestSupport.hlsgen(base + ["--prefill", "3", "--engine", "csim"])
            XCTAssertEqual([s0, s1, s2], [0, 0, 0], "\(e0) \(e1) \(e2)")
            XCTAssertGreaterThan(plain.count, 1, "\(args)")
            XCTAssertEqual(String(decoding: interpreted, as: UTF8.self), String(decoding: plain, as: UTF8.self), "\(args)")
            XCTAssertEqual(String(decoding: simulated, as: UTF8.self), String(decoding: plain, as: UTF8.self), "\(args)")
            XCTAssertTrue(e2.contains { $0.hasPrefix("achieved tok/s: ") }, "\(e2)")
        }
    }

    /// The host's -b runs the prompt through the block kernel: the logits file then holds one
    /// record for the prompt (its last position) and one per later step, equal bit for bit to
    /// the records of the same host without -b; blocks that would start past the block
    /// kernel's last position run through the forward kernel. -b out of range, or without a
    /// block kernel, is a one-line error.
    func testHostRunsThePromptInBlocks() throws {
        let compiler = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let config = LlamaConfig(dim: 16, hiddenDim: 32, nLayers: 2, nHeads: 4, nKVHeads: 2, vocabSize: 300, seqLen: 16)
        let (checkpoint, tok) = try LlamaTestSupport.writeRandomModel(config, into: dir)
        let model = try LlamaModel.load(checkpoint: checkpoint)
        let forward = try BoundDesign.bind(try model.design(profile: .libm, schedule: .reference))
        let prefill = try BoundDesign.bind(try model.prefillDesign(profile: .libm, schedule: .reference, block: 4))
        try FileManager.default.createDirectory(atPath: "\(dir)/both", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(dir)/one", withIntermediateDirectories: true)
        let host = try LlamaHostProgram.build(forward, prefill: prefill, in: "\(dir)/both", headers: compiler.headers)
        let single = try LlamaHostProgram.build(forward, in: "\(dir)/one", headers: compiler.headers)
        let tokenizer = try model.tokenizer(tok)
        // The longest prompt of words from a list that fits in 16 positions (14 to 16 tokens with
        // BOS): with blocks of 3, a block would start at 15, past the last start 12 (seq_len − 4),
        // so the tail runs through the forward kernel.
        var options = LlamaGenerationOptions(temperature: 0.8, topp: 0.9, seed: 3)
        var prompt: [Int] = []
        for word in ["ab", "cd", "ef", "gh", "ij", "kl", "mn", "op", "qr", "st", "uv", "wx", "yz", "a", "b", "c", "d", "e", "f"] {
            let longer = LlamaGenerationOptions(prompt: options.prompt.isEmpty ? word : options.prompt + " " + word, temperature: 0.8, topp: 0.9, seed: 3)
            guard let tokens = try? longer.promptTokens(tokenizer, seqLen: 16) else { break }
            (options, prompt) = (longer, tokens)
        }
        XCTAssertGreaterThanOrEqual(prompt.count, 14, "\(prompt)")
        for block in [4, 3, 1] {
            let blocks = "\(dir)/blocks-\(block).bin", steps = "\(dir)/steps-\(block).bin"
            let args = LlamaHostProgram.arguments(checkpoint: checkpoint, tokenizer: tok, options: options, steps: 16, logits: blocks, block: block)
            var a: [UInt8] = [], b: [UInt8] = []
            _ = try host.run(args) { a += $0 }
            _ = try single.run(LlamaHostProgram.arguments(checkpoint: checkpoint, tokenizer: tok, options: options, steps: 16, logits: steps)) { b += $0 }
            XCTAssertEqual(a, b, "block \(block)")
            let vocab = config.vocabSize
            let withBlocks = try LlamaTestSupport.floats(blocks), stepwise = try LlamaTestSupport.floats(steps)
            XCTAssertEqual(stepwise.count, 16 * vocab)
            XCTAssertEqual(withBlocks.count, (16 - prompt.count + 1) * vocab, "block \(block): one record for the prompt")
            XCTAssertEqual(withBlocks.map(\.bitPattern), Array(stepwise.suffix(withBlocks.count)).map(\.bitPattern), "block \(block)")
        }
        let base = LlamaHostProgram.arguments(checkpoint: checkpoint, tokenizer: tok, options: options, steps: 16)
        for (h, b, message) in [(host, "5", "-b 5: expected a block length from 1 to 4"), (host, "0", "-b 0"),
                                (single, "2", "option -b needs a block kernel")] {
            XCTAssertThrowsError(try h.run(base + ["-b", b]) { _ in }) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
        }
    }
}
