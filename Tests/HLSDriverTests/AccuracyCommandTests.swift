import Foundation
import HLSDriver
import XCTest

/// `hlsgen accuracy` on a seeded random model, and its metrics on known distributions.
final class AccuracyCommandTests: XCTestCase {
    func testMetricsOnKnownDistributions() {
        var m = AccuracyMetrics()
        // Identical logits: full agreement, KL 0, equal perplexities.
        m.add(reference: [0, 1, 2], variant: [0, 1, 2], target: 2)
        XCTAssertEqual(m.agreement, 1)
        XCTAssertEqual(m.meanKL, 0, accuracy: 1e-12)
        XCTAssertEqual(m.referencePerplexity, m.variantPerplexity, accuracy: 1e-12)
        // A uniform variant against a sure reference: KL ≈ log 2, perplexity 2 for the variant.
        var u = AccuracyMetrics()
        u.add(reference: [100, 0], variant: [0, 0], target: 0)
        XCTAssertEqual(u.meanKL, log(2), accuracy: 1e-9)
        XCTAssertEqual(u.variantPerplexity, 2, accuracy: 1e-9)
        XCTAssertEqual(u.referencePerplexity, 1, accuracy: 1e-9)
        XCTAssertEqual(u.agreement, 1, "argmax ties pick the first index")
        u.add(reference: [0, 1], variant: [1, 0], target: nil)
        XCTAssertEqual(u.agreement, 0.5)
        XCTAssertEqual(u.scored, 1)
        XCTAssertEqual(u.maxLogitError, 100)
        u.addResiduals(reference: [1, 2, 3, 4], variant: [1, 2.5, 3, 2], layers: 2)
        XCTAssertEqual(u.layerErrors, [0.5, 2])
    }

    func testAccuracyOfQuantizedVariantsOnARandomModel() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        // The float model against itself: exact agreement.
        let (s0, _, same, e0) = LlamaTestSupport.hlsgen(["accuracy", "--checkpoint", model, "--positions", "24"])
        XCTAssertEqual(s0, 0, "\(e0)")
        XCTAssertTrue(same.contains("largest logit error          0"), "\(same)")
        XCTAssertTrue(same.last?.hasPrefix("accuracy: top-1 100.0%, KL 0, perplexity ") ?? false, "\(same)")
        for q in ["q8", "q4"] {
            let (status, _, lines, err) = LlamaTestSupport.hlsgen(["accuracy", "--checkpoint", model, "--quantize", q, "--positions", "30"])
            XCTAssertEqual(status, 0, "\(err)")
            XCTAssertTrue(lines.contains("positions                    30"), "\(lines)")
            XCTAssertTrue(lines.contains { $0.hasPrefix("max |Δ residual| per layer   0: ") && $0.contains(", 1: ") }, "\(lines)")
            let last = try XCTUnwrap(lines.last)
            XCTAssertNotNil(last.range(of: #"^accuracy: top-1 \d+\.\d%, KL [0-9.e-]+, perplexity [0-9.e+]+ vs [0-9.e+]+ \(float\)$"#,
                                       options: .regularExpression), last)
            XCTAssertFalse(last.contains("KL 0,"), "\(q) changes the distributions: \(last)")
        }
        // With a tokenizer: the built-in prompts, or a prompts file.
        let prompts = dir + "/prompts.txt"
        try "a b\nc\n".write(toFile: prompts, atomically: true, encoding: .utf8)
        let (s1, _, withPrompts, e1) = LlamaTestSupport.hlsgen(
            ["accuracy", "--checkpoint", model, "--quantize", "q4", "--positions", "10", "--tokenizer", tok, "--prompts", prompts])
        XCTAssertEqual(s1, 0, "\(e1)")
        XCTAssertTrue(withPrompts.contains { $0.contains("5 positions; [1 ") }, "\(withPrompts)")
    }

    func testBadOptionsAreOneLineErrors() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (q8, _) = try LlamaTestSupport.writeRandomModel(q8GroupSize: 16, into: dir)
        let cases: [([String], String)] = [
            (["accuracy"], "hlsgen: error: option --checkpoint is required (a float llama2.c or llm.c GPT-2 checkpoint)"),
            (["accuracy", "--checkpoint", model, "--quantize", "q2"], "hlsgen: error: option --quantize is 'q2'; expected q8 or q4 (or nothing, meaning q8)"),
            (["accuracy", "--checkpoint", model, "--positions", "0"], "hlsgen: error: option --positions is '0'; expected a positive integer"),
            (["accuracy", "--checkpoint", model, "--prompts", "p.txt"], "hlsgen: error: option --prompts needs --tokenizer (the prompts are text)"),
            (["accuracy", "--checkpoint", q8], "hlsgen: error: \(q8): is a Q8_0 checkpoint; accuracy needs a float (version 0) checkpoint as its reference"),
            (["accuracy", "--checkpoint", model, "--tiktoken", "gpt2.tiktoken"],
             "hlsgen: error: option --tiktoken is for GPT-2 checkpoints (llm.c's format); llama2.c prompts use --tokenizer"),
        ]
        for (args, message) in cases {
            let (status, _, _, err) = LlamaTestSupport.hlsgen(args)
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertEqual(err, [message], "\(args)")
        }
    }
}
