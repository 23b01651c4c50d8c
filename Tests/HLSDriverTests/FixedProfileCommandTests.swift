import Foundation
import HLSDriver
import XCTest

/// `--profile fixed` on the command line: a random model runs, verifies, estimates and is
/// measured with a config file's formats; the options it does not take and bad configs are
/// one-line errors.
final class FixedProfileCommandTests: XCTestCase {
    private func call(_ args: [String]) -> (Int32, [String], [String]) {
        var out: [String] = [], err: [String] = []
        let status = CommandLineTool.run(args, output: { out.append($0) }, error: { err.append($0) })
        return (status, out, err)
    }

    private func config(_ dir: String, _ json: String) throws -> String {
        let path = dir + "/fixed-\(json.hashValue).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testRunVerifyEstimateAndAccuracyOnARandomModel() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let narrow = try config(dir, #"{"activations": {"residual": [10, 4], "ffn": [12, 4]}}"#)
        var texts: [[UInt8]] = []
        for extra in [[], ["--config", narrow]] {
            var text: [UInt8] = []
            var err: [String] = []
            let status = CommandLineTool.run(["run", "--checkpoint", model, "--tokenizer", tok, "--profile", "fixed", "--steps", "8", "--temperature", "0"] + extra,
                                             output: { _ in }, error: { err.append($0) }, text: { text += $0 })
            XCTAssertEqual(status, 0, "\(err)")
            XCTAssertFalse(text.isEmpty)
            texts.append(text)
        }
        if (try? TestSupport.compiler()) != nil {
            let (v, out, e) = call(["verify", "--checkpoint", model, "--profile", "fixed", "--config", narrow, "--quantize", "--group-size", "8",
                                    "--output", dir + "/fx"])
            XCTAssertEqual(v, 0, "\(out) \(e)")
            XCTAssertTrue(out.contains { $0.hasPrefix("PASS forward") }, "\(out)")
            let kernel = try String(contentsOfFile: dir + "/fx/forward.cpp", encoding: .utf8)
            XCTAssertTrue(kernel.contains("ap_fixed<10, 4, AP_RND_CONV, AP_SAT>") || kernel.contains("ap_fixed<10,4,AP_RND_CONV,AP_SAT>"), "residual type")
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/fx/host.cpp"), "no host for a fixed-point cache")
        }
        let (g, gout, ge) = call(["generate", "--checkpoint", model, "--profile", "fixed", "--output", dir + "/gen"])
        XCTAssertEqual(g, 0, "\(ge)")
        XCTAssertEqual(gout.last, "generated forward (fixed profile) into \(dir)/gen")
        let (s, out, e) = call(["estimate", "--checkpoint", model, "--profile", "fixed", "--config", narrow, "--board", "f1"])
        XCTAssertEqual(s, 0, "\(e)")
        XCTAssertTrue(out.contains { $0.contains("fixed profile (residual 10.4, norm 16.6, attention 16.6, ffn 12.4, logits 24.10; libm math)") }, "\(out.prefix(3))")
        XCTAssertTrue(out.last?.hasPrefix("modeled: ") == true, "\(out.suffix(2))")
        let (a, acc, ae) = call(["accuracy", "--checkpoint", model, "--profile", "fixed", "--config", narrow, "--positions", "12"])
        XCTAssertEqual(a, 0, "\(ae)")
        XCTAssertTrue(acc.first?.contains("fixed (residual 10.4, norm 16.6, attention 16.6, ffn 12.4, logits 24.10; libm math) profile") == true, "\(acc.first ?? "")")
        XCTAssertTrue(acc.last?.hasPrefix("accuracy: top-1 ") == true, "\(acc.suffix(2))")
        XCTAssertTrue(acc.contains { $0.hasPrefix("max |Δ residual| per layer   0: ") }, "the fixed design has the residual probe")
    }

    func testOptionsAndConfigsTheFixedDesignDoesNotTake() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let bad = try config(dir, #"{"activations": {"attention": [16, 20]}}"#)
        var cases: [([String], String)] = [
            (["run", "--checkpoint", model, "--tokenizer", tok, "--profile", "fixed", "--engine", "csim"], "does not take --profile fixed"),
            (["generate", "--checkpoint", model, "--profile", "fixed", "--engines", "2"], "--engines cannot be combined with --profile fixed"),
            (["generate", "--checkpoint", model, "--profile", "fixed", "--prefill", "4"], "--prefill cannot be combined with --profile fixed"),
            (["estimate", "--checkpoint", model, "--profile", "fixed", "--schedule", "hlstransform"], "takes the reference or hardware schedule"),
            (["estimate", "--shape", "stories260k", "--weights", "q4", "--profile", "fixed"], "takes --weights float or q8"),
            (["accuracy", "--checkpoint", model, "--config", bad], "option --config is for --profile fixed"),
            (["explore", "--shape", "stories260k", "--profile", "fixed", "--board", "f1"], "not explored yet"),
            (["run", "--checkpoint", model, "--tokenizer", tok, "--profile", "fixed", "--config", bad],
             "\(bad): activations.attention: integer bits I 20 is outside 0...W (16); expected [W, I]"),
        ]
        let gpt2 = LlamaTestSupport.modelsDirectory + "/gpt2_tiny.bin"
        if FileManager.default.fileExists(atPath: gpt2) {
            // (GPT-2 has its own integer profile: IntegerProfileCommandTests.)
            for profile in ["fixed"] {
                cases.append((["generate", "--checkpoint", gpt2, "--profile", profile, "--output", dir + "/g"], "--profile \(profile) is for llama2.c checkpoints"))
                cases.append((["run", "--checkpoint", gpt2, "--ids", "--profile", profile], "--profile \(profile) is for llama2.c checkpoints"))
            }
        }
        for (args, fragment) in cases {
            let (status, _, err) = call(args)
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertEqual(err.count, 1, "\(args): \(err)")
            XCTAssertTrue(err.first?.hasPrefix("hlsgen: error: ") == true && err.first?.contains(fragment) == true, "\(args): \(err)")
        }
    }
}
