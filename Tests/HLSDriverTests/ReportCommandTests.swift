import Foundation
import HLSDriver
import XCTest

/// `hlsgen report`: one self-contained HTML file; and the bad input of `estimate` and
/// `report`: one line, exit 1, nothing written.
final class ReportCommandTests: XCTestCase {
    private func run(_ args: [String]) -> (status: Int32, out: [String], err: [String]) {
        var out: [String] = [], err: [String] = []
        let status = CommandLineTool.run(args, output: { out.append($0) }, error: { err.append($0) })
        return (status, out, err)
    }

    private func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    func testReportWritesOneSelfContainedPage() throws {
        let dir = try TestSupport.temporaryDirectory(self) + "/out"
        let r = run(["report", "--shape", "stories260k", "--weights", "q8", "--board", "f1", "--output", dir])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        let path = dir + "/stories260k-q80-hardware-report.html"
        XCTAssertEqual(r.out, ["wrote \(path)"])
        XCTAssertEqual(files(dir), ["stories260k-q80-hardware-report.html"], "one file, no temporary left behind")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertGreaterThanOrEqual(html.components(separatedBy: "<svg").count - 1, 4, "roofline, latency (2) and resource charts")
        for fetch in ["http://", "https://", "<script", "<link", "src=", "@import", "url("] {
            XCTAssertFalse(html.contains(fetch), "the page must not fetch anything: found \(fetch)")
        }
        for expected in ["Throughput against the memory roofline", "Latency breakdown", "Resources against f1", "Functions and loops",
                         "m_axi bundles", "gmem_kv", "#pragma HLS PIPELINE II=1", "modeled: "] {
            XCTAssertTrue(html.contains(expected), "missing \(expected)")
        }
        // Every element opened is closed (a cheap well-formedness check on the tags used).
        for tag in ["table", "tr", "td", "svg", "section", "code", "text", "rect"] {
            XCTAssertEqual(html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag) ").count - 2,
                           html.components(separatedBy: "</\(tag)>").count - 1, "unbalanced <\(tag)>")
        }
    }

    func testReportOfTheDefaultConfigIsOnePage() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let r = run(["report", "--output", dir, "--board", "u250", "--clock", "200"])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        XCTAssertEqual(files(dir), ["default-report.html"])
        let html = try String(contentsOfFile: dir + "/default-report.html", encoding: .utf8)
        for top in ["rmsnorm", "softmax", "matvec_q8", "swiglu_ffn", "residual"] {
            XCTAssertTrue(html.contains("id=\"design-\(top)\""), "no section for \(top)")
        }
        XCTAssertTrue(html.contains("200 MHz"))
    }

    func testReportReplacesAnOldPage() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let path = dir + "/stories260k-float-reference-report.html"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        let r = run(["report", "--shape", "stories260k", "--schedule", "reference", "--output", dir])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("<svg"))
        XCTAssertEqual(files(dir), ["stories260k-float-reference-report.html"])
    }

    func testBadInputGivesOneLineAndWritesNothing() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let bad = dir + "/bad.json"
        try #"{"parameters": {"dim": 100, "group_size": 32}}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        let out = dir + "/out"
        let cases: [([String], String)] = [
            (["--shape", "stories260k", "--board", "zcu104"], "option --board is 'zcu104'; expected one of f1, u250, u280, u55c"),
            (["--shape", "stories260k", "--clock", "20"], "option --clock is '20'; expected a frequency in MHz from 50 to 1000"),
            (["--shape", "stories260k", "--clock", "1500"], "option --clock is '1500'"),
            (["--shape", "stories260k", "--clock", "fast"], "option --clock is 'fast'"),
            (["--shape", "stories260k", "--clock", "nan"], "option --clock is 'nan'"),
            (["--shape", "stories1b"], "--shape stories1b is not a known shape; expected one of stories260k, stories15m"),
            (["--shape", "gpt2-124m", "--weights", "q3"], "GPT-2 shape gpt2-124m: weights 'q3'; expected float, q8 or q4"),
            (["--shape", "dim=768,hidden=2048,layers=12,heads=12,kv_heads=12,vocab=32000"], "--shape: key 'seq' is missing"),
            (["--shape", "dim=768,hidden=2048,layers=12,heads=12,kv_heads=12,vocab=32000,seq=1024,experts=8"], "--shape: unknown key 'experts'"),
            (["--shape", "dim=768,hidden=two,layers=12,heads=12,kv_heads=12,vocab=32000,seq=1024"], "--shape: key 'hidden' is 'two'; expected a positive integer"),
            (["--shape", "dim=768,dim=768"], "--shape: key 'dim' is given twice"),
            (["--shape", "dim=100,hidden=2048,layers=12,heads=12,kv_heads=12,vocab=32000,seq=1024"], "dim 100 is not divisible by n_heads 12"),
            (["--shape", "stories260k", "--weights", "int4"], "option --weights is 'int4'; expected float, q8 or q4"),
            (["--shape", "stories260k", "--weights", "q8", "--group-size", "5"], "option --group-size is 5"),
            (["--shape", "stories260k", "--group-size", "4"], "option --group-size needs --weights q8"),
            (["--shape", "stories260k", "--checkpoint", dir + "/m.bin"], "option --shape cannot be combined with --checkpoint"),
            (["--shape", "stories260k", "--config", bad], "option --shape cannot be combined with --config"),
            (["--shape", "stories260k", "--quantize"], "option --quantize needs --checkpoint"),
            (["--weights", "q8"], "option --weights needs --shape"),
            (["--schedule", "hardware"], "option --schedule needs --checkpoint or --shape"),
            (["--config", bad], "group_size"),
            (["--config", dir + "/missing.json"], "missing.json: no such file"),
            (["--checkpoint", dir + "/missing.bin"], "missing.bin"),
        ]
        for command in ["estimate", "report"] {
            for (args, message) in cases {
                let full = [command] + args + (command == "report" ? ["--output", out] : [])
                let r = run(full)
                XCTAssertEqual(r.status, 1, "\(full)")
                XCTAssertEqual(r.err.count, 1, "\(full): \(r.err)")
                XCTAssertTrue(r.err.first?.hasPrefix("hlsgen: error: ") == true, "\(full): \(r.err)")
                XCTAssertTrue(r.err.first?.contains(message) == true, "\(full): \(r.err) lacks \(message)")
                XCTAssertTrue(r.out.isEmpty, "\(full): \(r.out)")
                XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(full) wrote \(out)")
            }
        }
        let missing = run(["report", "--shape", "stories260k"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.err, ["hlsgen: error: option --output is required (the folder the report is written to)"])
        let unknown = run(["estimate", "--output", out])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.err.count, 1)
        XCTAssertTrue(unknown.err[0].hasPrefix("hlsgen: error: unknown option '--output' for estimate"), "\(unknown.err)")
        try "x".write(toFile: out, atomically: true, encoding: .utf8)
        let onFile = run(["report", "--shape", "stories260k", "--output", out])
        XCTAssertEqual(onFile.status, 1)
        XCTAssertEqual(onFile.err, ["hlsgen: error: --output \(out) is a file; expected a folder"])
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "x")
    }
}
