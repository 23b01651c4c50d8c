import Foundation
import HLSDriver
import HLSEmitter
import HLSEstimator
import HLSConfig
import HLSIR
import XCTest

final class CommandLineToolTests: XCTestCase {
    private func run(_ args: [String]) -> (Int32, [String], [String]) {
        var out: [String] = [], err: [String] = []
        let status = CommandLineTool.run(args, output: { out.append($0) }, error: { err.append($0) })
        return (status, out, err)
    }

    func testBadArgumentsGiveOneLineErrors() {
        let cases: [([String], String)] = [
            (["frobnicate"], "hlsgen: error: unknown command 'frobnicate'; expected one of accuracy, bench, calibrate, estimate, explore, generate, headers, help, report, run, verify"),
            (["generate", "--confg", "x.json"], "hlsgen: error: unknown option '--confg' for generate; expected --board, --checkpoint, --clock, --config, --devices, --engines, --group-size, --output, --prefill, --profile, --quantize, --schedule, --seed"),
            (["generate", "--board", "u200"], "hlsgen: error: option --board is 'u200'; expected one of f1, u250, u280, u55c"),
            (["verify", "--clock", "fast"], "hlsgen: error: option --clock is 'fast'; expected a frequency in MHz from 50 to 1000"),
            (["generate", "--config"], "hlsgen: error: option --config needs a value"),
            (["verify", "--seed", "-3"], "hlsgen: error: option --seed is '-3'; expected a positive integer"),
            (["bench", "--iterations", "ten"], "hlsgen: error: option --iterations is 'ten'; expected a positive integer"),
        ]
        for (args, message) in cases {
            let (status, _, err) = run(args)
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertEqual(err, [message], "\(args)")
        }
    }

    /// `hlsgen headers` prints the folder the C simulation compiles with (as .ci/run uses it).
    func testHeadersPrintsTheIncludeFolder() throws {
        let compiler = try TestSupport.compiler()
        let (status, out, err) = run(["headers"])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(out, [compiler.headers])
        XCTAssertTrue(FileManager.default.fileExists(atPath: compiler.headers + "/ap_fixed.h"))
    }

    func testBadConfigWritesNothing() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let config = dir + "/bad.json"
        try #"{"parameters": {"dim": 100, "group_size": 32}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let out = dir + "/out"
        let (status, _, err) = run(["generate", "--config", config, "--output", out])
        XCTAssertEqual(status, 1)
        XCTAssertEqual(err.count, 1, "\(err)")
        XCTAssertTrue(err.first?.contains("group_size") == true, "\(err)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        let (missing, _, err2) = run(["generate", "--config", dir + "/nope.json", "--output", out])
        XCTAssertEqual(missing, 1)
        XCTAssertTrue(err2.first?.contains("nope.json") == true, "\(err2)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// hls_config.cfg and run_hls.tcl name the part of the board `--board` chooses, from the
    /// estimator's board table, at 300 MHz unless `--clock` says otherwise.
    func testGenerateNamesThePartOfEveryBoard() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let parts = ["u250": "xcu250-figd2104-2L-e", "u280": "xcu280-fsvh2892-2L-e", "u55c": "xcu55c-fsvh2892-2L-e",
                     "f1": "xcvu9p-flgb2104-2-i"]
        XCTAssertEqual(Set(Device.boards.map(\.name)), Set(parts.keys))
        for (board, part) in parts {
            let (status, _, err) = run(["generate", "--board", board, "--output", "\(dir)/\(board)"])
            XCTAssertEqual(status, 0, "\(err)")
            let config = try String(contentsOfFile: "\(dir)/\(board)/softmax/hls_config.cfg", encoding: .utf8)
            let tcl = try String(contentsOfFile: "\(dir)/\(board)/softmax/run_hls.tcl", encoding: .utf8)
            XCTAssertTrue(config.contains("\npart=\(part)\n"), config)
            XCTAssertTrue(config.contains("\nclock=3.33ns\n"), config)
            XCTAssertTrue(tcl.contains("\nset_part \(part)\ncreate_clock -period 3.33 -name default\n"), tcl)
        }
        // The emitter's default is the U250's part as the board table has it.
        XCTAssertEqual(BuildTarget.standard.part, Device.u250.part)
        XCTAssertEqual(BuildTarget.standard.clockPeriodNanoseconds, "3.33")
    }

    func testGenerateWritesEveryDesign() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (status, out, err) = run(["generate", "--output", dir + "/g"])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(out.count, 1)
        for top in ["rmsnorm", "softmax", "matvec", "matvec_q8", "swiglu_ffn", "residual"] {
            for file in ["\(top).cpp", "\(top).h", "\(top)_tb.cpp", "hls_config.cfg", "run_hls.tcl", "Makefile"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/g/\(top)/\(file)"), "\(top)/\(file)")
            }
        }
    }

    func testVerifyPassesOnTheDefaultDesign() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (status, out, err) = run(["verify", "--output", dir + "/g", "--board", "F1", "--clock", "200"])
        XCTAssertEqual(status, 0, "\(out) \(err)")
        XCTAssertEqual(out.filter { $0.hasPrefix("PASS ") }.count, 6, "\(out)")
        XCTAssertEqual(out.last, "6 passed, 0 failed")
        let config = try String(contentsOfFile: dir + "/g/rmsnorm/hls_config.cfg", encoding: .utf8)
        XCTAssertTrue(config.contains("\npart=xcvu9p-flgb2104-2-i\n") && config.contains("\nclock=5ns\n"), config)
        // The testbench verify ran is the one in the folder, with its golden data beside it.
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/g/rmsnorm/o.golden.bin"))
    }

    /// verify trusts the testbench: a golden file that disagrees with the kernel is a FAIL line
    /// and exit 1 (here the golden data of seed 2 under the kernel run on seed 3's inputs).
    func testVerifyReportsTheTestbenchsFailLine() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let config = dir + "/one.json"
        try #"{"designs": ["rmsnorm"]}"#.write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(run(["generate", "--config", config, "--output", dir + "/a", "--seed", "2"]).0, 0)
        XCTAssertEqual(run(["verify", "--config", config, "--output", dir + "/b", "--seed", "3"]).0, 0)
        try FileManager.default.removeItem(atPath: dir + "/b/rmsnorm/o.golden.bin")
        try FileManager.default.copyItem(atPath: dir + "/a/rmsnorm/o.golden.bin", toPath: dir + "/b/rmsnorm/o.golden.bin")
        let work = dir + "/work"
        let bound = try BoundDesign.bind(try Configuration.load(path: config).designs()[0])
        let verdicts = try Verifier(compiler: try TestSupport.compiler()).verify([bound], folders: ["rmsnorm": dir + "/b/rmsnorm"], work: work)
        XCTAssertEqual(verdicts.count, 1)
        XCTAssertFalse(verdicts[0].passed)
        XCTAssertTrue(verdicts[0].description.hasPrefix("FAIL rmsnorm: first mismatch at o["), verdicts[0].description)
    }
}
