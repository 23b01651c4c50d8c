import Foundation
import HLSDriver
import HLSModels
import XCTest

/// Bad GPT-2 files and options give one `hlsgen: error:` line, exit 1 and no text.
final class GPT2BadInputTests: XCTestCase {
    func testBadInputGivesOneLineErrors() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try GPT2TestSupport.writeRandomModel(into: dir)
        let data = try Data(contentsOf: URL(fileURLWithPath: model))
        func write(_ name: String, _ d: Data) throws -> String {
            try d.write(to: URL(fileURLWithPath: "\(dir)/\(name)"))
            return "\(dir)/\(name)"
        }
        var bf16 = data
        bf16[4] = 5
        var heads = data
        heads.replaceSubrange(20..<24, with: [3, 0, 0, 0])  // num_heads 3 does not divide channels 16
        let version5 = try write("bf16.bin", bf16)
        let truncated = try write("truncated.bin", data.prefix(data.count - 8))
        let shortHeader = try write("short.bin", data.prefix(100))
        let badHeads = try write("heads.bin", heads)
        var tokData = try Data(contentsOf: URL(fileURLWithPath: tok))
        tokData[4] = 7
        let badTokVersion = try write("tokv7.bin", tokData)
        let truncatedTok = try write("toktrunc.bin", try Data(contentsOf: URL(fileURLWithPath: tok)).dropLast(2))
        let otherTok = "\(dir)/other-tok.bin"
        try GPT2Decoder.synthetic(vocabSize: 50).write(to: URL(fileURLWithPath: otherTok))

        let run = ["run", "--checkpoint", model, "--tokenizer", tok]
        let cases: [([String], String)] = [
            (["run", "--checkpoint", version5, "--ids"], "bf16.bin: invalid header: GPT-2 checkpoint version is 5 (bf16), expected 3"),
            (["run", "--checkpoint", truncated, "--ids"], "truncated.bin: file is"),
            (["run", "--checkpoint", shortHeader, "--ids"], "short.bin: truncated: the 256-int32 GPT-2 header"),
            (["run", "--checkpoint", badHeads, "--ids"], "channels 16 is not divisible by num_heads 3"),
            (["run", "--checkpoint", model, "--tokenizer", badTokVersion], "tokv7.bin: invalid header: GPT-2 tokenizer version is 7"),
            (["run", "--checkpoint", model, "--tokenizer", truncatedTok], "toktrunc.bin: truncated"),
            (["run", "--checkpoint", model, "--tokenizer", otherTok], "tokenizer has 50 tokens, expected 97"),
            (["run", "--checkpoint", model], "option --tokenizer is required"),
            (run + ["--prompt", "Hello"], "option --prompt needs GPT-2's BPE ranks: no \(dir)/gpt2.tiktoken beside the tokenizer"),
            (run + ["--prompt", "Hello", "--tiktoken", "\(dir)/none.tiktoken"], "none.tiktoken"),
            (run + ["--tiktoken", "\(dir)/none.tiktoken"], "option --tiktoken needs --prompt"),
            (run + ["--devices", "3"], "option --devices: devices 3 is more than num_heads 2 (each device holds whole heads)"),
            (run + ["--devices", "3", "--engine", "csim"], "option --devices: devices 3 is more than num_heads 2"),
            (run + ["--devices", "2", "--engine", "csim", "--engines", "2"],
             "option --engines: engines 2 needs the hardware schedule (the reference schedule keeps one engine)"),
            (run + ["--devices", "2", "--engine", "csim", "--engines", "5", "--schedule", "hardware"],
             "option --engines: engines 5 does not divide device 0's rows of"),
            (run + ["--steps", "17"], "option --steps is 17; the model's max_seq_len is 16"),
            (run + ["--seed", "0"], "option --seed is '0'"),
            (run + ["--schedule", "hlstransform"], "a GPT-2 checkpoint has the schedules reference or hardware"),
            (run + ["--engines", "2"], "option --engines: engines 2 needs the hardware schedule (the reference schedule keeps one engine)"),
            (run + ["--engines", "3", "--schedule", "hardware"], "option --engines: engines 3 does not divide channels 16"),
            (run + ["--quantize", "--group-size", "5"], "option --group-size is 5; expected a positive divisor of channels 16"),
            (run + ["--group-size", "4"], "option --group-size needs --quantize"),
            (["generate", "--checkpoint", version5], "version is 5 (bf16)"),
            (["estimate", "--checkpoint", truncated], "truncated.bin: file is"),
            (["estimate", "--checkpoint", model, "--devices", "2"], "option --devices is not yet supported for GPT-2 checkpoints"),
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

    /// Randomly truncated or mutated GPT-2 files: each run generates or fails with one line.
    func testMutatedCheckpointsNeverCrash() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let tiny = GPT2Config(maxSeqLen: 4, vocabSize: 20, nLayers: 1, nHeads: 2, channels: 8, paddedVocabSize: 24)
        let (model, _) = try GPT2TestSupport.writeRandomModel(tiny, into: dir)
        let original = try Data(contentsOf: URL(fileURLWithPath: model))
        var state: UInt64 = 12345
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        for i in 0..<60 {
            var d = original
            if i % 3 == 0 {
                d = d.prefix(next() % d.count)
            } else {
                for _ in 0..<(1 + next() % 3) { d[next() % 32] = UInt8(next() % 256) }
            }
            let path = "\(dir)/m\(i).bin"
            try d.write(to: URL(fileURLWithPath: path))
            let (status, _, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", path, "--ids", "--steps", "2"])
            if status != 0 { XCTAssertEqual(err.count, 1, "\(i): \(err)") }
        }
    }
}
