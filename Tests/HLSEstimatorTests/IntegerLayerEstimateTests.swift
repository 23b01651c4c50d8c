import XCTest
import HLSIR
import HLSLayers
@testable import HLSEstimator

/// What the integer layers cost against their float counterparts at the 110M shape (dim 768,
/// seq_len 1024, head size 64, group size 64) on F1 at 300 MHz, each under its default
/// schedule (GPT-2 124M's LayerNorm and GELU at C = 768). The figures are printed and recorded
/// in docs/performance.md.
final class IntegerLayerEstimateTests: XCTestCase {
    static let shape = LlamaShape(dim: 768, hidden: 2048, layers: 12, heads: 12, kvHeads: 12, vocab: 32000, seqLen: 1024)

    private func cost(_ kernels: [Kernel], _ schedule: Schedule, profile: MathProfile = .libm) throws -> (Resources, Int) {
        let d = try BoundDesign.bind(Design(top: kernels.last!.name, kernels: kernels, schedule: schedule, profile: profile))
        let e = Estimator.estimate(d, device: f1, clockMHz: 300)
        let top = try XCTUnwrap(e.function(kernels.last!.name))
        return (top.resources, top.latency.max)
    }

    func testIntegerLayersAgainstFloatLayers() throws {
        let s = Self.shape
        let gs = 64
        let c = Dyadic(multiplier: 1 << 19, shift: 30)
        var floatProduct = Schedule()
        floatProduct.lanes("mv.groups", 8)
        floatProduct.pipeline("mv.groups")
        floatProduct.unroll("mv.dot", factor: gs)
        let pairs: [(String, (Resources, Int), (Resources, Int))] = [
            ("rmsnorm", try cost([try RMSNorm.kernel(size: s.dim, profile: .exact)], RMSNorm.schedule(lanes: 1), profile: .exact),
             try cost([try IntegerRMSNorm.kernel(size: s.dim, gainScale: 1e-3, outputScale: 0.05)], IntegerRMSNorm.schedule())),
            ("softmax", try cost([try Softmax.kernel(maxSize: s.seqLen, profile: .exact)], Softmax.schedule(maxSize: s.seqLen, lanes: 1), profile: .exact),
             try cost([try IntegerSoftmax.kernel(maxSize: s.seqLen, inputScale: 0.01)], IntegerSoftmax.schedule(maxSize: s.seqLen))),
            ("rope", try cost([try RoPE.kernel(shape: s, profile: .exact)], Schedule(), profile: .exact),
             try cost([try IntegerRoPE.kernel(shape: s)], IntegerRoPE.schedule())),
            ("matvec_q8 768x768", try cost([try MatVecQ8.quantized("mv", n: s.dim, d: s.dim, groupSize: gs)], floatProduct),
             try cost([try IntegerMatVecQ8.kernel("mv", n: s.dim, d: s.dim, groupSize: gs, scale: c)], IntegerMatVecQ8.schedule("mv", groupSize: gs))),
            // GPT-2's (124M: C = 768, hidden 3072).
            ("layernorm", try cost([try LayerNorm.kernel(size: s.dim, profile: .exact)], LayerNorm.schedule(lanes: 1), profile: .exact),
             try cost([try IntegerLayerNorm.kernel(size: s.dim, gainScale: 1e-3, outputScale: 0.05)], IntegerLayerNorm.schedule())),
            ("gelu 3072", try cost([try GELU.kernel(size: 4 * s.dim, profile: .exact)], GELU.schedule(unroll: 1), profile: .exact),
             try cost([try IntegerGELU.kernel(size: 4 * s.dim)], IntegerGELU.schedule())),
        ]
        for (name, f, i) in pairs {
            print("integer vs float \(name): DSP \(i.0.dsp) vs \(f.0.dsp), LUT \(i.0.lut) vs \(f.0.lut), FF \(i.0.ff) vs \(f.0.ff), latency \(i.1) vs \(f.1) cycles")
        }
        // The integer product keeps the float accumulation's 8 lanes out: no fadd, no fmul.
        let mv = pairs[3]
        XCTAssertLessThan(mv.2.0.dsp, mv.1.0.dsp)
    }
}
