import Foundation
import HLSDriver
import HLSIR
import HLSModels
import XCTest

/// `hlsgen run --prefill B` on GPT-2 checkpoints: <|endoftext|> and the prompt go through the
/// prefill design (`GPT2Prefill`) in blocks of B tokens, on the interpreter and in the generated
/// host (gpt2.h's `-b`), and the output is exactly the output without `--prefill`: llm.c's own
/// ids for gpt2_tiny, the step-by-step run's ids on random checkpoints.
final class GPT2PrefillRunTests: XCTestCase {
    /// llm.c's greedy and sampled ids for gpt2_tiny on both engines with blocks of 4.
    func testLlmCIdsWithPrefillOnBothEngines() throws {
        _ = try TestSupport.compiler()
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tiny.greedy64.ids", "gpt2_tiny.sample64_seed1337.ids"])
        for (options, file) in [(["--temperature", "0"], p[1]), (["--seed", "1337"], p[2])] {
            let want = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            for engine in ["interpreter", "csim"] {
                let (status, text, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--steps", "64", "--ids", "--prefill", "4",
                                                                      "--engine", engine] + options)
                XCTAssertEqual(status, 0, "\(engine): \(err)")
                XCTAssertEqual(text, want, "\(engine) \(options)")
            }
        }
    }

    /// A prompt of llm.c's first five greedy ids (" Shoot STEP mathematic Fold ecosystems",
    /// which tiktoken encodes to exactly them): six forced positions in blocks of 4 + 2, then
    /// the rest of llm.c's greedy ids, on both engines, float and Q8_0 the same as without.
    func testPromptOfLlmCIdsGivesTheRestOfThem() throws {
        _ = try TestSupport.compiler()
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tiny.greedy64.ids", "gpt2.tiktoken"])
        let greedy = GPT2TestSupport.ids([UInt8](try Data(contentsOf: URL(fileURLWithPath: p[1]))))
        let base = ["run", "--checkpoint", p[0], "--tiktoken", p[2], "--prompt", " Shoot STEP mathematic Fold ecosystems",
                    "--temperature", "0", "--steps", "64", "--ids"]
        for engine in ["interpreter", "csim"] {
            let (status, text, _, err) = LlamaTestSupport.hlsgen(base + ["--prefill", "4", "--engine", engine])
            XCTAssertEqual(status, 0, "\(engine): \(err)")
            XCTAssertEqual(GPT2TestSupport.ids(text), Array(greedy.dropFirst(5)), engine)
        }
        let quantized = Array(base.dropLast(3)) + ["--steps", "24", "--ids", "--quantize", "--schedule", "hardware"]
        let plain = LlamaTestSupport.hlsgen(quantized)
        XCTAssertEqual(plain.0, 0, "\(plain.3)")
        XCTAssertEqual(GPT2TestSupport.ids(plain.1).count, 24 - 6)
        for engine in ["interpreter", "csim"] {
            let (status, text, _, err) = LlamaTestSupport.hlsgen(quantized + ["--prefill", "4", "--engine", engine])
            XCTAssertEqual(status, 0, "\(engine): \(err)")
            XCTAssertEqual(text, plain.1, "Q8_0 \(engine)")
        }
    }

    /// Random checkpoints (written here, with a byte-level ranks file so prompts encode to
    /// small ids): float and Q8_0, reference and hardware schedules, blocks that divide the
    /// forced positions and blocks that do not, a run shorter than the prompt; both engines
    /// print the bytes of the run without --prefill.
    func testRandomCheckpointsPrintTheStepByStepOutput() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, tok) = try GPT2TestSupport.writeRandomModel(GPT2TestSupport.smallConfig, seed: 31, into: dir)
        let ranks = "\(dir)/bytes.tiktoken"
        let lines = (0..<256).map { b in Data([UInt8(b)]).base64EncodedString() + " \(b)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: ranks, atomically: true, encoding: .utf8)
        let variants: [[String]] = [
            ["--prompt", "A1B2C3", "--temperature", "0", "--prefill", "3"],
            ["--prompt", "A1B2C3", "--quantize", "--schedule", "hardware", "--seed", "5", "--prefill", "4"],
            ["--prompt", "A1B2C3D4E", "--quantize", "--group-size", "8", "--temperature", "0.7", "--prefill", "15"],
            ["--prompt", "A1B2C3D4", "--steps", "5", "--schedule", "hardware", "--prefill", "2"],
            ["--temperature", "0", "--prefill", "2", "--ids"],
        ]
        for args in variants {
            let block = args.firstIndex(of: "--prefill")!
            let files = ["run", "--checkpoint", checkpoint, "--tokenizer", tok] + (args.contains("--prompt") ? ["--tiktoken", ranks] : [])
            let base = files + args[..<block] + args[(block + 2)...]
            let (s0, want, _, e0) = LlamaTestSupport.hlsgen(Array(base))
            XCTAssertEqual(s0, 0, "\(args): \(e0)")
            XCTAssertGreaterThan(want.count, 1, "\(args)")
            for engine in ["interpreter", "csim"] {
                let (status, text, _, err) = LlamaTestSupport.hlsgen(files + args + ["--engine", engine])
                XCTAssertEqual(status, 0, "\(args) \(engine): \(err)")
                XCTAssertEqual(text, want, "\(args) \(engine)")
            }
        }
    }

    /// The generation loop's prefill: the forced positions in one call from position 0, the
    /// next ones one by one; the ids are those of the step-by-step loop.
    func testGeneratorHandsTheForcedPositionsToPrefill() throws {
        let logits: [Float] = [0, 1, 5, 2]
        var fed: [(Int, Int)] = []
        var blocks: [[Int]] = []
        let forward = { (token: Int, pos: Int) throws(DriverError) -> [Float] in fed.append((token, pos)); return logits }
        let result = try GPT2TextGenerator.generate(
            endOfText: 3, prompt: [2, 0], steps: 6, sampler: GPT2Sampler(vocabSize: 3, seed: 9), forward: forward,
            prefill: { (tokens) throws(DriverError) in blocks.append(tokens); return logits })
        XCTAssertEqual(blocks, [[3, 2, 0]])
        XCTAssertEqual(fed.map(\.1), [3, 4])
        XCTAssertEqual(fed.map(\.0), [result.ids[0], result.ids[1]])
        fed = []
        let plain = try GPT2TextGenerator.generate(endOfText: 3, prompt: [2, 0], steps: 6, sampler: GPT2Sampler(vocabSize: 3, seed: 9),
                                                   forward: forward)
        XCTAssertEqual(result.ids, plain.ids)
        // Fewer steps than forced positions: only those that run are prefilled, nothing sampled.
        blocks = []
        let short = try GPT2TextGenerator.generate(endOfText: 3, prompt: [2, 0], steps: 2, sampler: GPT2Sampler(vocabSize: 3, seed: 9),
                                                   forward: forward, prefill: { (tokens) throws(DriverError) in blocks.append(tokens); return logits })
        XCTAssertEqual(blocks, [[3]])
        XCTAssertEqual(short.ids, [])
    }

    /// `generate --prefill B`: the prefill kernel beside forward in one folder (`-p<B>`), the
    /// binding listing both kernels, the host taking `-b`.
    func testGenerateAddsThePrefillKernel() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, _) = try GPT2TestSupport.writeRandomModel(GPT2TestSupport.smallConfig, seed: 33, into: dir)
        let (status, _, out, err) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", checkpoint, "--quantize", "--prefill", "4",
                                                             "--output", "\(dir)/out"])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(out, ["generated forward (libm profile) into \(dir)/out"])
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/out")
        for f in ["forward.cpp", "prefill.cpp", "prefill.h", "host.cpp", "gpt2.h"] { XCTAssertTrue(files.contains(f), f) }
        let host = try String(contentsOfFile: "\(dir)/out/host.cpp", encoding: .utf8)
        for line in ["k_prefill.block = 4;", "list[1].call = call_prefill;", "[-b block]", "#include \"prefill.h\""] {
            XCTAssertTrue(host.contains(line), line)
        }
        let system = try String(contentsOfFile: "\(dir)/out/system.mk", encoding: .utf8)
        XCTAssertTrue(system.contains("KERNELS := forward prefill\n"))
    }

    /// Bad blocks and combinations: one line, a non-zero exit.
    func testBadPrefillOptions() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, tok) = try GPT2TestSupport.writeRandomModel(GPT2TestSupport.smallConfig, seed: 32, into: dir)
        let base = ["run", "--checkpoint", checkpoint, "--tokenizer", tok]
        for (args, message) in [(["--prefill", "1"], "option --prefill is '1'; expected a block of 2 ... max_seq_len − 1 (15) tokens"),
                                (["--prefill", "16"], "option --prefill is '16'; expected a block of 2 ... max_seq_len − 1 (15) tokens"),
                                (["--prefill", "x"], "option --prefill"),
                                (["--prefill", "4", "--devices", "2"], "option --prefill with --devices: the prefill stage runs on one device for now"),
                                // The prefill design's one-part KV cache is handed to the forward
                                // design, on either engine (csim once printed wrong ids here).
                                (["--prefill", "4", "--engines", "2", "--schedule", "hardware"],
                                 "option --prefill needs a one-engine forward design (this one has 2 engines)"),
                                (["--prefill", "4", "--engines", "2", "--schedule", "hardware", "--engine", "csim"],
                                 "option --prefill needs a one-engine forward design (this one has 2 engines)")] {
            let (status, text, _, err) = LlamaTestSupport.hlsgen(base + args)
            XCTAssertNotEqual(status, 0, "\(args)")
            XCTAssertEqual(text, [], "\(args)")
            XCTAssertEqual(err.count, 1, "\(args): \(err)")
            XCTAssertTrue(err.first?.contains(message) == true, "\(args): \(err)")
        }
    }
}
