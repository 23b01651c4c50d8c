import Foundation
import HLSDriver
import XCTest

/// `--profile integer` on the command line: a random model runs, verifies and estimates; the
/// options it does not take are one-line errors.
final class IntegerProfileCommandTests: XCTestCase {
    private func call(_ args: [String]) -> (Int32, [String], [String]) {
        var out: [String] = [], err: [String] = []
        let status = CommandLineTool.run(args, output: { out.append($0) }, error: { err.append($0) })
        return (status, out, err)
    }

    func testRunVerifyEstimateAndAccuracyOnARandomModel() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (q8, _) = try LlamaTestSupport.writeRandomModel(q8GroupSize: 8, into: dir)
        var text: [UInt8] = []
        var err: [String] = []
        let status = CommandLineTool.run(["run", "--checkpoint", model, "--tokenizer", tok, "--profile", "integer", "--steps", "8", "--temperature", "0"],
                                         output: { _ in }, error: { err.append($0) }, text: { text += $0 })
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertFalse(text.isEmpty)
        if (try? TestSupport.compiler()) != nil {
            let (v, out, e) = call(["verify", "--checkpoint", q8, "--profile", "integer", "--output", dir + "/int"])
            XCTAssertEqual(v, 0, "\(out) \(e)")
            XCTAssertTrue(out.contains { $0.hasPrefix("PASS forward") }, "\(out)")
        }
        let (s, out, e) = call(["estimate", "--checkpoint", model, "--profile", "integer", "--board", "f1"])
        XCTAssertEqual(s, 0, "\(e)")
        XCTAssertTrue(out.last?.hasPrefix("modeled: ") == true, "\(out.suffix(2))")
        let (a, acc, ae) = call(["accuracy", "--checkpoint", model, "--profile", "integer", "--positions", "12"])
        XCTAssertEqual(a, 0, "\(ae)")
        XCTAssertTrue(acc.last?.hasPrefix("accuracy: top-1 ") == true, "\(acc.suffix(2))")
    }

    func testGPT2RunVerifyEstimateAndAccuracyOnARandomModel() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        var text: [UInt8] = []
        var err: [String] = []
        let status = CommandLineTool.run(["run", "--checkpoint", model, "--profile", "integer", "--ids", "--steps", "6", "--temperature", "0"],
                                         output: { _ in }, error: { err.append($0) }, text: { text += $0 })
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(GPT2TestSupport.ids(text).count, 5, String(decoding: text, as: UTF8.self))
        if (try? TestSupport.compiler()) != nil {
            let (v, out, e) = call(["verify", "--checkpoint", model, "--profile", "integer", "--group-size", "8", "--output", dir + "/int"])
            XCTAssertEqual(v, 0, "\(out) \(e)")
            XCTAssertTrue(out.contains { $0.hasPrefix("PASS forward") }, "\(out)")
        }
        let (g, gout, ge) = call(["generate", "--checkpoint", model, "--profile", "integer"] + ["--output", dir + "/gen"])
        XCTAssertEqual(g, 0, "\(ge)")
        XCTAssertEqual(gout.last, "generated forward (integer profile) into \(dir)/gen")
        let (s, out, e) = call(["estimate", "--checkpoint", model, "--profile", "integer", "--board", "f1"])
        XCTAssertEqual(s, 0, "\(e)")
        XCTAssertTrue(out.contains { $0.contains("integer profile") }, "\(out.prefix(3))")
        XCTAssertTrue(out.last?.hasPrefix("modeled: ") == true, "\(out.suffix(2))")
        let (a, acc, ae) = call(["accuracy", "--checkpoint", model, "--profile", "integer", "--positions", "10"])
        XCTAssertEqual(a, 0, "\(ae)")
        XCTAssertTrue(acc.first?.contains("integer profile") == true, "\(acc.first ?? "")")
        XCTAssertTrue(acc.last?.hasPrefix("accuracy: top-1 ") == true, "\(acc.suffix(2))")
        // More positions than four sequences of max_seq_len (16) hold: one sequence per 16.
        let (x, xout, xe) = call(["accuracy", "--checkpoint", model, "--profile", "exact", "--positions", "70"])
        XCTAssertEqual(x, 0, "\(xe)")
        XCTAssertTrue(xout.contains { $0.hasSuffix(" 70") && $0.hasPrefix("positions") }, "\(xout)")
        XCTAssertEqual(xout.first { $0.hasPrefix("sequences") }?.components(separatedBy: "; ").count, 5, "\(xout)")
        let (n, nout, ne) = call(["estimate", "--shape", "gpt2-124m", "--weights", "q8", "--profile", "integer", "--board", "u280"])
        XCTAssertEqual(n, 0, "\(ne)")
        XCTAssertTrue(nout.contains { $0.contains("integer profile (nominal scales)") }, "\(nout.prefix(3))")
    }

    func testGPT2OptionsTheIntegerDesignDoesNotTake() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try GPT2TestSupport.writeRandomModel(into: dir)
        let cases: [([String], String)] = [
            (["run", "--checkpoint", model, "--tokenizer", tok, "--profile", "integer", "--engine", "csim"], "does not take --profile integer"),
            (["run", "--checkpoint", model, "--ids", "--profile", "integer", "--devices", "2"], "--devices cannot be combined with --profile integer"),
            (["run", "--checkpoint", model, "--ids", "--profile", "integer", "--group-size", "5"], "--group-size is 5"),
            (["estimate", "--shape", "gpt2-124m", "--profile", "integer"], "needs --weights q8"),
            (["accuracy", "--checkpoint", model, "--profile", "integer", "--tokenizer", tok], "--tiktoken"),
            (["accuracy", "--checkpoint", model, "--profile", "integer", "--quantize", "q4"], "needs Q8_0 weights; got --quantize q4"),
            (["run", "--checkpoint", model, "--ids", "--profile", "integer", "--quantize", "q4"], "needs Q8_0 weights; got --quantize q4"),
        ]
        for (args, fragment) in cases {
            let (status, _, err) = call(args)
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertEqual(err.count, 1, "\(args): \(err)")
            XCTAssertTrue(err.first?.hasPrefix("hlsgen: error: ") == true && err.first?.contains(fragment) == true, "\(args): \(err)")
        }
    }

    func testOptionsTheIntegerDesignDoesNotTake() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let cases: [([String], String)] = [
            (["run", "--checkpoint", model, "--tokenizer", tok, "--profile", "integer", "--engine", "csim"], "does not take --profile integer"),
            (["run", "--checkpoint", model, "--tokenizer", tok, "--profile", "integer", "--quantize", "q4"], "needs Q8_0 weights"),
            (["generate", "--checkpoint", model, "--profile", "integer", "--engines", "2"], "--engines cannot be combined with --profile integer"),
            (["estimate", "--shape", "stories260k", "--weights", "float", "--profile", "integer"], "needs --weights q8"),
            (["explore", "--shape", "stories260k", "--weights", "q8", "--profile", "integer", "--board", "f1"], "not explored yet"),
            (["accuracy", "--checkpoint", model, "--profile", "integer", "--quantize", "q4"], "needs Q8_0 weights"),
        ]
        for (args, fragment) in cases {
            let (status, _, err) = call(args)
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertEqual(err.count, 1, "\(args): \(err)")
            XCTAssertTrue(err.first?.hasPrefix("hlsgen: error: ") == true && err.first?.contains(fragment) == true, "\(args): \(err)")
        }
    }
}
