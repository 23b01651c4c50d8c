import Foundation
import HLSIR
import HLSEmitter
import XCTest

/// Compiles the emitted kernel and self-checking testbench with g++ and runs it against golden
/// values worked out here from docs/numerics.md: it must print PASS and exit 0.
final class CompileTests: XCTestCase {
    private func build(_ design: Design) throws -> (folder: URL, binary: String) {
        let folder = try CompileSupport.temporaryFolder(design.top)
        try CompileSupport.write(try Emitter.emit(try BoundDesign.bind(design)), to: folder)
        let diagnostics = try CompileSupport.compile(["\(design.top).cpp", "\(design.top)_tb.cpp"], in: folder, binary: "\(design.top)_csim")
        XCTAssertEqual(CompileSupport.seriousWarnings(diagnostics), [], "g++ warnings:\n\(diagnostics)")
        return (folder, folder.appendingPathComponent("\(design.top)_csim").path)
    }

    private func runTestbench(_ binary: String, on folder: URL, top: String, words: Int) throws {
        let r = try CompileSupport.run(binary, [folder.path], in: folder)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout, "PASS \(top) (\(words) words)\n", r.stderr)
    }

    func testDemoKernel() throws {
        let (folder, binary) = try build(try SampleDesigns.demo())
        defer { try? FileManager.default.removeItem(at: folder) }
        let x: [Float] = [1.5, -2.0, 0.25, 3.0, -0.5, 2.5, -1.25, 0.75]
        let q: [Int64] = [1, 2, -1, -2, 4096, -3, 32767, -32768]
        try CompileSupport.writeInputs([
            "x": (.float(x), .float32), "q": (.raw(q), .fixed(16, 4)),
            "y": (.zeros(.float32, count: 8), .float32), "z": (.zeros(.fixed(16, 4, .rnd, .sat), count: 8), .fixed(16, 4, .rnd, .sat)),
            "w": (.zeros(.float32, count: 8), .float32), "n": (.raw([5]), .int32),
        ], to: folder)

        var total: Float = 0
        for v in x { total = total + v }
        var lanes = [Float](repeating: -.infinity, count: 4)
        for (i, v) in x.enumerated() { lanes[i % 4] = v * v > lanes[i % 4] ? v * v : lanes[i % 4] }
        var peak = lanes[0]
        for l in lanes.dropFirst() { peak = l > peak ? l : peak }
        let y = (0..<8).map { $0 < 5 ? x[$0] - total + peak : 0 }
        let w = x.map { $0 * total + 1 }
        // q · 0.75 has 18 fraction bits; AP_RND to 12 bits is floor(v + 1/2), then AP_SAT clamps to 16 bits.
        let z = q.map { r in Swift.min(32767, Swift.max(-32768, Int64((Double(r) * 0.75 + 0.5).rounded(.down)))) }

        try CompileSupport.writeGolden("y", .float32, .float(y), in: folder)
        try CompileSupport.writeGolden("w", .float32, .float(w), in: folder)
        try CompileSupport.writeGolden("z", .fixed(16, 4, .rnd, .sat), .raw(z), in: folder)
        try runTestbench(binary, on: folder, top: "demo", words: 24)
    }

    func testIntegerWrapping() throws {
        let (folder, binary) = try build(try SampleDesigns.integers())
        defer { try? FileManager.default.removeItem(at: folder) }
        let a: [Int8] = [-128, 100, -7, 5]
        let b: [UInt16] = [65535, 300, 1000, 0]
        let c: [Int64] = [-2048, 2047, -1, 300]
        try CompileSupport.writeInputs([
            "a": (.raw(a.map(Int64.init)), .int8), "b": (.raw(b.map(Int64.init)), .int(16, signed: false)),
            "c": (.raw(c), .int(12)),
            "p": (.zeros(.int8, count: 4), .int8), "q": (.zeros(.int(16, signed: false), count: 4), .int(16, signed: false)),
            "r": (.zeros(.int(12), count: 4), .int(12)), "t": (.zeros(.int8, count: 4), .int8), "s": (.zeros(.int32, count: 1), .int32),
        ], to: folder)

        func wrap12(_ v: Int64) -> Int64 { ScalarType.int(12).canonicalRaw(v) }
        let p = a.map { Int64($0 &* $0 &+ $0) }
        let q = b.map { Int64($0 &* $0) }
        let r = c.map { wrap12(wrap12($0 << 3) ^ $0) }
        let t = a.map { Int64(($0 >> 2) &- 100) }
        var s: Int32 = 0
        for i in 0..<4 { s = s &+ Int32(a[i]) &* Int32(c[i]) }

        try CompileSupport.writeGolden("p", .int8, .raw(p), in: folder)
        try CompileSupport.writeGolden("q", .int(16, signed: false), .raw(q), in: folder)
        try CompileSupport.writeGolden("r", .int(12), .raw(r), in: folder)
        try CompileSupport.writeGolden("t", .int8, .raw(t), in: folder)
        try CompileSupport.writeGolden("s", .int32, .raw([Int64(s)]), in: folder)
        try runTestbench(binary, on: folder, top: "ints", words: 17)

        // One wrong golden word: FAIL naming the array, the index and both values; exit 1.
        var wrong = p
        wrong[2] += 1
        try CompileSupport.writeGolden("p", .int8, .raw(wrong), in: folder)
        let failed = try CompileSupport.run(binary, [folder.path], in: folder)
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(failed.stdout, "FAIL ints: first mismatch at p[2]: got \(p[2]) expected \(p[2] + 1)\n")
    }

    func testConversionsAndMath() throws {
        let (folder, binary) = try build(try SampleDesigns.conversions())
        defer { try? FileManager.default.removeItem(at: folder) }
        let x: [Float] = [2.75, -3.5, 0.5, -0.0]
        let f: [Int64] = [-97, 97, -64, 5]
        let gain: Float = 0.5
        let table: [Float] = [0.5, -0.25, 1.0, 2.0]
        try CompileSupport.writeInputs([
            "x": (.float(x), .float32), "f": (.raw(f), .fixed(12, 6)),
            "to_int": (.zeros(.int8, count: 4), .int8), "fix_to_int": (.zeros(.int(10), count: 4), .int(10)),
            "fix_to_float": (.zeros(.float32, count: 4), .float32), "bits": (.zeros(.int32, count: 4), .int32),
            "picked": (.zeros(.float32, count: 4), .float32), "roots": (.zeros(.float32, count: 4), .float32),
            "sums": (.zeros(.float32, count: 1), .float32), "m": (.raw([3]), .int32), "gain": (.float([gain]), .float32),
        ], to: folder)

        let toInt = x.map { Int64(Int8(truncatingIfNeeded: Int64($0))) }
        let fixToInt = f.map { Int64((Double($0) / 64).rounded(.towardZero)) }
        let fixToFloat = f.map { Float(Double($0) / 64) }
        let bits = x.map { Int64(Int32(bitPattern: $0.bitPattern)) }
        let picked = (0..<4).map { i -> Float in
            x[i] > 0 ? (table[i] < x[i] ? table[i] : x[i]) : (-table[i] > x[i] ? -table[i] : x[i])
        }
        let roots = x.map { sqrtf(fabsf($0)) + expf($0 * gain) }
        var sum: Float = 0
        for i in 0..<3 { sum = sum + (x[i] + table[i]) }

        try CompileSupport.writeGolden("to_int", .int8, .raw(toInt), in: folder)
        try CompileSupport.writeGolden("fix_to_int", .int(10), .raw(fixToInt), in: folder)
        try CompileSupport.writeGolden("fix_to_float", .float32, .float(fixToFloat), in: folder)
        try CompileSupport.writeGolden("bits", .int32, .raw(bits), in: folder)
        try CompileSupport.writeGolden("picked", .float32, .float(picked), in: folder)
        try CompileSupport.writeGolden("roots", .float32, .float(roots), in: folder)
        try CompileSupport.writeGolden("sums", .float32, .float([sum]), in: folder)
        try runTestbench(binary, on: folder, top: "convert", words: 25)
    }

    func testMissingOrShortInputFailsWithOneLine() throws {
        let (folder, binary) = try build(try SampleDesigns.integers())
        defer { try? FileManager.default.removeItem(at: folder) }
        let r1 = try CompileSupport.run(binary, [folder.path], in: folder)
        XCTAssertEqual(r1.status, 1)
        XCTAssertEqual(r1.stderr.split(separator: "\n").count, 1, r1.stderr)
        XCTAssertTrue(r1.stderr.contains("a.bin"), r1.stderr)

        try CompileSupport.writeInputs(["a": (.raw([1, 2, 3]), .int8)], to: folder)
        let r2 = try CompileSupport.run(binary, [folder.path], in: folder)
        XCTAssertEqual(r2.status, 1)
        XCTAssertTrue(r2.stderr.contains("has 3 bytes, expected 4"), r2.stderr)
    }

    /// Constants without a plain literal: a fixed-point value a double cannot hold, NaN,
    /// the most negative int64 and the largest uint64.
    func testExtremeConstants() throws {
        let k = KernelBuilder("extremes")
        let big = k.output("big", .fixed(64, 32), count: 1)
        let nan = k.output("nan", .int32, count: 1)
        let lowest = k.output("lowest", .int64, count: 1)
        let highest = k.output("highest", .int(64, signed: false), count: 1)
        big[0] = Expr(node: .fixedConst(raw: (1 << 60) + 1), type: .fixed(64, 32))
        nan[0] = Expr.f32(Float(bitPattern: 0x7fc0_0001)).bitcast(.int32)
        lowest[0] = .int(Int64.min, .int64)
        highest[0] = Expr(node: .intConst(-1), type: .int(64, signed: false))
        let design = Design(top: "extremes", kernels: [try k.build()], schedule: Schedule())
        let (folder, binary) = try build(design)
        defer { try? FileManager.default.removeItem(at: folder) }
        try CompileSupport.writeInputs([
            "big": (.zeros(.fixed(64, 32), count: 1), .fixed(64, 32)), "nan": (.zeros(.int32, count: 1), .int32),
            "lowest": (.zeros(.int64, count: 1), .int64), "highest": (.zeros(.int(64, signed: false), count: 1), .int(64, signed: false)),
        ], to: folder)
        try CompileSupport.writeGolden("big", .fixed(64, 32), .raw([(1 << 60) + 1]), in: folder)
        try CompileSupport.writeGolden("nan", .int32, .raw([0x7fc0_0001]), in: folder)
        try CompileSupport.writeGolden("lowest", .int64, .raw([Int64.min]), in: folder)
        try CompileSupport.writeGolden("highest", .int(64, signed: false), .raw([-1]), in: folder)
        try runTestbench(binary, on: folder, top: "extremes", words: 4)
    }
}
