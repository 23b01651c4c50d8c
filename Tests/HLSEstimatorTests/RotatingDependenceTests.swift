import XCTest
import HLSIR
@testable import HLSEstimator

/// Loop-carried dependences through on-chip arrays: rotating partial sums written out
/// (`acc[i % K] = acc[i % K] + term`, as a block product keeps them) recur every K / unroll
/// iterations, and their chain runs from the load the add consumes, not from its ASAP issue.
final class RotatingDependenceTests: XCTestCase {
    /// `acc[i % lanes] += x[i] · y[i] · s` over 768 terms, pipelined, unrolled by `unroll`.
    func rotating(lanes: Int, unroll: Int = 1) throws -> LoopEstimate? {
        let k = KernelBuilder("rot")
        let o = k.output("o", .float32, count: 1)
        let x = k.local("x", .float32, shape: [768])
        let y = k.local("y", .float32, shape: [768])
        let acc = k.local("acc", .float32, shape: [lanes])
        k.loop("terms", 768, index: "i") { i in
            let lane: Index = i % lanes
            acc[lane] = acc[lane] + (x[i] * y[i]) * 0.5
        }
        o[0] = acc[0]
        var sch = Schedule()
        sch.pipeline("rot.terms")
        sch.partition("rot.acc", .complete)
        if unroll > 1 {
            sch.unroll("rot.terms", factor: unroll)
            for a in ["x", "y"] { sch.partition("rot.\(a)", .cyclic, factor: unroll) }
        }
        return loopEstimate(Estimator.estimate(try bound(try k.build(), sch), device: u55c, clockMHz: 300), "rot.terms")
    }

    func testRotatingPartialsRecurEveryLanesIterations() throws {
        // 8 lanes: each partial comes back after 8 iterations, past the load-fadd-store chain.
        XCTAssertEqual(try XCTUnwrap(try rotating(lanes: 8)).ii, 1)
        // 2 lanes: back every other iteration; the chain (load, fadd, store) needs more.
        let two = try XCTUnwrap(try rotating(lanes: 2))
        XCTAssertGreaterThan(two.ii ?? 0, 1)
        XCTAssertLessThanOrEqual(two.ii ?? 0, 4, "the chain starts at the load the add needs, not at the iteration's start")
        // 8 lanes unrolled by 4: a partial every other pipelined iteration.
        XCTAssertGreaterThan(try XCTUnwrap(try rotating(lanes: 8, unroll: 4)).ii ?? 0, 1)
    }

    func testRotationPeriod() {
        XCTAssertEqual(MemoryDependence.rotation([.mod(.loopVar("i"), 8)], loopVariable: "i"), 8)
        XCTAssertEqual(MemoryDependence.rotation([.mod(.mul(.loopVar("i"), 2), 8)], loopVariable: "i"), 4)
        XCTAssertEqual(MemoryDependence.rotation([.loopVar("t"), .mod(.loopVar("i"), 6)], loopVariable: "i"), 6)
        XCTAssertNil(MemoryDependence.rotation([.loopVar("i"), .mod(.loopVar("i"), 6)], loopVariable: "i"))
        XCTAssertNil(MemoryDependence.rotation([.constant(0)], loopVariable: "i"))
    }
}
