import HLSDriver
import HLSIR
import HLSInterpreter
import HLSLayers
import HLSModels
import XCTest

/// The Q4 matrix-vector layer: the interpreter against a direct Swift computation of the
/// format (known values), and against the compiled C simulation under several schedules
/// and both profiles, bit for bit.
final class Q4LayerDifferentialTests: XCTestCase {
    static let (n, d, gs) = (48, 20, 8)

    static func design(_ profile: MathProfile, _ extra: Schedule) throws -> Design {
        let kernels = try MatVecQ4.kernels(n: n, d: d, groupSize: gs, profile: profile)
        return Design(top: "matvec_q4", kernels: kernels,
                      schedule: MatVecQ4.schedule(groupSize: gs, lanes: 1).merged(with: extra), profile: profile)
    }

    static let variants: [(String, Schedule)] = {
        var odd = Schedule()
        odd.lanes("matvec_q4.groups", 5)
        odd.unroll("matvec_q4.dot", factor: 2)
        odd.partition("matvec_q4.xq", .cyclic, factor: 4)
        odd.lanes("matvec_q4_quantize.absmax", 3)
        var wide = Schedule()
        wide.lanes("matvec_q4.groups", 6)
        wide.unroll("matvec_q4.groups", factor: 2)
        wide.partition("matvec_q4.xq", .complete, dim: 1)
        wide.partition("matvec_q4.xs", .complete, dim: 1)
        return [("default", Schedule()), ("odd", odd), ("wide", wide)]
    }()

    /// Every nibble value, −8 included, unpacked and multiplied as the format says.
    func testInterpreterComputesTheQ4Product() throws {
        let (n, d, gs) = (Self.n, Self.d, Self.gs)
        var rng = SeededRandom(seed: 4)
        let x = (0..<n).map { _ in rng.nextSignedUnitFloat() * 2 }
        let bytes = (0..<(n * d / 2)).map { i in UInt8(truncatingIfNeeded: i &* 37 &+ 11) }
        let ws = (0..<(n * d / gs)).map { _ in rng.nextSignedUnitFloat() / 7 }
        let out = try Interpreter(try BoundDesign.bind(try Self.design(.libm, Schedule())))
            .run(["x": .float(x), "wq": .raw(bytes.map { Int64(Int8(bitPattern: $0)) }), "ws": .float(ws)])
        guard case .float(let got)? = out["xout"] else { return XCTFail("no float xout") }
        let xq = try Q8Quantizer.quantize(x, groupSize: gs)
        let w = Q4Tensor(packed: bytes, scales: ws, groupSize: gs)
        XCTAssertEqual(Set((0..<w.count).map { w.value($0) }).count, 16, "every nibble occurs")
        for r in 0..<d {
            var acc: Float = 0
            for g in 0..<(n / gs) {
                var dot: Int32 = 0
                for c in 0..<gs { dot &+= Int32(xq.values[g * gs + c]) &* Int32(w.value(r * n + g * gs + c)) }
                acc = acc + (Float(dot) * ws[r * (n / gs) + g]) * xq.scales[g]
            }
            XCTAssertEqual(got[r].bitPattern, acc.bitPattern, "row \(r)")
        }
    }

    func testInterpreterAndCSimulationAgreeLibm() throws { try check(.libm) }
    func testInterpreterAndCSimulationAgreeExact() throws { try check(.exact) }

    private func check(_ profile: MathProfile) throws {
        let compiler = try TestSupport.compiler()
        for (name, extra) in Self.variants {
            let design = try Self.design(profile, extra)
            XCTAssertEqual(ScheduleValidator.problems(in: design), [], name)
            let work = try TestSupport.temporaryDirectory(self, "\(profile)\(name)")
            for seed: UInt64 in [1, 2] {
                let verdicts = try Verifier(compiler: compiler, seed: seed).verifyBatch([try BoundDesign.bind(design)], work: work + "/\(seed)")
                XCTAssertEqual(verdicts.count, 1)
                for v in verdicts { XCTAssertTrue(v.passed, "\(profile) \(name) seed \(seed): \(v)") }
            }
        }
    }

    func testOddGroupSizeIsADesignError() {
        XCTAssertThrowsError(try MatVecQ4.kernels(n: 12, d: 2, groupSize: 3)) { e in
            XCTAssertTrue("\(e)".contains("must be even"), "\(e)")
        }
    }
}
