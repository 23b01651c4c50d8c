import HLSDriver
import HLSIR
import HLSInterpreter
import XCTest

/// A sum with an initial value (GPT-2's bias-first products) over K lanes: partial 0 starts at
/// the initial value and the other partials at 0, so the initial value counts once — in the
/// interpreter (general and fast paths) and in the C simulation, for float, int and fixed sums.
final class ReductionStartTests: XCTestCase {
    static let n = 13, d = 3

    static func biasProduct(_ type: ScalarType) throws -> Kernel {
        let k = KernelBuilder("bias_dot")
        let out = k.output("out", type, count: d)
        let x = k.input("x", type, count: n)
        let w = k.input("w", type, count: n * d)
        let bias = k.input("bias", type, count: d)
        k.loop("rows", d, index: "r") { r in
            out[r] = k.reduce("dot", .add, type, n, initial: bias[r], index: "j") { j in (x[j] * w[r * n + j]).cast(type) }
        }
        return try k.build()
    }

    /// The rule in plain Swift on floats.
    static func expected(x: [Float], w: [Float], bias: [Float], lanes k: Int) -> [Float] {
        (0..<d).map { r in
            var p = [Float](repeating: 0, count: k)
            p[0] = bias[r]
            for j in 0..<n { p[j % k] = p[j % k] + x[j] * w[r * n + j] }
            return p.dropFirst().reduce(p[0], +)
        }
    }

    func testTheInitialValueCountsOnce() throws {
        var rng = SeededRandom(seed: 21)
        let x = (0..<Self.n).map { _ in Float(Int(rng.next() % 200) - 100) / 16 }
        let w = (0..<(Self.n * Self.d)).map { _ in Float(Int(rng.next() % 200) - 100) / 32 }
        let bias: [Float] = [1000.5, -3.25, 7]
        for lanes in [1, 2, 4, 5] {
            var s = Schedule()
            s.lanes("bias_dot.dot", lanes)
            let d = Design(top: "bias_dot", kernels: [try Self.biasProduct(.float32)], schedule: s)
            let out = try Interpreter(try BoundDesign.bind(d)).run(["x": .float(x), "w": .float(w), "bias": .float(bias)])
            guard case .float(let got)? = out["out"] else { return XCTFail("no out") }
            XCTAssertEqual(got.map(\.bitPattern), Self.expected(x: x, w: w, bias: bias, lanes: lanes).map(\.bitPattern), "lanes \(lanes)")
            // With K lanes the bias is in the sum once: within rounding of bias + Σ.
            let plain = (0..<Self.d).map { r in (0..<Self.n).reduce(Double(bias[r])) { $0 + Double(x[$1]) * Double(w[r * Self.n + $1]) } }
            for r in 0..<Self.d { XCTAssertEqual(Double(got[r]), plain[r], accuracy: 0.01, "lanes \(lanes) row \(r)") }
        }
    }

    func testTheCSimulationStartsThePartialsAlike() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        var designs: [BoundDesign] = []
        for (i, type) in [ScalarType.float32, .int(IntType(width: 32, signed: true)), .fixed(FixedType(width: 20, integerBits: 10, signed: true))].enumerated() {
            var s = Schedule()
            s.lanes("bias_dot.dot", 3 + i)
            let kernel = try Self.biasProduct(type)
            designs.append(try BoundDesign.bind(Design(top: "bias_dot", kernels: [kernel], schedule: s)))
        }
        for (i, d) in designs.enumerated() {
            let verdicts = try Verifier(compiler: compiler, seed: UInt64(5 + i)).verifyBatch([d], work: "\(work)/\(i)")
            for v in verdicts { XCTAssertTrue(v.passed, "\(v)") }
        }
    }
}
