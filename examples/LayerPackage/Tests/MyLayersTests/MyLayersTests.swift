import Foundation
import HLSGen
import MyLayers
import XCTest

/// The layer, checked through the public HLSGen API only.
final class MyLayersTests: XCTestCase {
    /// configs/wide.json, beside Package.swift.
    static let wideConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../configs/wide.json").standardized.path

    /// Skips when g++ or the ap_types headers are missing, unless `HLSGEN_REQUIRE_CSIM=1`
    /// (as CI sets it): then the test fails, so a run without C simulation is never green.
    func requireCSimulation() throws {
        guard let why = HLSGen.cSimulationUnavailable() else { return }
        if ProcessInfo.processInfo.environment["HLSGEN_REQUIRE_CSIM"] == "1" {
            throw CSimulationMissing(description: "HLSGEN_REQUIRE_CSIM=1 but the C simulation cannot run: \(why)")
        }
        throw XCTSkip(why)
    }

    struct CSimulationMissing: Error, CustomStringConvertible {
        let description: String
    }

    func temporaryFolder() -> String {
        NSTemporaryDirectory() + "my-layers-\(UUID().uuidString)"
    }

    func testTheLayerVerifiesBitForBitWithItsScheduleAndRetuned() throws {
        try requireCSimulation()
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for designs in [try MyLayers.designs(), try HLSGen.configure(try MyLayers.designs(), config: Self.wideConfig)] {
            for seed: UInt64 in [1, 7] {
                let checks = try HLSGen.verify(designs, into: folder, seed: seed)
                XCTAssertEqual(checks.count, 1)
                for c in checks {
                    XCTAssertTrue(c.passed, "\(c)")
                    XCTAssertEqual(c.words, layerWidth + 1, "every word of y and peak compared")
                }
            }
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/layernorm_gelu/layernorm_gelu.cpp"))
    }

    func testThePeakIsTheMaximumOverTheRuntimeLengthOnly() throws {
        let design = try MyLayers.designs()[0]
        var inputs = HLSGen.randomInputs(for: design, seed: 3)
        for len in [1, 5, layerWidth] {
            inputs["len"] = .raw([Int64(len)])
            let out = try HLSGen.interpret(design, inputs: inputs)
            guard let y = out["y"]?.floatValues, let peak = out["peak"]?.floatValues else { return XCTFail("missing outputs") }
            XCTAssertEqual(peak, [y[0..<len].max()!], "len \(len)")
        }
    }

    func testTheConfigRetunesTheSchedule() throws {
        let retuned = try HLSGen.configure(try MyLayers.designs(), config: Self.wideConfig)[0]
        XCTAssertEqual(retuned.schedule.loops["layernorm_gelu.mean_sum"]?.lanes, 8)
        XCTAssertEqual(try MyLayers.designs()[0].schedule.loops["layernorm_gelu.mean_sum"]?.lanes, 4)
        // The estimator sees the change: 8 lanes unrolled by 8 take a quarter of the trips.
        let before = try HLSGen.estimate(try MyLayers.designs()[0])
        let after = try HLSGen.estimate(retuned)
        XCTAssertEqual(before.loop("layernorm_gelu.mean_sum")?.trips, layerWidth)
        XCTAssertEqual(after.loop("layernorm_gelu.mean_sum")?.trips, layerWidth / 8)
        XCTAssertTrue(after.text.contains { $0.hasPrefix("total latency:") })
    }

    func testBadConfigsAreOneLineErrorsNamingTheEntry() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/bad.json"
        try #"{"schedule": {"layernorm_gelu.mean_sun": {"lanes": 8}}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try HLSGen.configure(try MyLayers.designs(), config: path)) { e in
            XCTAssertEqual("\(e)", "\(path): schedule[\"layernorm_gelu.mean_sun\"]: matches no loop, array, argument or kernel of the design layernorm_gelu; did you mean layernorm_gelu.mean_sum?")
        }
        try #"{"parameters": {"dim": 64}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try HLSGen.configure(try MyLayers.designs(), config: path)) { e in
            XCTAssertEqual("\(e)", "\(path): parameters: applies to HLSGen's built-in designs only; a config for your own designs takes a schedule object only")
        }
    }

    func testTheCommandLineListsGeneratesVerifiesAndEstimates() throws {
        var out: [String] = [], err: [String] = []
        func run(_ args: String...) -> Int32 {
            out = []
            err = []
            return HLSGenCLI.run(args, program: "my-layers", designs: MyLayers.designs, output: { out.append($0) }, error: { err.append($0) })
        }
        XCTAssertEqual(run("list"), 0)
        XCTAssertEqual(out, ["layernorm_gelu"])
        XCTAssertEqual(run("estimate", "--config", Self.wideConfig, "--board", "u55c", "--json"), 0)
        XCTAssertTrue(out.joined().contains("\"top\" : \"layernorm_gelu\""), out.joined())
        // Bad input: one line naming the option and what was expected, status 1, nothing printed.
        XCTAssertEqual(run("estimate", "--board", "zcu999"), 1)
        XCTAssertEqual(err, ["my-layers: error: option --board is 'zcu999'; expected one of f1, u250, u280, u55c"])
        XCTAssertEqual(run("generate", "--design", "softmax"), 1)
        XCTAssertEqual(err, ["my-layers: error: option --design is 'softmax'; expected one of layernorm_gelu"])
        XCTAssertEqual(run("frobnicate"), 1)
        XCTAssertEqual(err.count, 1)

        try requireCSimulation()
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        XCTAssertEqual(run("verify", "--config", Self.wideConfig, "--output", folder, "--seed", "5"), 0, err.joined())
        XCTAssertEqual(out.suffix(2), ["PASS layernorm_gelu (257 output words bit-exact)", "1 passed, 0 failed"])
    }
}
