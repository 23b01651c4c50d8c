import HLSIR
import Foundation
import HLSDriver
import HLSModels
import XCTest

/// Bad files and options give one `hlsgen: error:` line, exit 1 and no generated text.
final class LlamaBadInputTests: XCTestCase {
    func testBadInputGivesOneLineErrors() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (q8, _) = try LlamaTestSupport.writeRandomModel(q8GroupSize: 8, into: dir)
        let data = try Data(contentsOf: URL(fileURLWithPath: model))
        let truncated = dir + "/truncated.bin"
        try data.prefix(data.count - 10).write(to: URL(fileURLWithPath: truncated))
        var header = data
        header.replaceSubrange(12..<16, with: [7, 0, 0, 0])  // n_heads 7 does not divide dim 32
        let badHeader = dir + "/header.bin"
        try header.write(to: URL(fileURLWithPath: badHeader))
        var version = try Data(contentsOf: URL(fileURLWithPath: q8))
        version[4] = 3
        let badVersion = dir + "/version.bin"
        try version.write(to: URL(fileURLWithPath: badVersion))
        let otherTok = dir + "/tok400.bin"
        try SyntheticTokenizer.make(vocabSize: 400, seed: 1).write(to: URL(fileURLWithPath: otherTok))
        let badTok = dir + "/badtok.bin"
        try Data([1, 2]).write(to: URL(fileURLWithPath: badTok))
        let longPrompt = String(repeating: "x y ", count: 40)

        let run = ["run", "--checkpoint", model, "--tokenizer", tok]
        let cases: [([String], String)] = [
            (["run", "--checkpoint", dir + "/none.bin", "--tokenizer", tok], "none.bin: no such file"),
            (["run", "--checkpoint", truncated, "--tokenizer", tok], "bytes but its header describes"),
            (["run", "--checkpoint", badHeader, "--tokenizer", tok], "not divisible by n_heads 7"),
            (["run", "--checkpoint", badVersion, "--tokenizer", tok], "unsupported checkpoint version 3"),
            (["run", "--checkpoint", model, "--tokenizer", otherTok], "tokenizer has 400 tokens, expected 300"),
            (["run", "--checkpoint", model, "--tokenizer", badTok], "truncated"),
            (["run", "--checkpoint", model], "option --tokenizer is required"),
            (["run", "--tokenizer", tok], "option --checkpoint is required"),
            (run + ["--prompt", longPrompt], "the model's seq_len is 32"),
            (run + ["--steps", "33"], "option --steps is 33; the model's seq_len is 32"),
            (run + ["--steps", "-2"], "option --steps is '-2'"),
            (run + ["--steps", "many"], "option --steps is 'many'"),
            (run + ["--quantize", "--group-size", "5"], "option --group-size is 5; expected a positive divisor of dim 32 and hidden_dim 48"),
            (run + ["--group-size", "4"], "option --group-size needs --quantize"),
            (["run", "--checkpoint", q8, "--tokenizer", tok, "--quantize"], "is already a Q8_0 checkpoint"),
            (run + ["--temperature", "nan"], "option --temperature is 'nan'"),
            (run + ["--topp", "1.5"], "option --topp is '1.5'; expected a number in [0, 1]"),
            (run + ["--seed", "0"], "option --seed is '0'"),
            (run + ["--engine", "fpga"], "option --engine is 'fpga'; expected interpreter or csim"),
            (run + ["--schedule", "fast"], "option --schedule is 'fast'; expected reference or hardware"),
            (run + ["--profile", "approx"], "option --profile is 'approx'; expected libm or exact"),
            (run + ["--config", dir + "/none.json"], "none.json: no such file"),
            (["generate", "--quantize"], "option --quantize needs --checkpoint"),
            (run + ["--engines", "0"], "option --engines is '0'; expected a positive integer"),
            (run + ["--engines", "2"], "engines 2 needs the hardware schedule (the reference schedule keeps one engine)"),
            (run + ["--schedule", "hardware", "--engines", "5"], "engines 5 does not divide dim 32"),
            (["generate", "--engines", "2"], "option --engines needs --checkpoint"),
            (["estimate", "--engines", "2"], "option --engines needs --checkpoint or --shape"),
        ]
        for (args, fragment) in cases {
            let (status, text, _, err) = LlamaTestSupport.hlsgen(args)
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertEqual(text, [], "\(args)")
            XCTAssertEqual(err.count, 1, "\(args): \(err)")
            XCTAssertTrue(err.first?.hasPrefix("hlsgen: error: ") == true, "\(err)")
            XCTAssertTrue(err.first?.contains(fragment) == true, "\(args): \(err) lacks \(fragment)")
        }
    }

    /// A few hundred randomly mutated or truncated checkpoints and tokenizers through the
    /// whole command: each either generates or fails with one error line, never crashes.
    func testMutatedFilesNeverCrashTheCommand() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let tiny = LlamaConfig(dim: 8, hiddenDim: 12, nLayers: 1, nHeads: 2, nKVHeads: 1, vocabSize: 270, seqLen: 4)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(tiny, into: dir)
        let (q8, _) = try LlamaTestSupport.writeRandomModel(tiny, q8GroupSize: 4, into: dir)
        let originals = [try Data(contentsOf: URL(fileURLWithPath: model)), try Data(contentsOf: URL(fileURLWithPath: q8)),
                         try Data(contentsOf: URL(fileURLWithPath: tok))]
        var rng = SeededBytes(seed: 99)
        var failures = 0
        for i in 0..<300 {
            let which = i % 3
            var bytes = originals[which]
            if rng.next() % 4 == 0 {
                bytes = bytes.prefix(Int(rng.next() % UInt64(bytes.count)))
            } else {
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    // Mostly in the header, where a flipped byte changes sizes and magic numbers.
                    let span = rng.next() % 2 == 0 ? Swift.min(bytes.count, 64) : bytes.count
                    bytes[Int(rng.next() % UInt64(span))] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            let path = "\(dir)/mutant-\(i).bin"
            try bytes.write(to: URL(fileURLWithPath: path))
            let args = which == 2
                ? ["run", "--checkpoint", model, "--tokenizer", path, "--steps", "2", "--temperature", "0", "--prompt", "ab"]
                : ["run", "--checkpoint", path, "--tokenizer", tok, "--steps", "2", "--temperature", "0"]
            let (status, _, _, err) = LlamaTestSupport.hlsgen(args)
            if status == 0 { continue }
            failures += 1
            XCTAssertEqual(status, 1)
            XCTAssertEqual(err.count, 1, "\(err)")
            XCTAssertTrue(err.first?.hasPrefix("hlsgen: error: ") == true, "\(err)")
        }
        XCTAssertGreaterThan(failures, 100)
    }
}

/// SeededRandom for the mutations.
struct SeededBytes {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
