import Foundation
import HLSDriver
import HLSModels
import XCTest

/// `hlsgen run` on GPT-2 checkpoints: llm.c's own ids for gpt2_tiny (when ../shared/models
/// has it), and an independent Swift transcription of llm.c on random checkpoints of other
/// shapes written by the project.
final class GPT2RunTests: XCTestCase {
    func testGreedyIdsEqualLlmC() throws {
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tiny.greedy64.ids"])
        let (status, text, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--temperature", "0", "--steps", "64", "--ids"])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(text, [UInt8](try Data(contentsOf: URL(fileURLWithPath: p[1]))))
    }

    func testSampledIdsEqualLlmC() throws {
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tiny.sample64_seed1337.ids"])
        let (status, text, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--seed", "1337", "--steps", "64", "--ids"])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(text, [UInt8](try Data(contentsOf: URL(fileURLWithPath: p[1]))))
        // 1337 is the default seed, as in llm.c.
        XCTAssertEqual(LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--steps", "64", "--ids"]).1, text)
    }

    func testTextIsTheDecodedIds() throws {
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tokenizer.bin"])
        let (status, text, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--tokenizer", p[1], "--temperature", "0", "--steps", "10"])
        XCTAssertEqual(status, 0, "\(err)")
        let ids = GPT2TestSupport.ids(LlamaTestSupport.hlsgen(["run", "--checkpoint", p[0], "--temperature", "0", "--steps", "10", "--ids"]).1)
        let decoder = try GPT2Decoder(contentsOf: URL(fileURLWithPath: p[1]), vocabSize: 50257)
        XCTAssertEqual(decoder.endOfText, 50256)
        XCTAssertEqual(text, try ids.flatMap { try decoder.printable($0) } + [0x0A])
    }

    /// A prompt is encoded with tiktoken's GPT-2 BPE ("Hello world" → 15496 995), follows
    /// <|endoftext|>, and the ids after it equal the plain-Swift transcription of llm.c's.
    func testPromptOnGPT2Tiny() throws {
        let p = try LlamaTestSupport.requireModels(["gpt2_tiny.bin", "gpt2_tokenizer.bin", "gpt2.tiktoken"])
        let args = ["run", "--checkpoint", p[0], "--tokenizer", p[1], "--prompt", "Hello world", "--temperature", "0", "--steps", "6"]
        let (status, text, _, err) = LlamaTestSupport.hlsgen(args + ["--ids"])
        XCTAssertEqual(status, 0, "\(err)")
        let reference = GPT2Reference(try GPT2Checkpoint(contentsOf: URL(fileURLWithPath: p[0])))
        let expected = try GPT2TextGenerator.generate(
            endOfText: 50256, prompt: [15496, 995], steps: 6, sampler: GPT2Sampler(vocabSize: 50257, temperature: 0),
            forward: { (token, pos) throws(DriverError) in reference.forward(token: token, pos: pos) }).ids
        XCTAssertEqual(GPT2TestSupport.ids(text), expected)
        XCTAssertEqual(expected.count, 3)
        // The text: the prompt, then the generated tokens.
        let decoder = try GPT2Decoder(contentsOf: URL(fileURLWithPath: p[1]), vocabSize: 50257)
        let plain = LlamaTestSupport.hlsgen(args).1
        XCTAssertEqual(plain, Array("Hello world".utf8) + (try expected.flatMap { try decoder.printable($0) }) + [0x0A])
    }

    /// Prompt ids are forced after <|endoftext|>; --steps counts them: 6 positions with a
    /// 2-id prompt run 5 forward calls and generate 3 ids, no coin drawn during the prompt.
    func testPromptIdsAreForcedAndCounted() throws {
        var fed: [(Int, Int)] = []
        let logits: [Float] = [0, 1, 5, 2]
        let result = try GPT2TextGenerator.generate(
            endOfText: 3, prompt: [2, 0], steps: 6, sampler: GPT2Sampler(vocabSize: 3, seed: 9),
            forward: { (token, pos) throws(DriverError) in fed.append((token, pos)); return logits })
        XCTAssertEqual(fed.map(\.0), [3, 2, 0, result.ids[0], result.ids[1]])
        XCTAssertEqual(fed.map(\.1), [0, 1, 2, 3, 4])
        XCTAssertEqual(result.ids.count, 3)
        var sampler = GPT2Sampler(vocabSize: 3, seed: 9)
        XCTAssertEqual(result.ids, (0..<3).map { _ in sampler.sample(logits) })
        XCTAssertTrue(result.ids.allSatisfy { $0 < 3 }, "padding (index 3) is never sampled")
    }

    /// Random checkpoints of other shapes: the run's ids equal those of the plain-Swift
    /// transcription of llm.c driven by the same loop and sampler, greedy and sampled.
    func testRandomShapesMatchTheReference() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let shapes = [GPT2TestSupport.smallConfig,
                      GPT2Config(maxSeqLen: 12, vocabSize: 61, nLayers: 1, nHeads: 4, channels: 24, paddedVocabSize: 61)]
        for (n, config) in shapes.enumerated() {
            let (checkpoint, tok) = try GPT2TestSupport.writeRandomModel(config, seed: UInt64(10 + n), into: dir)
            let model = try GPT2Checkpoint(contentsOf: URL(fileURLWithPath: checkpoint))
            for (temperature, seed) in [(Float(0), UInt64(1)), (1, 7), (0.5, 42)] {
                let reference = GPT2Reference(model)
                let expected = try GPT2TextGenerator.generate(
                    endOfText: config.vocabSize - 1, prompt: [], steps: config.maxSeqLen,
                    sampler: GPT2Sampler(vocabSize: config.vocabSize, temperature: temperature, seed: seed),
                    forward: { (token, pos) throws(DriverError) in reference.forward(token: token, pos: pos) }).ids
                XCTAssertEqual(expected.count, config.maxSeqLen - 1)
                let (status, text, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", checkpoint, "--tokenizer", tok, "--ids",
                                                                      "--temperature", "\(temperature)", "--seed", "\(seed)"])
                XCTAssertEqual(status, 0, "\(err)")
                XCTAssertEqual(GPT2TestSupport.ids(text), expected, "shape \(n) temperature \(temperature)")
            }
        }
    }
}
