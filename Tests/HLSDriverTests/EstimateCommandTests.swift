import Foundation
import HLSDriver
import XCTest

/// `hlsgen estimate`: tables for the default config, the whole-model summary line, JSON.
final class EstimateCommandTests: XCTestCase {
    private func run(_ args: [String]) -> (status: Int32, out: [String], err: [String]) {
        var out: [String] = [], err: [String] = []
        let status = CommandLineTool.run(args, output: { out.append($0) }, error: { err.append($0) })
        return (status, out, err)
    }

    func testDefaultConfigPrintsTablesForEveryDesign() {
        let r = run(["estimate"])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        XCTAssertTrue(r.err.isEmpty, "a config design prints no progress: \(r.err)")
        let text = r.out.joined(separator: "\n")
        for top in ["rmsnorm", "softmax", "matvec", "matvec_q8", "swiglu_ffn", "residual"] {
            XCTAssertTrue(r.out.contains { $0.hasPrefix("\(top): \(top) from the default config") }, "no header for \(top)")
        }
        XCTAssertEqual(r.out.filter { $0.hasPrefix("function / loop") }.count, 6)
        XCTAssertEqual(r.out.filter { $0.hasPrefix("m_axi bundle") }.count, 6)
        XCTAssertEqual(r.out.filter { $0.hasPrefix("total latency: ") }.count, 6)
        XCTAssertTrue(text.contains("on u280 (xcu280-fsvh2892-2L-e) at 300 MHz"), text)
        XCTAssertFalse(text.contains("modeled:"), "single layers have no token throughput")
        // Every function row carries its resources with a percentage of the device.
        let rows = r.out.filter { $0.hasPrefix("matvec_q8 ") || $0 == "matvec_q8" }
        XCTAssertTrue(rows.contains { $0.contains("%)") }, "\(rows)")
    }

    func testShapeEndsWithTheModeledLine() throws {
        let r = run(["estimate", "--shape", "stories260k", "--board", "f1"])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        let last = try XCTUnwrap(r.out.last)
        let numbers = try Self.modeledLine(last)
        XCTAssertGreaterThan(numbers.modeled, 0)
        XCTAssertGreaterThan(numbers.roofline, numbers.modeled, last)
        XCTAssertEqual(numbers.ratio, numbers.modeled / numbers.roofline, accuracy: max(0.01 * numbers.ratio, 0.0051), last)
        let text = r.out.joined(separator: "\n")
        for expected in ["on f1 (", "cycles per token", "bytes per token", "roofline tokens/s", "memory bandwidth of f1", "4 × DDR"] {
            XCTAssertTrue(text.contains(expected), "missing \(expected)")
        }
        XCTAssertTrue(r.err.allSatisfy { $0.hasPrefix("hlsgen: ") && !$0.hasPrefix("hlsgen: error:") }, "\(r.err)")
        XCTAssertTrue(r.err.contains { $0.contains("building") }, "progress for a whole model: \(r.err)")
    }

    func testExplicitShapeMatchesTheNamedOne() throws {
        let named = run(["estimate", "--shape", "stories260k"])
        let explicit = run(["estimate", "--shape", "dim=64,hidden=172,layers=5,heads=8,kv_heads=4,vocab=512,seq=512"])
        XCTAssertEqual(named.status, 0, "\(named.err)")
        XCTAssertEqual(explicit.status, 0, "\(explicit.err)")
        XCTAssertEqual(named.out.last, explicit.out.last)
    }

    func testQ8ShapeAndScheduleOptions() throws {
        let q8 = run(["estimate", "--shape", "stories15m", "--weights", "q8", "--group-size", "32", "--schedule", "reference",
                      "--board", "u250", "--clock", "250"])
        XCTAssertEqual(q8.status, 0, "\(q8.err)")
        XCTAssertTrue(q8.out.first?.contains("Q8_0 weights (group 32), reference schedule") == true, "\(q8.out.first ?? "")")
        XCTAssertTrue(q8.out.contains { $0.contains("at 250 MHz") })
        _ = try Self.modeledLine(try XCTUnwrap(q8.out.last))
    }

    func testJSONHasTheKeys() throws {
        let r = run(["estimate", "--shape", "stories260k", "--weights", "q8", "--board", "u55c", "--json"])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        let data = Data(r.out.joined(separator: "\n").utf8)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(root["clockMHz"] as? Double, 300)
        let board = try XCTUnwrap(root["board"] as? [String: Any])
        XCTAssertEqual(board["name"] as? String, "u55c")
        let designs = try XCTUnwrap(root["designs"] as? [[String: Any]])
        XCTAssertEqual(designs.count, 1)
        let design = designs[0]
        XCTAssertEqual(design["name"] as? String, "stories260k-q80-hardware")
        let estimate = try XCTUnwrap(design["estimate"] as? [String: Any])
        for key in ["top", "device", "part", "clockMHz", "functions", "bundles", "total", "available", "latency", "warnings"] {
            XCTAssertNotNil(estimate[key], "estimate.\(key)")
        }
        let functions = try XCTUnwrap(estimate["functions"] as? [[String: Any]])
        XCTAssertTrue(functions.contains { $0["name"] as? String == "forward" })
        let loops = functions.flatMap { ($0["loops"] as? [[String: Any]]) ?? [] }
        XCTAssertFalse(loops.isEmpty)
        for key in ["name", "depth", "trips", "iterationLatency", "limit", "pipelined", "latency", "pragmas"] {
            XCTAssertNotNil(loops[0][key], "loop.\(key)")
        }
        let bundles = try XCTUnwrap(estimate["bundles"] as? [[String: Any]])
        // The hardware schedule: a bundle per weight port (values and scales), plus the shared ones.
        let weightBundles = ["wq", "wk", "wv", "wo", "w1", "w2", "w3", "wcls"].flatMap { ["gmem_\($0)_q", "gmem_\($0)_s"] }
        XCTAssertEqual(Set(bundles.compactMap { $0["name"] as? String }), Set(weightBundles + ["gmem_cls", "gmem_kv", "gmem_norm"]))
        let t = try XCTUnwrap(design["throughput"] as? [String: Any])
        for key in ["cyclesPerToken", "tokensPerSecond", "bytesPerToken", "memoryBytesPerSecond", "bundleBoundTokensPerSecond",
                    "rooflineTokensPerSecond", "ratio"] {
            XCTAssertNotNil(t[key] as? Double, "throughput.\(key)")
        }
        XCTAssertGreaterThan(try XCTUnwrap(t["rooflineTokensPerSecond"] as? Double), try XCTUnwrap(t["tokensPerSecond"] as? Double))
    }

    func testJSONOfTheDefaultConfigHasNoThroughput() throws {
        let r = run(["estimate", "--json"])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.joined(separator: "\n").utf8)) as? [String: Any])
        let designs = try XCTUnwrap(root["designs"] as? [[String: Any]])
        XCTAssertEqual(designs.count, 6)
        XCTAssertTrue(designs.allSatisfy { $0["throughput"] == nil })
    }

    /// A checkpoint's design is its shape's: the same estimate as `--shape` with the same weights.
    func testCheckpointMatchesItsShape() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, _) = try LlamaTestSupport.writeRandomModel(q8GroupSize: 8, into: dir)
        let c = LlamaTestSupport.smallConfig
        let shape = "dim=\(c.dim),hidden=\(c.hiddenDim),layers=\(c.nLayers),heads=\(c.nHeads),kv_heads=\(c.nKVHeads),vocab=\(c.vocabSize),seq=\(c.seqLen)"
        let fromFile = run(["estimate", "--checkpoint", checkpoint, "--board", "u250"])
        let fromShape = run(["estimate", "--shape", shape, "--weights", "q8", "--group-size", "8", "--board", "u250"])
        XCTAssertEqual(fromFile.status, 0, "\(fromFile.err)")
        XCTAssertEqual(fromShape.status, 0, "\(fromShape.err)")
        XCTAssertTrue(fromFile.out[0].contains("checkpoint model-32-q8.bin (dim 32, hidden 48, 2 layers"), fromFile.out[0])
        XCTAssertTrue(fromFile.out[0].contains("Q8_0 weights (group 8), hardware schedule, libm profile"), fromFile.out[0])
        XCTAssertEqual(fromFile.out.dropFirst(), fromShape.out.dropFirst(), "same design, same figures")
        _ = try Self.modeledLine(try XCTUnwrap(fromFile.out.last))

        let reference = run(["estimate", "--checkpoint", checkpoint, "--schedule", "reference", "--profile", "exact"])
        XCTAssertEqual(reference.status, 0, "\(reference.err)")
        XCTAssertTrue(reference.out[0].contains("reference schedule, exact profile"), reference.out[0])
    }

    func testRealCheckpointWhenPresent() throws {
        let paths = try LlamaTestSupport.requireModels(["stories260K.bin"])
        let r = run(["estimate", "--checkpoint", paths[0], "--quantize", "--board", "f1"])
        XCTAssertEqual(r.status, 0, "\(r.err)")
        let shape = run(["estimate", "--shape", "stories260k", "--weights", "q8", "--board", "f1"])
        XCTAssertEqual(r.out.last, shape.out.last, "stories260K quantized on the fly has group size 4, as --shape's default")
    }

    /// Large shapes build and estimate quickly: the DSL records loops, not elements.
    func testLargeShapesEstimate() throws {
        for shape in ["stories110m", "llama2-7b"] {
            let start = Date()
            let r = run(["estimate", "--shape", shape, "--weights", "q8"])
            XCTAssertEqual(r.status, 0, "\(shape): \(r.err)")
            let numbers = try Self.modeledLine(try XCTUnwrap(r.out.last))
            XCTAssertGreaterThan(numbers.roofline, numbers.modeled, shape)
            XCTAssertLessThan(Date().timeIntervalSince(start), 60, "\(shape) took too long")
        }
    }

    /// `modeled: X tok/s, roofline: Y tok/s, ratio: Z` → (X, Y, Z).
    static func modeledLine(_ line: String) throws -> (modeled: Double, roofline: Double, ratio: Double) {
        let parts = line.components(separatedBy: ", ")
        guard parts.count == 3, parts[0].hasPrefix("modeled: "), parts[0].hasSuffix(" tok/s"),
              parts[1].hasPrefix("roofline: "), parts[1].hasSuffix(" tok/s"), parts[2].hasPrefix("ratio: ") else {
            throw MalformedLine(line: line)
        }
        func number(_ s: String, _ prefix: String, _ suffix: String) throws -> Double {
            let core = String(s.dropFirst(prefix.count).dropLast(suffix.count))
            return try XCTUnwrap(Double(core), "'\(core)' in \(line)")
        }
        return (try number(parts[0], "modeled: ", " tok/s"), try number(parts[1], "roofline: ", " tok/s"),
                try number(parts[2], "ratio: ", ""))
    }
}

/// The last line of a whole-model estimate is not `modeled: X tok/s, roofline: Y tok/s, ratio: Z`.
struct MalformedLine: Error, CustomStringConvertible {
    let line: String
    var description: String { "not a modeled line: \(line)" }
}
