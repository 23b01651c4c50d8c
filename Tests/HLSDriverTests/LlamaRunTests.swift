import Foundation
import HLSDriver
import HLSIR
import HLSModels
import XCTest

/// `hlsgen run` prints exactly what llama2.c prints, with both engines.
final class LlamaRunTests: XCTestCase {
    /// run.c on stories260K (float) and runq.c on its Q8_0 file, greedy, 256 steps.
    func testInterpreterPrintsLlamaGreedyStories() throws {
        let m = try LlamaTestSupport.requireModels(["stories260K.bin", "stories260K_q80.bin", "tok512.bin",
                                                    "stories260K.greedy.txt", "stories260K_q80.greedy.txt"])
        for (checkpoint, extra, expected) in [(m[0], [String](), m[3]), (m[1], [], m[4]), (m[0], ["--quantize", "--group-size", "4"], m[4])] {
            let (status, text, _, err) = LlamaTestSupport.hlsgen(
                ["run", "--checkpoint", checkpoint, "--tokenizer", m[2], "--temperature", "0"] + extra)
            XCTAssertEqual(status, 0, "\(err)")
            XCTAssertEqual(String(decoding: text, as: UTF8.self), try String(contentsOfFile: expected, encoding: .utf8), "\(checkpoint) \(extra)")
            XCTAssertEqual(err.count, 1, "\(err)")
            XCTAssertTrue(err.first?.hasPrefix("achieved tok/s: ") == true, "\(err)")
        }
    }

    func testCSimulationHostPrintsLlamaGreedyStories() throws {
        _ = try TestSupport.compiler()
        let m = try LlamaTestSupport.requireModels(["stories260K.bin", "stories260K_q80.bin", "tok512.bin",
                                                    "stories260K.greedy.txt", "stories260K_q80.greedy.txt"])
        for (checkpoint, expected) in [(m[0], m[3]), (m[1], m[4])] {
            let (status, text, _, err) = LlamaTestSupport.hlsgen(
                ["run", "--checkpoint", checkpoint, "--tokenizer", m[2], "--temperature", "0", "--engine", "csim"])
            XCTAssertEqual(status, 0, "\(err)")
            XCTAssertEqual(String(decoding: text, as: UTF8.self), try String(contentsOfFile: expected, encoding: .utf8), checkpoint)
            XCTAssertTrue(err.contains { $0.hasPrefix("achieved tok/s: ") }, "\(err)")
        }
    }

    /// On a random model (no files needed): sampling with a seed and top-p, a prompt, float
    /// and Q8_0, both engines print the same bytes.
    func testEnginesAgreeOnARandomModel() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (float, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (q8, _) = try LlamaTestSupport.writeRandomModel(q8GroupSize: 8, into: dir)
        let runs: [[String]] = [
            ["--checkpoint", float, "--temperature", "0.9", "--topp", "0.8", "--seed", "7", "--prompt", "hello world"],
            ["--checkpoint", q8, "--temperature", "1", "--topp", "1", "--seed", "11", "--steps", "20"],
            ["--checkpoint", float, "--quantize", "--schedule", "hardware", "--profile", "exact", "--temperature", "0",
             "--prompt", "ab"],
        ]
        for args in runs {
            let base = ["run", "--tokenizer", tok] + args
            let (s1, interpreted, _, e1) = LlamaTestSupport.hlsgen(base)
            let (s2, simulated, _, e2) = LlamaTestSupport.hlsgen(base + ["--engine", "csim"])
            XCTAssertEqual(s1, 0, "\(e1)")
            XCTAssertEqual(s2, 0, "\(e2)")
            XCTAssertGreaterThan(interpreted.count, 1, "\(args)")
            XCTAssertEqual(interpreted.last, 0x0A)
            XCTAssertEqual(String(decoding: interpreted, as: UTF8.self), String(decoding: simulated, as: UTF8.self), "\(args)")
        }
    }

    /// The generation loop follows run.c: prompt tokens are forced, the seed decides the
    /// sampled tokens, and the text is the decoded pieces.
    func testGenerationFollowsLlama2cRules() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let tokenizer = try Tokenizer(contentsOf: URL(fileURLWithPath: tok), vocabSize: 300)
        let model = try LlamaModel.load(checkpoint: checkpoint)
        let engine = try LlamaInterpreterEngine(design: try BoundDesign.bind(try model.design(profile: .libm, schedule: .reference)), model: model)
        let options = LlamaGenerationOptions(prompt: "abc abc", steps: 12, temperature: 1, topp: 0.9, seed: 5)
        let prompt = try options.promptTokens(tokenizer, seqLen: 32)
        var text: [UInt8] = []
        var steps = 0
        let result = try LlamaTextGenerator.generate(
            tokenizer: tokenizer, prompt: prompt, steps: 12, sampler: Sampler(temperature: 1, topp: 0.9, seed: 5),
            forward: { (token, pos) throws(DriverError) in steps += 1; return try engine.forward(token: token, pos: pos) },
            text: { text += $0 }, logits: { XCTAssertEqual($0.count, 300) })
        XCTAssertEqual(Array(result.tokens.prefix(prompt.count)), prompt)
        XCTAssertLessThanOrEqual(steps, 12)
        XCTAssertEqual(text, try tokenizer.text(of: Array(result.tokens.dropFirst())) + [0x0A])
        XCTAssertEqual(try LlamaGenerationOptions().resolvedSteps(seqLen: 32), 32)
        XCTAssertEqual(try LlamaGenerationOptions().resolvedSteps(seqLen: 1024), 256)
        XCTAssertEqual(try LlamaGenerationOptions(steps: 0).resolvedSteps(seqLen: 32), 32)
    }
}
