import HLSDriver
import XCTest

/// `hlsgen estimate --shape gpt2-124m|gpt2-1.5b`: GPT-2's forward design from its shape alone,
/// float or Q8_0 (`--quantize` as for a checkpoint, or `--weights q8`).
final class GPT2ShapeEstimateTests: XCTestCase {
    func run(_ args: [String]) -> (Int32, [String], [String]) {
        var out: [String] = [], err: [String] = []
        let status = CommandLineTool.run(["estimate"] + args, output: { out.append($0) }, error: { err.append($0) }, text: { _ in })
        return (status, out, err)
    }

    func tokensPerSecond(_ args: [String]) throws -> Double {
        let (status, out, err) = run(args)
        XCTAssertEqual(status, 0, "\(err)")
        let last = try XCTUnwrap(out.last)
        let m = try XCTUnwrap(last.firstMatch(of: /^modeled: ([0-9.]+) tok\/s, roofline: ([0-9.]+) tok\/s, ratio: [0-9.]+$/), last)
        return try XCTUnwrap(Double(String(m.1)))
    }

    func testGPT2ShapesEstimateAndQ8IsFaster() throws {
        let float = try tokensPerSecond(["--shape", "gpt2-124m", "--board", "u280"])
        let q8 = try tokensPerSecond(["--shape", "gpt2-124m", "--quantize", "--board", "u280"])
        let q8w = try tokensPerSecond(["--shape", "gpt2-124m", "--weights", "q8", "--board", "u280"])
        XCTAssertEqual(q8, q8w)
        XCTAssertGreaterThan(q8, float)
        let big = try tokensPerSecond(["--shape", "GPT2-1.5B", "--quantize", "--board", "u280"])
        XCTAssertLessThan(big, q8)
        let (_, out, _) = run(["--shape", "gpt2-1.5b", "--quantize", "--board", "u280"])
        XCTAssertTrue(out.first?.contains("gpt2-1.5b shape (channels 1600, 48 layers, 25 heads, vocab 50257 padded to 50304, seq 1024)") == true, "\(out.first ?? "")")
    }

    /// The products on engines (each with its own banks) make a token faster on one device.
    func testEnginesMakeGPT2Faster() throws {
        let base = ["--shape", "gpt2-124m", "--quantize", "--board", "u280"]
        let one = try tokensPerSecond(base)
        let four = try tokensPerSecond(base + ["--engines", "4"])
        XCTAssertGreaterThan(four, one * 1.5)
        let (_, out, _) = run(base + ["--engines", "4"])
        XCTAssertTrue(out.first?.contains("Q8_0 weights (group 64), hardware schedule on 4 engines") == true, "\(out.first ?? "")")
    }

    func testGPT2ShapeBadOptions() {
        for (args, message) in [
            (["--shape", "gpt2-124m", "--weights", "q3"], "GPT-2 shape gpt2-124m: weights 'q3'; expected float, q8 or q4"),
            (["--shape", "gpt2-124m", "--quantize", "q4", "--engines", "2"], "engines 2 with Q4 weights: not yet (Q4 designs have one engine)"),
            (["--shape", "gpt2-124m", "--quantize", "--weights", "q8"], "option --quantize and --weights both choose the weights; give one"),
            (["--shape", "gpt2-124m", "--weights", "q8", "--group-size", "7"], "option --group-size is 7; expected a divisor of channels 768"),
            (["--shape", "gpt2-1.5b", "--quantize", "--engines", "3"],
             "--shape gpt2-1.5b has no forward design: engines 3 does not divide channels 1600 (each engine takes"),
            (["--shape", "gpt2-124m", "--schedule", "reference", "--engines", "2"],
             "engines 2 needs the hardware schedule (the reference schedule keeps one engine)"),
            (["--shape", "gpt2-124m", "--devices", "13"], "option --devices: devices is 13; expected 1 ... 8"),
        ] {
            let (status, _, err) = run(args)
            XCTAssertEqual(status, 1, "\(args)")
            XCTAssertTrue(err.joined().contains(message), "\(args): \(err)")
        }
    }
}
