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

    /// Engines per device (each device's rows of every product over E engines, each on its
    /// own banks) cut the devices' share of a token, for both models.
    func testEnginesPerDeviceTakeLessTimePerToken() throws {
        for base in [["--shape", "stories15m", "--weights", "q8", "--board", "u280", "--devices", "2"],
                     ["--shape", "gpt2-124m", "--quantize", "--board", "u280", "--devices", "2"]] {
            let one = try msPerToken(base)
            let two = try msPerToken(base + ["--engines", "2"])
            let four = try msPerToken(base + ["--engines", "4"])
            XCTAssertLessThan(two, one, "\(base)")
            XCTAssertLessThan(four, two, "\(base)")
        }
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
            (["--shape", "stories15m", "--weights", "q8", "--devices", "2", "--engines", "3"],
             "option --engines: engines 3 does not divide device 0's rows of wcls 16000 (each engine takes an equal share of every matrix's rows)"),
            (["--shape", "gpt2-124m", "--quantize", "--devices", "2", "--engines", "0"], "option --engines is '0'; expected a positive integer"),
        ] {
            var err: [String] = []
            let status = CommandLineTool.run(["estimate"] + args, output: { _ in }, error: { err.append($0) }, text: { _ in })
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertTrue(err.joined().contains(message), "\(args): \(err)")
        }
    }
}
