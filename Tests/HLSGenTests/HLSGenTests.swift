import Foundation
import HLSGen
import HLSTestSupport
import XCTest

/// The library product's API, as a user package sees it (`import HLSGen` only, plus the
/// test toolchain). examples/LayerPackage exercises it from a separate package.
final class HLSGenTests: XCTestCase {
    /// GPT-2's tanh-GELU: y = 0.5 · x · (1 + tanhf(√(2/π) · (x + 0.044715 · x³))).
    func geluDesign() throws -> Design {
        let k = KernelBuilder("gelu_tanh")
        let y = k.output("y", .float32, count: 64)
        let x = k.input("x", .float32, count: 64)
        k.loop("act", 64) { i in
            let v = k.bind("v", x[i] * 4.0)
            y[i] = 0.5 * v * (1.0 + tanh(0.7978846 * (v + 0.044715 * v * v * v)))
        }
        var s = Schedule()
        s.pipeline("gelu_tanh.act")
        return Design(top: "gelu_tanh", kernels: [try k.build()], schedule: s)
    }

    func temporaryFolder() -> String { NSTemporaryDirectory() + "hlsgen-lib-\(UUID().uuidString)" }

    func testTanhGELUVerifiesBitForBitAgainstTheCSimulation() throws {
        _ = try CSimToolchain.compiler()
        XCTAssertNil(HLSGen.cSimulationUnavailable())
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let checks = try HLSGen.verify([try geluDesign()], into: folder, seed: 3)
        XCTAssertEqual(checks.map(\.description), ["PASS gelu_tanh (64 output words bit-exact)"])
        let cpp = try String(contentsOfFile: folder + "/gelu_tanh/gelu_tanh.cpp", encoding: .utf8)
        XCTAssertTrue(cpp.contains("tanhf("), "the kernel calls libm's tanhf")
    }

    func testInterpretRunsTheSameInputsVerifyUses() throws {
        let d = try geluDesign()
        let inputs = HLSGen.randomInputs(for: d, seed: 3)
        let out = try HLSGen.interpret(d, inputs: inputs)
        let xs = try XCTUnwrap(inputs["x"]?.floatValues)
        let ys = try XCTUnwrap(out["y"]?.floatValues)
        XCTAssertEqual(ys.count, 64)
        // Odd function through the origin, |gelu(v)| ≤ |v|: a wrong tanh would break one of them.
        for (x, y) in zip(xs, ys) {
            let v = x * 4
            XCTAssertLessThanOrEqual(abs(y), abs(v) + 1e-6)
            XCTAssertEqual(y >= 0, v >= 0, "gelu(\(v)) = \(y)")
        }
    }

    func testEstimateListsEveryLoopAndTheTable() throws {
        let e = try HLSGen.estimate(try geluDesign(), board: "u55c", clockMHz: 250)
        XCTAssertEqual(e.design, "gelu_tanh")
        XCTAssertEqual(e.clockMHz, 250)
        XCTAssertEqual(e.loop("gelu_tanh.act")?.trips, 64)
        XCTAssertEqual(e.loop("gelu_tanh.act")?.ii, 1)
        XCTAssertGreaterThan(e.dsp, 0)
        XCTAssertTrue(e.text.contains { $0.hasPrefix("total latency: ") })
    }

    func testBadInputIsOneLineNamingTheValue() throws {
        let d = try geluDesign()
        XCTAssertThrowsError(try HLSGen.estimate(d, board: "zcu102")) { e in
            XCTAssertEqual("\(e)", "board 'zcu102' is unknown; expected one of f1, u250, u280, u55c")
        }
        XCTAssertThrowsError(try HLSGen.generate([d], into: temporaryFolder(), clockMHz: 5000)) { e in
            XCTAssertEqual("\(e)", "clock 5000.0 MHz is out of range; expected a frequency in MHz from 50 to 1000")
        }
        var bad = d
        bad.schedule.unroll("gelu_tanh.act", factor: 7)
        XCTAssertThrowsError(try HLSGen.bind(bad)) { e in
            let lines = "\(e)".split(separator: "\n")
            XCTAssertEqual(lines.count, 1)
            XCTAssertTrue(lines[0].hasPrefix("design gelu_tanh: "), "\(e)")
            XCTAssertTrue(lines[0].contains("gelu_tanh.act"), "\(e)")
        }
        XCTAssertThrowsError(try HLSGen.configure([d], config: "/nonexistent/retune.json")) { e in
            XCTAssertEqual("\(e)", "/nonexistent/retune.json: no such file")
        }
    }

    func testTheCommandLineOfAPackagesOwnDesigns() throws {
        var out: [String] = [], err: [String] = []
        func run(_ args: [String]) -> Int32 {
            out = []
            err = []
            return HLSGenCLI.run(args, program: "mine", designs: { [try self.geluDesign()] },
                                 output: { out.append($0) }, error: { err.append($0) })
        }
        XCTAssertEqual(run(["list"]), 0)
        XCTAssertEqual(out, ["gelu_tanh"])
        XCTAssertEqual(run([]), 0)
        XCTAssertTrue(out.first?.hasPrefix("usage: mine <command>") == true)
        XCTAssertEqual(run(["estimate", "--clock", "250"]), 0)
        XCTAssertEqual(out.first, "gelu_tanh: libm profile")

        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = folder + "/fast.json"
        try #"{"schedule": {"gelu_tanh.act": {"unroll": 4}}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(run(["generate", "--config", config, "--output", folder + "/out"]), 0, err.joined())
        XCTAssertEqual(out, ["generated 1 designs into \(folder)/out: gelu_tanh"])
        let cpp = try String(contentsOfFile: folder + "/out/gelu_tanh/gelu_tanh.cpp", encoding: .utf8)
        XCTAssertTrue(cpp.contains("#pragma HLS UNROLL factor=4"), cpp)

        // Bad input: one line each, status 1.
        XCTAssertEqual(run(["generate", "--config", folder + "/missing.json"]), 1)
        XCTAssertEqual(err, ["mine: error: \(folder)/missing.json: no such file"])
        XCTAssertEqual(run(["verify", "--seed", "0"]), 1)
        XCTAssertEqual(err, ["mine: error: option --seed is '0'; expected a positive integer"])
        XCTAssertEqual(run(["estimate", "--output", "x"]), 1)
        XCTAssertEqual(err, ["mine: error: unknown option '--output' for estimate; expected --board, --clock, --config, --design, --json"])
        XCTAssertEqual(HLSGenCLI.run(["list"], program: "mine", designs: { throw DesignError(["kernel k: broken"]) },
                                     output: { _ in }, error: { err = [$0] }), 1)
        XCTAssertEqual(err, ["mine: error: kernel k: broken"])
    }
}
