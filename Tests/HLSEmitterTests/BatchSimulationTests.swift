import Foundation
import HLSIR
import HLSEmitter
import XCTest

final class BatchSimulationTests: XCTestCase {
    func testOneTranslationUnitChecksEveryDesignInItsFolder() throws {
        let designs = [try SampleDesigns.demo(), try SampleDesigns.integers()]
        let root = try CompileSupport.temporaryFolder("batch")
        defer { try? FileManager.default.removeItem(at: root) }
        try Emitter.batchSimulation(try (designs).map { try BoundDesign.bind($0) }).write(to: root.appendingPathComponent("batch.cpp"), atomically: true, encoding: .utf8)
        let diagnostics = try CompileSupport.compile(["batch.cpp"], in: root, binary: "batch")
        XCTAssertEqual(CompileSupport.seriousWarnings(diagnostics), [], diagnostics)

        let demo = root.appendingPathComponent("demo"), ints = root.appendingPathComponent("ints")
        for d in [demo, ints] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8]
        try CompileSupport.writeInputs([
            "x": (.float(x), .float32), "q": (.raw(Array(repeating: 4, count: 8)), .fixed(16, 4)),
            "y": (.zeros(.float32, count: 8), .float32), "z": (.zeros(.fixed(16, 4, .rnd, .sat), count: 8), .fixed(16, 4, .rnd, .sat)),
            "w": (.zeros(.float32, count: 8), .float32), "n": (.raw([8]), .int32),
        ], to: demo)
        try CompileSupport.writeInputs([
            "a": (.raw([1, 2, 3, 4]), .int8), "b": (.raw([1, 2, 3, 4]), .int(16, signed: false)), "c": (.raw([1, 1, 1, 1]), .int(12)),
            "p": (.zeros(.int8, count: 4), .int8), "q": (.zeros(.int(16, signed: false), count: 4), .int(16, signed: false)),
            "r": (.zeros(.int(12), count: 4), .int(12)), "t": (.zeros(.int8, count: 4), .int8), "s": (.zeros(.int32, count: 1), .int32),
        ], to: ints)
        // total = 36, peak = 64: y = x - 36 + 64, w = x · 36 + 1; 4 · 2^-12 · 0.75 = 3 · 2^-12.
        try CompileSupport.writeGolden("y", .float32, .float(x.map { $0 + 28 }), in: demo)
        try CompileSupport.writeGolden("w", .float32, .float(x.map { $0 * 36 + 1 }), in: demo)
        try CompileSupport.writeGolden("z", .fixed(16, 4, .rnd, .sat), .raw(Array(repeating: 3, count: 8)), in: demo)
        // p = a·a + a, q = b·b, r = ((c << 3) ^ c) in 12 bits, t = (a >> 2) - 100, s = Σ a·c.
        try CompileSupport.writeGolden("p", .int8, .raw([2, 6, 12, 20]), in: ints)
        try CompileSupport.writeGolden("q", .int(16, signed: false), .raw([1, 4, 9, 16]), in: ints)
        try CompileSupport.writeGolden("r", .int(12), .raw([9, 9, 9, 9]), in: ints)
        try CompileSupport.writeGolden("t", .int8, .raw([-100, -100, -100, -99]), in: ints)
        try CompileSupport.writeGolden("s", .int32, .raw([10]), in: ints)
        let binary = root.appendingPathComponent("batch").path
        let ok = try CompileSupport.run(binary, [root.path], in: root)
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssertEqual(ok.stdout, "PASS demo (24 words)\nPASS ints (17 words)\n", ok.stderr)

        try FileManager.default.removeItem(at: ints.appendingPathComponent("c.bin"))
        let missing = try CompileSupport.run(binary, [root.path], in: root)
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("ints/c.bin"), missing.stderr)
        XCTAssertEqual(missing.stdout, "PASS demo (24 words)\n", "the other designs still run")
    }

    func testSubFunctionNamesMayRepeatAcrossDesigns() throws {
        func design(_ top: String) throws -> Design {
            let sub = KernelBuilder("copy")
            let a = sub.input("a", .float32, count: 2)
            let b = sub.output("b", .float32, count: 2)
            sub.loop("each", 2) { i in b[i] = a[i] }
            let s = try sub.build()
            let k = KernelBuilder(top)
            let x = k.input("x", .float32, count: 2)
            let y = k.output("y", .float32, count: 2)
            k.call(s, [x.from(), y.from()])
            return Design(top: top, kernels: [s, try k.build()], schedule: Schedule())
        }
        let source = try Emitter.batchSimulation(try ([try design("first"), try design("second")]).map { try BoundDesign.bind($0) })
        XCTAssertTrue(source.contains("namespace hlsgen_design_first {"))
        XCTAssertTrue(source.contains("namespace hlsgen_design_second {"))
        let root = try CompileSupport.temporaryFolder("batch-names")
        defer { try? FileManager.default.removeItem(at: root) }
        try source.write(to: root.appendingPathComponent("batch.cpp"), atomically: true, encoding: .utf8)
        try CompileSupport.compile(["batch.cpp"], in: root, binary: "batch")
    }

    func testDuplicateTopNamesAreRejected() throws {
        let d = try SampleDesigns.integers()
        XCTAssertThrowsError(try Emitter.batchSimulation(try ([d, d]).map { try BoundDesign.bind($0) })) { error in
            XCTAssertTrue("\(error)".contains("ints"), "\(error)")
        }
    }
}
