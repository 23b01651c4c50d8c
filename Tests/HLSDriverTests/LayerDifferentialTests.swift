import HLSDriver
import HLSIR
import HLSLayers
import XCTest

/// Every layer under several schedules and both numerics profiles: interpreter and compiled
/// C simulation must agree on every output word.
final class LayerDifferentialTests: XCTestCase {
    /// Small dimensions keep the compiles quick while exercising every loop.
    static func parameters(_ profile: MathProfile) -> DesignParameters {
        var p = DesignParameters()
        (p.dim, p.hidden, p.groupSize, p.maxSequence, p.lanes, p.profile) = (48, 40, 8, 40, 8, profile)
        return p
    }

    /// Schedules that change unroll factors and lane counts of every reduction.
    static let variants: [(String, Schedule)] = {
        var reference = Schedule()
        for r in ["rmsnorm.sum_sq", "softmax.find_max", "softmax.exp_sum", "matvec.dot", "matvec_q8.groups",
                  "matvec_q8.dot", "matvec_q8_quantize.absmax", "swiglu_ffn_up.dot", "swiglu_ffn_down.dot"] {
            reference.lanes(r, 1)
        }
        var odd = Schedule()
        odd.lanes("rmsnorm.sum_sq", 3)
        odd.unroll("rmsnorm.sum_sq", factor: 3)
        odd.lanes("softmax.exp_sum", 5)
        odd.lanes("softmax.find_max", 3)
        odd.lanes("matvec.dot", 6)
        odd.unroll("matvec.dot", factor: 2)
        odd.lanes("matvec_q8.groups", 3)
        odd.unroll("matvec_q8.dot", factor: 2)
        odd.partition("matvec_q8.xq", .cyclic, factor: 2)
        odd.lanes("matvec_q8_quantize.absmax", 4)
        odd.lanes("swiglu_ffn_up.dot", 2)
        odd.lanes("swiglu_ffn_down.dot", 5)
        odd.unroll("swiglu_ffn_up.dot", factor: 4)
        odd.unroll("residual.add", factor: 3)
        var wide = Schedule()
        wide.lanes("rmsnorm.sum_sq", 16)
        wide.unroll("rmsnorm.sum_sq", factor: 16)
        wide.lanes("softmax.exp_sum", 16)
        wide.lanes("matvec.dot", 16)
        wide.unroll("matvec.dot", factor: 8)
        wide.lanes("matvec_q8.groups", 2)
        wide.unroll("matvec_q8.dot", factor: 8)
        wide.partition("matvec_q8.xq", .complete, dim: 1)
        wide.lanes("swiglu_ffn_up.dot", 8)
        wide.lanes("swiglu_ffn_down.dot", 8)
        wide.unroll("residual.add", factor: 16)
        return [("reference", reference), ("odd", odd), ("wide", wide)]
    }()

    func testEveryLayerUnderEveryScheduleLibm() throws { try check(.libm) }
    func testEveryLayerUnderEveryScheduleExact() throws { try check(.exact) }

    private func check(_ profile: MathProfile) throws {
        let compiler = try TestSupport.compiler()
        let base = try DesignCatalog.designs(Self.parameters(profile))
        for (name, overrides) in Self.variants {
            let designs = base.map { d -> Design in
                var d = d
                d.schedule = d.schedule.merged(with: overrides)
                return d
            }
            for d in designs { XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(name) \(d.top)") }
            let work = try TestSupport.temporaryDirectory(self, "\(profile)\(name)")
            for seed: UInt64 in [1, 2] {
                let verdicts = try Verifier(compiler: compiler, seed: seed).verifyBatch(try (designs).map { try BoundDesign.bind($0) }, work: work + "/\(seed)")
                XCTAssertEqual(verdicts.count, designs.count)
                for v in verdicts { XCTAssertTrue(v.passed, "\(profile) \(name) seed \(seed): \(v)") }
            }
        }
    }
}
