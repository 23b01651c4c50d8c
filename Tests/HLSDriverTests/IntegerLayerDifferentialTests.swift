import HLSDriver
import HLSEmitter
import HLSIR
import HLSLayers
import XCTest

/// The integer profile's layers: interpreter and compiled C simulation agree on every output
/// word under several schedules (random inputs over the full range of every integer type),
/// and the emitted kernels hold no float arithmetic.
final class IntegerLayerDifferentialTests: XCTestCase {
    static func designs(_ extra: Schedule) throws -> [Design] {
        let n = 40
        let layers: [(Kernel, Schedule)] = [
            (try IntegerSoftmax.kernel(maxSize: n, inputScale: 1.0 / 64), IntegerSoftmax.schedule(maxSize: n)),
            (try IntegerSiLU.kernel(size: 24), IntegerSiLU.schedule()),
            (try IntegerRMSNorm.kernel(size: 48, gainScale: 1.0 / 4096, outputScale: 1.0 / 32), IntegerRMSNorm.schedule(lanes: 4)),
            (try IntegerRequantize.kernel(size: n, scale: 0.0123), IntegerRequantize.schedule()),
            (try IntegerMatVecQ8.kernel(n: 48, d: 10, groupSize: 8, scale: Dyadic(multiplier: 700_001, shift: 25)), IntegerMatVecQ8.schedule(groupSize: 8)),
            (try IntegerRoPE.kernel(shape: LlamaShape(dim: 16, hidden: 32, layers: 1, heads: 2, kvHeads: 1, vocab: 8, seqLen: 12)), IntegerRoPE.schedule()),
            // The GPT-2 integer layers: GELU, LayerNorm, the product with a bias and a run-time
            // multiplier, attention with as many key/value heads as query heads.
            (try IntegerGELU.kernel(size: 24), IntegerGELU.schedule()),
            (try IntegerLayerNorm.kernel(size: 48, gainScale: 1.0 / 4096, outputScale: 1.0 / 32), IntegerLayerNorm.schedule(lanes: 4)),
            (try IntegerMatVecQ8.scaled("int_matvec_bias", n: 48, d: 10, groupSize: 8, shift: 21, bias: true),
             IntegerMatVecQ8.schedule("int_matvec_bias", groupSize: 8)),
            (try IntegerAttention.kernel("int_attention", dim: 16, heads: 2, kvHeads: 2, seqLen: 6, shift: 24), Schedule()),
        ]
        return layers.map { k, s in Design(top: k.name, kernels: [k], schedule: s.merged(with: Self.only(extra, k.name))) }
    }

    /// The directives of `s` addressed to kernel `name`.
    static func only(_ s: Schedule, _ name: String) -> Schedule {
        var out = Schedule()
        out.loops = s.loops.filter { $0.key.hasPrefix(name + ".") }
        return out
    }

    static let variants: [(String, Schedule)] = {
        var odd = Schedule()
        odd.lanes("int_softmax.exp_sum", 3)
        odd.lanes("int_softmax.find_max", 5)
        odd.lanes("int_rmsnorm.sum_sq", 7)
        odd.unroll("int_rmsnorm.normalize", factor: 3)
        odd.unroll("int_silu.act", factor: 2)
        odd.lanes("int_matvec_q8.groups", 5)
        odd.lanes("int_matvec_q8.dot", 3)
        odd.unroll("int_rope.rotate_q", factor: 2)
        odd.unroll("int_gelu.act", factor: 3)
        odd.lanes("int_layernorm.sum", 3)
        odd.lanes("int_layernorm.sum_sq", 5)
        odd.lanes("int_matvec_bias.groups", 5)
        odd.lanes("int_attention.qk", 3)
        var wide = Schedule()
        wide.lanes("int_softmax.exp_sum", 16)
        wide.unroll("int_softmax.inv_steps", factor: 34)
        wide.lanes("int_rmsnorm.sum_sq", 16)
        wide.unroll("int_rmsnorm.sum_sq", factor: 16)
        wide.unroll("int_requantize.requant", factor: 8)
        wide.lanes("int_matvec_q8.groups", 6)
        wide.unroll("int_matvec_q8.rows", factor: 2)
        wide.lanes("int_layernorm.sum", 16)
        wide.unroll("int_layernorm.normalize", factor: 4)
        wide.unroll("int_gelu.act", factor: 8)
        wide.lanes("int_matvec_bias.groups", 6)
        wide.unroll("int_matvec_bias.rows", factor: 2)
        return [("default", Schedule()), ("odd", odd), ("wide", wide)]
    }()

    func testInterpreterAndCSimulationAgree() throws {
        let compiler = try TestSupport.compiler()
        for (name, extra) in Self.variants {
            let designs = try Self.designs(extra)
            for d in designs { XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(name) \(d.top)") }
            let work = try TestSupport.temporaryDirectory(self, name)
            for seed: UInt64 in [1, 2] {
                let verdicts = try Verifier(compiler: compiler, seed: seed).verifyBatch(try designs.map { try BoundDesign.bind($0) }, work: work + "/\(seed)")
                XCTAssertEqual(verdicts.count, designs.count)
                for v in verdicts { XCTAssertTrue(v.passed, "\(name) seed \(seed): \(v)") }
            }
        }
    }
}
