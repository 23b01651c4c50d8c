import Foundation
import HLSConfig
import HLSDriver
import XCTest

/// `hlsgen explore` on the command line: its output, bad input (one line, exit 1, nothing
/// written), the written config going through `generate` and `verify` unchanged, and
/// `report --explore`.
final class ExploreCommandTests: XCTestCase {
    private func run(_ args: [String]) -> (status: Int32, out: [String], err: [String]) {
        var out: [String] = [], err: [String] = []
        let status = CommandLineTool.run(args, output: { out.append($0) }, error: { err.append($0) })
        return (status, out, err)
    }

    private func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// A matrix-vector product whose dot product keeps one partial sum, unrolled by nothing.
    private func badConfig(in dir: String) throws -> String {
        let path = dir + "/bad-dot.json"
        try #"{"parameters": {"dim": 64, "hidden": 32}, "designs": ["matvec"], "schedule": {"matvec.dot": {"lanes": 1, "unroll": 1}}}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testBadInputIsOneLineExitOneAndNothingWritten() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let config = try badConfig(in: dir)
        let out = dir + "/best.json"
        let cases: [([String], String)] = [
            (["--config", config, "--board", "u999", "--output", out], "option --board is 'u999'; expected one of f1, u250, u280, u55c"),
            (["--config", config, "--output", out], "option --board is required; expected one of f1, u250, u280, u55c"),
            (["--config", config, "--board", "f1", "--max-util", "0", "--output", out],
             "option --max-util is '0'; expected a share of the device above 0 and at most 1, such as 0.8"),
            (["--config", config, "--board", "f1", "--max-util", "1.5", "--output", out],
             "option --max-util is '1.5'; expected a share of the device above 0 and at most 1, such as 0.8"),
            (["--config", config, "--board", "f1", "--max-util", "most", "--output", out],
             "option --max-util is 'most'; expected a share of the device above 0 and at most 1, such as 0.8"),
            (["--config", config, "--board", "f1", "--output", dir + "/no/such/folder/best.json"],
             "--output \(dir)/no/such/folder/best.json: no such folder \(dir)/no/such/folder"),
            (["--config", config, "--board", "f1", "--output", dir], "--output \(dir) is a folder; expected a file name for the config"),
            (["--config", config, "--board", "f1", "--output", config + "/best.json"],
             "--output \(config)/best.json: no such folder \(config)"),
            (["--shape", "stories260k", "--config", config, "--board", "f1", "--output", out],
             "option --shape cannot be combined with --config: a shape is a model without files"),
            (["--config", dir + "/missing.json", "--board", "f1", "--output", out], "\(dir)/missing.json: no such file"),
        ]
        for (args, message) in cases {
            let r = run(["explore"] + args)
            XCTAssertEqual(r.status, 1, "\(args)")
            XCTAssertEqual(r.err, ["hlsgen: error: \(message)"], "\(args)")
            XCTAssertEqual(r.out, [], "\(args)")
            XCTAssertEqual(files(dir), ["bad-dot.json"], "nothing written for \(args)")
        }
    }

    func testNoPointWithinTheLimitIsAnErrorAndNothingIsWritten() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let config = try badConfig(in: dir)
        let r = run(["explore", "--config", config, "--board", "f1", "--max-util", "0.001", "--output", dir + "/best.json"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, [])
        XCTAssertEqual(r.err.last, "hlsgen: error: no schedule of bad-dot fits in 0.1% of f1: the start uses BRAM_18K 1.4% "
                       + "and no move found a smaller one; raise --max-util")
        XCTAssertEqual(r.err.filter { $0.hasPrefix("hlsgen: error:") }.count, 1)
        XCTAssertEqual(files(dir), ["bad-dot.json"])
    }

    func testExploreWritesAConfigThatGeneratesAndVerifies() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let config = try badConfig(in: dir)
        let best = dir + "/best.json"
        let r = run(["explore", "--config", config, "--board", "u280", "--output", best])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        let last = try XCTUnwrap(r.out.last)
        XCTAssertTrue(last.hasPrefix("explore: best "), last)
        XCTAssertTrue(last.contains(" cycles (from "), last)
        XCTAssertTrue(last.contains(", scarcest resource "), last)
        XCTAssertTrue(r.out.contains { $0.hasPrefix("Pareto front (latency against the scarcest resource") }, "\(r.out)")
        XCTAssertTrue(r.err.contains { $0.hasPrefix("hlsgen: explore: round 1: best ") }, "progress on standard error: \(r.err)")
        XCTAssertEqual(files(dir), ["bad-dot.json", "best.json"], "one file, no temporary left")
        // The written file is a config in docs/config.md's format: the same parameters and
        // designs, and a dot product with more than one partial sum.
        let written = try Configuration.load(path: best)
        XCTAssertEqual(written.parameters.dim, 64)
        XCTAssertEqual(written.designNames, ["matvec"])
        XCTAssertGreaterThan(try XCTUnwrap(written.overrides.loops["matvec.dot"]?.lanes), 1)
        _ = try written.designs()

        let g = run(["generate", "--config", best, "--board", "u280", "--output", dir + "/gen"])
        XCTAssertEqual(g.status, 0, "\(g.err)")
        _ = try TestSupport.compiler()
        let v = run(["verify", "--config", best, "--output", dir + "/ver"])
        XCTAssertEqual(v.status, 0, "\(v.out) \(v.err)")
        XCTAssertTrue(v.out.contains { $0.hasPrefix("PASS matvec") }, "\(v.out)")
    }

    func testTheConfigOfACheckpointGeneratesAndVerifies() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        let best = dir + "/best.json"
        // The design is built with a config of its own; its entries stay in the written file.
        let base = dir + "/base.json"
        try #"{"schedule": {"rope.rotate_q": {"pipeline": "off"}}}"#.write(toFile: base, atomically: true, encoding: .utf8)
        let design = ["--checkpoint", model, "--quantize", "--group-size", "8", "--schedule", "hardware", "--profile", "exact"]
        let r = run(["explore"] + design + ["--config", base, "--board", "f1", "--output", best])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        let last = try XCTUnwrap(r.out.last)
        XCTAssertTrue(last.hasPrefix("explore: best ") && last.contains(" tok/s (from "), last)
        let usage = "hlsgen generate --checkpoint \(model) --quantize --group-size 8 --schedule hardware --config \(best) --board f1"
        XCTAssertTrue(r.out.contains { $0.hasSuffix("use it as: \(usage)") }, "\(r.out)")
        let written = try Configuration.load(path: best)
        XCTAssertFalse(written.overrides.loops.isEmpty && written.overrides.interfaces.isEmpty, "the search changed something")
        XCTAssertEqual(written.parameters.profile, .exact)
        XCTAssertEqual(written.overrides.loops["rope.rotate_q"]?.pipeline, .off, "the base config's entry")

        let same = ["--checkpoint", model, "--quantize", "--group-size", "8", "--schedule", "hardware", "--config", best, "--board", "f1"]
        let g = run(["generate"] + same + ["--output", dir + "/gen"])
        XCTAssertEqual(g.status, 0, "\(g.err)")
        XCTAssertTrue(g.out.first?.contains("exact profile") == true, "\(g.out)")
        let hls = try String(contentsOfFile: dir + "/gen/hls_config.cfg", encoding: .utf8)
        XCTAssertTrue(hls.contains("xcvu9p"), "the build files name the explored board's part")
        _ = try TestSupport.compiler()
        let v = run(["verify"] + same + ["--output", dir + "/ver"])
        XCTAssertEqual(v.status, 0, "\(v.out) \(v.err)")
        XCTAssertTrue(v.out.contains { $0.hasPrefix("PASS forward") }, "\(v.out)")
    }

    func testJSONOutput() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let config = try badConfig(in: dir)
        let r = run(["explore", "--config", config, "--board", "u280", "--output", dir + "/best.json", "--json"])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.joined(separator: "\n").utf8)) as? [String: Any])
        for key in ["best", "start", "front", "config", "configFile", "usage", "knobs", "estimates"] {
            XCTAssertNotNil(object[key], key)
        }
        let front = try XCTUnwrap(object["front"] as? [[String: Any]])
        XCTAssertFalse(front.isEmpty)
    }

    func testReportAddsTheExplorationWithItsParetoChart() throws {
        let root = try TestSupport.temporaryDirectory(self)
        let config = try badConfig(in: root)
        let dir = root + "/out"
        let r = run(["report", "--config", config, "--board", "u280", "--explore", "--max-util", "0.5", "--output", dir])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        XCTAssertEqual(files(dir), ["bad-dot-report.html"], "the report only: no config file")
        let html = try String(contentsOfFile: dir + "/bad-dot-report.html", encoding: .utf8)
        for expected in ["Design-space exploration", "Pareto front: latency against the scarcest resource", "<circle",
                         "explore: best ", "The best point as a config file", "&quot;schedule&quot;: {", "50.0%"] {
            XCTAssertTrue(html.contains(expected), "missing \(expected)")
        }
        for fetch in ["http://", "https://", "<script", "<link", "src=", "@import", "url("] {
            XCTAssertFalse(html.contains(fetch), "the page must not fetch anything: found \(fetch)")
        }
        let bad = run(["report", "--shape", "stories260k", "--board", "f1", "--max-util", "0.5", "--output", dir + "2"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.err, ["hlsgen: error: option --max-util needs --explore (it limits the design-space exploration)"])
    }
}
