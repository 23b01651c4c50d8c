import HLSDriver
import XCTest

/// `hlsgen estimate --devices N`: per stage the slowest device plus the host's call and
/// all-gather, ending with `modeled: X ms/token decode on N devices`.
final class DeviceEstimationTests: XCTestCase {
    func msPerToken(_ args: [String]) throws -> Double {
        var out: [String] = []
        let status = CommandLineTool.run(["estimate"] + args, output: { out.append($0) }, error: { _ in }, text: { _ in })
        XCTAssertEqual(status, 0, out.joined(separator: "\n"))
        let last = try XCTUnwrap(out.last)
        let match = try XCTUnwrap(last.firstMatch(of: /^modeled: ([0-9.]+) ms\/token decode on ([0-9]+) devices$/), last)
        return try XCTUnwrap(Double(String(match.1)))
    }

    func testMoreDevicesTakeLessTimePerToken() throws {
        let base = ["--shape", "stories15m", "--weights", "q8", "--board", "u280"]
        let one = try msPerToken(base + ["--devices", "1"])
        let two = try msPerToken(base + ["--devices", "2"])
        let six = try msPerToken(base + ["--devices", "6"])
        XCTAssertLessThan(two, one)
        XCTAssertLessThan(six, two)
        // The host's calls and transfers do not shrink with more devices.
        XCTAssertGreaterThan(six, one / 6)
    }

    /// With `--prefill B` the last line names both stages, as the GPT-2 command asks.
    func testDecodeAndPrefillLine() throws {
        for shape in ["stories15m", "gpt2-124m"] {
            var out: [String] = []
            let args = ["estimate", "--shape", shape, shape.hasPrefix("gpt2") ? "--quantize" : "--weights", shape.hasPrefix("gpt2") ? "--board" : "q8"]
                + (shape.hasPrefix("gpt2") ? ["u280"] : ["--board", "u280"]) + ["--devices", "2", "--prefill", "8"]
            let status = CommandLineTool.run(args, output: { out.append($0) }, error: { _ in }, text: { _ in })
            XCTAssertEqual(status, 0, out.joined(separator: "\n"))
            let last = try XCTUnwrap(out.last)
            XCTAssertNotNil(last.firstMatch(of: /^modeled: [0-9.]+ ms\/token decode, [0-9.]+ tok\/s prefill on 2 devices$/), last)
        }
    }

    func testBadDeviceCounts() {
        for (args, message) in [
            (["--shape", "stories15m", "--devices", "7"], "option --devices: devices 7 is more than n_kv_heads 6"),
            (["--shape", "stories15m", "--devices", "0"], "option --devices is '0'; expected a positive integer"),
            (["--devices", "2"], "option --devices needs --checkpoint or --shape"),
            (["--shape", "stories15m", "--devices", "2", "--engines", "2"], "option --devices cannot be combined with --engines"),
        ] {
            var err: [String] = []
            let status = CommandLineTool.run(["estimate"] + args, output: { _ in }, error: { err.append($0) }, text: { _ in })
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertTrue(err.joined().contains(message), "\(args): \(err)")
        }
    }
}
