import Foundation
import HLSConfig
import HLSDriver
import HLSIR
import HLSLayers
import XCTest

/// `hlsgen generate --checkpoint` and `hlsgen verify --checkpoint`, and config overrides on
/// the forward design.
final class LlamaDesignCommandTests: XCTestCase {
    func testGenerateWritesKernelTestbenchBuildAndHostFiles() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        let out = dir + "/out/small"
        let (status, _, lines, err) = LlamaTestSupport.hlsgen(
            ["generate", "--checkpoint", model, "--quantize", "--schedule", "hardware", "--output", out])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertEqual(lines.count, 1, "\(lines)")
        for file in ["forward.cpp", "forward.h", "forward_tb.cpp", "hls_config.cfg", "Makefile", "host.cpp", "system.mk"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(file)"), file)
        }
        let kernel = try String(contentsOfFile: out + "/forward.cpp", encoding: .utf8)
        XCTAssertTrue(kernel.contains("wq_q"), "Q8_0 ports")
        XCTAssertTrue(kernel.contains("bundle=gmem_kv"), "KV-cache bundle")
        let config = try String(contentsOfFile: out + "/hls_config.cfg", encoding: .utf8)
        XCTAssertTrue(config.contains("\npart=xcu250-figd2104-2L-e\n"), "the default board is the U250")
    }

    /// `generate --prefill B` puts the prefill kernel's source and header beside the forward
    /// kernel, and the host, system build and connectivity files name both kernels;
    /// `--prefill` without a checkpoint, or beyond seq_len, is a one-line error.
    func testGenerateWithPrefillWritesBothKernels() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        let out = dir + "/out/prefill"
        let (status, _, _, err) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", model, "--prefill", "4", "--output", out])
        XCTAssertEqual(status, 0, "\(err)")
        for file in ["forward.cpp", "prefill.cpp", "prefill.h", "host.cpp", "host_runtime.h", "llama2c.h", "system.mk"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(file)"), file)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/prefill_tb.cpp"), "the HLS flow stays the forward design's")
        XCTAssertTrue(try String(contentsOfFile: out + "/system.mk", encoding: .utf8).contains("KERNELS := forward prefill\n"))
        XCTAssertTrue(try String(contentsOfFile: out + "/connectivity_u250.cfg", encoding: .utf8).contains("nk=prefill:1:prefill_1\n"))
        XCTAssertTrue(try String(contentsOfFile: out + "/host.cpp", encoding: .utf8).contains("#include \"prefill.h\""))
        let (s1, _, _, e1) = LlamaTestSupport.hlsgen(["generate", "--prefill", "4", "--output", dir + "/x"])
        XCTAssertNotEqual(s1, 0)
        XCTAssertTrue(e1.joined().contains("option --prefill needs --checkpoint"), "\(e1)")
        let (s2, _, _, e2) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", model, "--prefill", "33", "--output", dir + "/y"])
        XCTAssertNotEqual(s2, 0)
        XCTAssertEqual(e2.count, 1, "\(e2)")
        XCTAssertTrue(e2.joined().contains("option --prefill is '33'; expected a block of 1 ... seq_len 32 tokens"), "\(e2)")
    }

    /// `--board` and `--clock` reach the whole-model design's HLS build files too.
    func testGenerateNamesTheChosenBoardsPart() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        let out = dir + "/out/u280"
        let (status, _, _, err) = LlamaTestSupport.hlsgen(
            ["generate", "--checkpoint", model, "--quantize", "--board", "u280", "--clock", "250", "--output", out])
        XCTAssertEqual(status, 0, "\(err)")
        let config = try String(contentsOfFile: out + "/hls_config.cfg", encoding: .utf8)
        XCTAssertTrue(config.contains("\npart=xcu280-fsvh2892-2L-e\n"), config)
        XCTAssertTrue(config.contains("\nclock=4ns\n"), config)
        let (bad, _, _, badErr) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", model, "--board", "vu9p", "--output", dir + "/bad"])
        XCTAssertEqual(bad, 1)
        XCTAssertEqual(badErr, ["hlsgen: error: option --board is 'vu9p'; expected one of f1, u250, u280, u55c"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/bad"))
    }

    func testVerifyPassesOnAQuantizedHardwareDesign() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        let (status, _, lines, err) = LlamaTestSupport.hlsgen(
            ["verify", "--checkpoint", model, "--quantize", "--group-size", "8", "--schedule", "hardware",
             "--profile", "exact", "--output", dir + "/v"])
        XCTAssertEqual(status, 0, "\(lines) \(err)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("PASS forward") }, "\(lines)")
        XCTAssertEqual(lines.last, "1 passed, 0 failed")
        // A whole model takes a while: each stage is announced on standard error.
        XCTAssertTrue("\(err)".contains("verify: compiling the C simulation"), "\(err)")
    }

    /// Overrides are applied by dotted name to the forward design and validated against it.
    func testConfigOverridesApplyByDottedName() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        let good = dir + "/good.json"
        try #"{"profile": "exact", "schedule": {"mv_up.dot": {"lanes": 4, "pipeline": {"ii": 1}}}}"#
            .write(toFile: good, atomically: true, encoding: .utf8)
        let config = try Configuration.load(path: good)
        let loaded = try LlamaModel.load(checkpoint: model)
        let applied = try config.apply(to: [try loaded.design(profile: .exact, schedule: .reference)])
        XCTAssertEqual(applied[0].schedule.loops["mv_up.dot"]?.lanes, 4)

        let out = dir + "/g"
        let (status, _, lines, err) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", model, "--config", good, "--output", out])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertTrue(lines.first?.contains("exact profile") == true, "\(lines)")

        let bad = dir + "/bad.json"
        try #"{"schedule": {"mv_up.dott": {"lanes": 4}}}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        let (s2, _, _, err2) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", model, "--config", bad, "--output", dir + "/h"])
        XCTAssertEqual(s2, 1)
        XCTAssertEqual(err2.count, 1, "\(err2)")
        XCTAssertTrue(err2.first?.contains("did you mean mv_up.dot?") == true, "\(err2)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/h"))
    }
}
