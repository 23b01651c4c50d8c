import Foundation
import HLSDriver
import HLSEstimator
import HLSIR
import HLSLayers
import XCTest

/// Q4 weights end to end: `--quantize q4` on the command line, whole-model verify of a small
/// random Llama, the interpreter run, bad values, and the estimator's halved weight bytes.
final class Q4ModelTests: XCTestCase {
    func testVerifyPassesOnAQ4Model() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, _) = try LlamaTestSupport.writeRandomModel(into: dir)
        for (schedule, engines) in [("reference", "1"), ("hardware", "1"), ("hardware", "2")] {
            let out = dir + "/v-\(schedule)-\(engines)"
            let (status, _, lines, err) = LlamaTestSupport.hlsgen(
                ["verify", "--checkpoint", model, "--quantize", "q4", "--schedule", schedule, "--engines", engines,
                 "--profile", "exact", "--output", out])
            XCTAssertEqual(status, 0, "\(schedule) \(engines): \(lines) \(err)")
            XCTAssertTrue(lines.contains { $0.hasPrefix("PASS forward") }, "\(lines)")
            let kernel = try String(contentsOfFile: out + "/forward.cpp", encoding: .utf8)
            XCTAssertTrue(kernel.contains(engines == "1" ? "wq_q4" : "w_q4_e1"), "packed Q4 ports")
            XCTAssertTrue(kernel.contains("ap_int<4>"), "the low nibble is a 4-bit cast")
            let host = try String(contentsOfFile: out + "/host.cpp", encoding: .utf8)
            XCTAssertTrue(host.contains("d.q4 = true;"), "the host quantizes a float checkpoint to Q4")
        }
    }

    func testRunWithTheInterpreterAndItsOptions() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let base = ["run", "--checkpoint", model, "--tokenizer", tok, "--steps", "8", "--temperature", "0"]
        let (status, text, _, err) = LlamaTestSupport.hlsgen(base + ["--quantize", "q4"])
        XCTAssertEqual(status, 0, "\(err)")
        XCTAssertFalse(text.isEmpty)
        // --quantize alone is q8, as before; q8 spelled out is the same.
        let (s8, t8, _, _) = LlamaTestSupport.hlsgen(base + ["--quantize"])
        let (s8b, t8b, _, _) = LlamaTestSupport.hlsgen(base + ["--quantize", "q8", "--group-size", "16"])
        XCTAssertEqual(s8, 0)
        XCTAssertEqual(s8b, 0)
        XCTAssertEqual(t8, t8b)
    }

    func testBadQuantizeValuesAreOneLineErrors() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (model, tok) = try LlamaTestSupport.writeRandomModel(into: dir)
        let cases: [([String], String)] = [
            (["generate", "--checkpoint", model, "--quantize", "q5", "--output", dir + "/x"],
             "hlsgen: error: option --quantize is 'q5'; expected q8 or q4 (or nothing, meaning q8)"),
            (["generate", "--checkpoint", model, "--quantize", "q4", "--group-size", "3", "--output", dir + "/x"],
             "hlsgen: error: option --group-size is 3; expected an even divisor of dim 32 and hidden_dim 48 for q4"),
            (["generate", "--checkpoint", model, "--quantize", "q4", "--quantize", "q8", "--output", dir + "/x"],
             "hlsgen: error: option --quantize is given twice"),
            (["estimate", "--shape", "stories260k", "--weights", "q3"],
             "hlsgen: error: option --weights is 'q3'; expected float, q8 or q4"),
            (["estimate", "--shape", "stories260k", "--weights", "q4", "--group-size", "1"],
             "hlsgen: error: option --group-size is 1; expected an even divisor of dim 64 and hidden 172 for q4"),
        ]
        LlamaTestSupport.assertOneLineErrors(cases)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x"))
    }

    /// Same group size, same schedule: the packed values are exactly half the int8 bytes, the
    /// scales the same, and the 110M shape streams a 512-bit beat (128 weights) per cycle.
    func testEstimatorCountsHalfTheWeightBytes() throws {
        let s = LlamaShape(dim: 768, hidden: 2048, layers: 12, heads: 12, kvHeads: 12, vocab: 32000, seqLen: 1024)
        try Self.assertHalvedWeightBytes(minimumQ8Bytes: 100_000_000) { w throws in
            try LlamaForward.design(s, weights: w, profile: .libm, schedule: .hardware)
        }
    }

    /// The hardware design of `design(.q8(groupSize: 32))` against `design(.q4(groupSize: 32))`
    /// on F1: the `_q4` ports read exactly half the `_q` ports' bytes (more than
    /// `minimumQ8Bytes`), the scales the same, bytes per token drop by more than a quarter, the
    /// modeled rate does not drop, and the Q4 ports stream 512-bit beats in bursts.
    static func assertHalvedWeightBytes(minimumQ8Bytes: Int, file: StaticString = #filePath, line: UInt = #line,
                                        _ design: (LlamaWeights) throws -> Design) throws {
        guard let f1 = Device.board("f1") else { return XCTFail("no f1 board", file: file, line: line) }
        func estimate(_ w: LlamaWeights) throws -> (DesignEstimate, ThroughputEstimate) {
            let e = Estimator.estimate(try BoundDesign.bind(try design(w)), device: f1, clockMHz: 300)
            return (e, Estimator.throughput(e, device: f1))
        }
        let (e8, t8) = try estimate(.q8(groupSize: 32))
        let (e4, t4) = try estimate(.q4(groupSize: 32))
        func bytes(_ e: DesignEstimate, _ suffix: String) -> Int {
            e.bundles.filter { $0.ports.contains { $0.hasSuffix(suffix) } }.reduce(0) { $0 + $1.bytesRead }
        }
        XCTAssertEqual(bytes(e4, "_q4") * 2, bytes(e8, "_q"), file: file, line: line)
        XCTAssertEqual(bytes(e4, "_s"), bytes(e8, "_s"), file: file, line: line)
        XCTAssertGreaterThan(bytes(e8, "_q"), minimumQ8Bytes, file: file, line: line)
        XCTAssertLessThan(t4.bytesPerToken, t8.bytesPerToken * 0.75, file: file, line: line)
        XCTAssertGreaterThan(t4.rooflineTokensPerSecond, t8.rooflineTokensPerSecond * 1.3, file: file, line: line)
        XCTAssertGreaterThanOrEqual(t4.tokensPerSecond, t8.tokensPerSecond, file: file, line: line)
        for b in e4.bundles where b.ports.contains(where: { $0.hasSuffix("_q4") }) {
            XCTAssertTrue(b.bursts, b.name, file: file, line: line)
            XCTAssertEqual(b.beatBits, 512, b.name, file: file, line: line)
        }
    }
}
