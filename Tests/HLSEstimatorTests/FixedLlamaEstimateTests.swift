import XCTest
import HLSIR
import HLSLayers
@testable import HLSEstimator

/// What the estimator makes of the `fixed` profile (`FixedLlamaForward`): its conversions cost
/// LUTs that grow with the width, its hold loops run pipelined at II 1 under the hardware
/// schedule, and a 16-bit KV cache moves half the cache bytes of the float design.
final class FixedLlamaEstimateTests: XCTestCase {
    static let shape = LlamaShape(dim: 64, hidden: 172, layers: 2, heads: 8, kvHeads: 4, vocab: 512, seqLen: 256)

    private func estimate(_ d: Design) throws -> (DesignEstimate, ThroughputEstimate) {
        let e = Estimator.estimate(try BoundDesign.bind(d), device: .u280, clockMHz: 300)
        return (e, Estimator.throughput(e, device: .u280))
    }

    private func formats(_ w: Int, _ i: Int) -> FixedActivations {
        FixedActivations(Dictionary(uniqueKeysWithValues: FixedActivations.Class.allCases.map { ($0, FixedActivations.Format(w, i)) }))
    }

    func testConversionsCostLogicAndTheNarrowCacheSavesBytes() throws {
        let s = Self.shape
        let float = try estimate(try LlamaForward.design(s, weights: .q8(groupSize: 4), profile: .libm, schedule: .reference))
        let fixed12 = try estimate(try FixedLlamaForward.design(s, weights: .q8(groupSize: 4), profile: .libm, activations: formats(12, 5)))
        let fixed16 = try estimate(try FixedLlamaForward.design(s, weights: .q8(groupSize: 4), profile: .libm, activations: formats(16, 6)))
        let fixed32 = try estimate(try FixedLlamaForward.design(s, weights: .q8(groupSize: 4), profile: .libm, activations: formats(32, 12)))
        XCTAssertGreaterThan(fixed16.0.total.lut, float.0.total.lut)
        XCTAssertGreaterThan(fixed16.0.total.lut, fixed12.0.total.lut)
        XCTAssertGreaterThan(fixed32.0.total.lut, fixed16.0.total.lut)
        // Cache bytes: the keys and values of positions 0 ... pos read, this position's written.
        func cacheBytes(_ e: DesignEstimate) -> Int {
            e.bundles.filter { $0.ports.contains { $0.hasSuffix("_cache") } }.reduce(0) { $0 + $1.bytesRead + $1.bytesWritten }
        }
        XCTAssertEqual(cacheBytes(fixed16.0) * 2, cacheBytes(float.0))
        XCTAssertEqual(cacheBytes(fixed32.0), cacheBytes(float.0))
        XCTAssertLessThan(fixed16.1.bytesPerToken, float.1.bytesPerToken)
    }

    func testHoldLoopsArePipelinedUnderTheHardwareSchedule() throws {
        let d = try FixedLlamaForward.design(Self.shape, weights: .float, profile: .libm, activations: FixedActivations(), schedule: .hardware)
        let top = try XCTUnwrap(try estimate(d).0.function(LlamaForward.top))
        func all(_ l: [LoopEstimate]) -> [LoopEstimate] { l.flatMap { [$0] + all($0.children) } }
        let holds = all(top.loops).filter { $0.name.hasSuffix("_hold") || $0.name.hasSuffix("_in") }
        XCTAssertEqual(holds.count, 10, "\(holds.map(\.name))")
        for l in holds { XCTAssertEqual(l.ii, 1, l.name) }
    }
}
