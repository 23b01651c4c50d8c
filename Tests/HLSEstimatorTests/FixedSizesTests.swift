import XCTest
import HLSIR
@testable import HLSEstimator

/// Estimating a top with some sizes fixed (one stage of a kernel that branches on its stage):
/// branches those sizes decide count only the branch taken; loops bounded by them get exact
/// trip counts.
final class FixedSizesTests: XCTestCase {
    func design() throws -> BoundDesign {
        let k = KernelBuilder("staged")
        let stage = k.size("stage", max: 1)
        let n = k.size("n", max: 1000)
        let o = k.output("o", .float32, count: 1000)
        let x = k.input("x", .float32, count: 1000)
        k.branch(stage.index.value().eq(0), then: {
            k.loop("short", 10) { i in o[i] = x[i] * 2.0 }
        }, otherwise: {
            k.loop("long", n) { i in o[i] = x[i] + 1.0 }
        })
        var s = Schedule()
        s.pipeline("staged.short")
        s.pipeline("staged.long")
        return try bound(try k.build(), s)
    }

    func testTheFixedStageCountsOnlyItsBranch() throws {
        let d = try design()
        let short = Estimator.estimate(d, device: u55c, clockMHz: 300, sizes: ["stage": 0])
        let long = Estimator.estimate(d, device: u55c, clockMHz: 300, sizes: ["stage": 1, "n": 500])
        let both = Estimator.estimate(d, device: u55c, clockMHz: 300)
        XCTAssertLessThan(short.latency.avg, 200)
        XCTAssertGreaterThan(long.latency.avg, 500)
        XCTAssertLessThan(long.latency.avg, 700)
        // Undecided, a branch costs the average of its sides.
        XCTAssertGreaterThan(both.latency.avg, short.latency.avg)
    }

    func testDecide() {
        let stage = Expr(node: .index(.param("stage")), type: .int32)
        XCTAssertEqual(KernelAnalyzer.decide(stage.eq(3), sizes: ["stage": 3]), true)
        XCTAssertEqual(KernelAnalyzer.decide(stage.eq(3), sizes: ["stage": 2]), false)
        XCTAssertEqual(KernelAnalyzer.decide(stage > .constant(0, .int32), sizes: ["stage": 1]), true)
        XCTAssertNil(KernelAnalyzer.decide(stage.eq(3), sizes: ["layer": 2]))
        XCTAssertNil(KernelAnalyzer.decide(stage.eq(3), sizes: [:]))
    }
}
