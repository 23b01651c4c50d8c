import Foundation
import HLSDriver
import XCTest

/// `hlsgen report --checkpoint C --accuracy`: the page gains the accuracy section — the lines
/// `hlsgen accuracy` prints for the same options, and one bar per layer of the largest
/// residual error; bad combinations are one line, exit 1, nothing written.
final class ReportAccuracyTests: XCTestCase {
    private func run(_ args: [String]) -> (status: Int32, out: [String], err: [String]) {
        var out: [String] = [], err: [String] = []
        let status = CommandLineTool.run(args, output: { out.append($0) }, error: { err.append($0) })
        return (status, out, err)
    }

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Runs `accuracy` and `report --accuracy` with `options`; checks the page's section holds
    /// the summary line and the table line for line. Returns the page and the section.
    private func reportMatchingAccuracy(_ options: [String], output: String,
                                        file: StaticString = #filePath, line: UInt = #line) throws -> (html: String, section: String) {
        let accuracy = run(["accuracy"] + options)
        XCTAssertEqual(accuracy.status, 0, "\(accuracy.err)", file: file, line: line)
        let r = run(["report"] + options + ["--accuracy", "--board", "u280", "--output", output])
        XCTAssertEqual(r.status, 0, "\(r.err)", file: file, line: line)
        let path = try XCTUnwrap(r.out.first?.dropFirst("wrote ".count)).description
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let section = try XCTUnwrap(html.components(separatedBy: "<section id=\"accuracy\">").last)
        XCTAssertTrue(section.contains("<p class=\"headline\">\(Self.escaped(try XCTUnwrap(accuracy.out.last)))</p>"), section,
                      file: file, line: line)
        XCTAssertTrue(section.contains(accuracy.out.dropLast().map(Self.escaped).joined(separator: "\n")), "the table, line for line",
                      file: file, line: line)
        return (html, section)
    }

    func testAccuracySectionHoldsTheAccuracyTableAndLayerChart() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        for q in ["q8", "q4"] {
            let (html, section) = try reportMatchingAccuracy(["--checkpoint", model, "--quantize", q, "--positions", "20", "--tokenizer", tok],
                                                             output: dir + "/out-\(q)")
            // One bar per layer (the random model has 2), the largest in red.
            XCTAssertEqual(section.components(separatedBy: "<title>after layer ").count - 1, 2, section)
            XCTAssertEqual(section.components(separatedBy: "fill=\"#e15759\"").count - 1, 1, section)
            XCTAssertTrue(html.contains("Throughput against the memory roofline"), "the estimate is still there")
        }
    }

    /// A GPT-2 checkpoint: the same section from `GPT2Accuracy` (its design has no residual
    /// probe, so the chart says so instead of drawing bars).
    func testGPT2AccuracySection() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (gpt2, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let (_, section) = try reportMatchingAccuracy(["--checkpoint", gpt2, "--quantize", "--positions", "20"], output: dir + "/out")
        XCTAssertTrue(section.contains("no residual probe"), "the chart is replaced by a sentence: \(section)")
    }

    func testBadAccuracyOptionsWriteNothing() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (q8, _) = try LlamaTestSupport.writeRandomModel(seed: 4, q8GroupSize: 8, into: dir)
        let (gpt2, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let out = dir + "/out"
        let cases: [([String], String)] = [
            (["--shape", "stories260k", "--accuracy"], "option --accuracy needs --checkpoint (a float llama2.c or llm.c GPT-2 checkpoint to measure against)"),
            (["--checkpoint", model, "--positions", "10"], "option --positions needs --accuracy (it sets the accuracy measurement)"),
            (["--checkpoint", gpt2, "--accuracy", "--tokenizer", model], "option --tokenizer is for llama2.c checkpoints; GPT-2 prompts are encoded with --tiktoken"),
            (["--checkpoint", q8, "--accuracy"], "is a Q8_0 checkpoint; accuracy needs a float (version 0) checkpoint as its reference"),
            (["--checkpoint", model, "--accuracy", "--positions", "0"], "option --positions"),
        ]
        for (args, message) in cases {
            let r = run(["report"] + args + ["--output", out])
            XCTAssertEqual(r.status, 1, "\(args)")
            XCTAssertEqual(r.err.filter { $0.hasPrefix("hlsgen: error: ") }.count, 1, "\(args): \(r.err)")
            XCTAssertTrue(r.err.last?.contains(message) == true, "\(args): \(r.err)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(args)")
        }
    }
}
