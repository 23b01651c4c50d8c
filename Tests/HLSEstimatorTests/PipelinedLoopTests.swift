import XCTest
import HLSIR
@testable import HLSEstimator

/// Iteration latency, II and the latency formula of pipelined and rolled loops.
final class PipelinedLoopTests: XCTestCase {
    /// `sum(x)` over 1024 floats read from a local array, with the given lanes / unroll.
    func floatSum(lanes: Int, unroll: Int = 1) throws -> DesignEstimate {
        let k = KernelBuilder("fsum")
        let o = k.output("o", .float32, count: 1)
        let x = k.local("x", .float32, shape: [1024])
        let s = k.reduce("acc", .add, .float32, 1024) { i in x[i] }
        o[0] = s
        var sch = Schedule()
        sch.pipeline("fsum.acc")
        sch.lanes("fsum.acc", lanes)
        if unroll > 1 {
            sch.unroll("fsum.acc", factor: unroll)
            sch.partition("fsum.x", .cyclic, factor: unroll)
        }
        return Estimator.estimate(try bound(try k.build(), sch), device: u55c, clockMHz: 300)
    }

    func testFloatAccumulationIsLimitedByTheAdderUnlessLanesCoverIt() throws {
        let fadd = OperatorTable(family: .ultraScalePlus, clockMHz: 300).cost(.fadd).latency
        XCTAssertEqual(fadd, 4)
        let one = try XCTUnwrap(loopEstimate(try floatSum(lanes: 1), "fsum.acc"))
        XCTAssertEqual(one.ii, fadd)
        XCTAssertEqual(one.iiTarget, 1)
        guard case .recurrence(let v, let chain, let cycles) = one.limit else { return XCTFail("limit \(one.limit)") }
        XCTAssertEqual(v, "acc")
        XCTAssertEqual(chain, ["fadd"])
        XCTAssertEqual(cycles, fadd)

        let eight = try XCTUnwrap(loopEstimate(try floatSum(lanes: 8), "fsum.acc"))
        XCTAssertEqual(eight.ii, 1)
        XCTAssertEqual(eight.limit, .none)

        // Unrolled by 8 over 8 lanes: every lane takes an add every iteration again.
        let unrolled = try XCTUnwrap(loopEstimate(try floatSum(lanes: 8, unroll: 8), "fsum.acc"))
        XCTAssertEqual(unrolled.trips.max, 128)
        XCTAssertEqual(unrolled.ii, fadd)
        // 16 lanes over an unroll of 4: each lane comes back every 4 iterations.
        let wide = try XCTUnwrap(loopEstimate(try floatSum(lanes: 16, unroll: 4), "fsum.acc"))
        XCTAssertEqual(wide.ii, 1)
    }

    func testAMutableVariableCarriedAcrossIterationsIsARecurrence() throws {
        let k = KernelBuilder("carry")
        let o = k.output("o", .float32, count: 1)
        let x = k.local("x", .float32, shape: [512])
        let acc = k.variable("acc", .f32(0))
        k.loop("walk", 512) { i in acc.set(acc.value * 0.5 + x[i]) }
        o[0] = acc.value
        var s = Schedule()
        s.pipeline("carry.walk")
        let l = try XCTUnwrap(loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: u55c, clockMHz: 300), "carry.walk"))
        // fmul (4) then fadd (4) on the carried value.
        XCTAssertEqual(l.ii, 8)
        guard case .recurrence(let v, let chain, let cycles) = l.limit else { return XCTFail("\(l.limit)") }
        XCTAssertEqual(v, "acc")
        XCTAssertEqual(Set(chain), ["fadd", "fmul"])
        XCTAssertEqual(cycles, 8)
    }

    func testIntegerAccumulationReachesIIOne() throws {
        let k = KernelBuilder("isum")
        let o = k.output("o", .int32, count: 1)
        let a = k.local("a", .int8, shape: [256])
        let b = k.local("b", .int8, shape: [256])
        o[0] = k.reduce("dot", .add, .int32, 256) { i in a[i].cast(.int32) * b[i].cast(.int32) }
        var s = Schedule()
        s.pipeline("isum.dot")
        let l = try XCTUnwrap(loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: 300), "isum.dot"))
        XCTAssertEqual(l.ii, 1)
        XCTAssertEqual(l.limit, .none)
    }

    func testPipelinedLatencyIsFillPlusIIPerTripAndFunctionAddsEntryAndExit() throws {
        let k = KernelBuilder("scale")
        let y = k.output("y", .float32, count: 1000)
        let x = k.input("x", .float32, count: 1000)
        let t = k.local("t", .float32, shape: [1000])
        k.loop("copy", 1000) { i in t[i] = x[i] }
        k.loop("mul", 1000) { i in y[i] = t[i] * 3.0 }
        var s = Schedule()
        s.pipeline("scale.copy")
        s.pipeline("scale.mul", ii: 3)
        let e = Estimator.estimate(try bound(try k.build(), s), device: u55c, clockMHz: 300)
        let mul = try XCTUnwrap(loopEstimate(e, "scale.mul"))
        XCTAssertEqual(mul.ii, 3)
        // load (1) + fmul (4 at 300 MHz) + store: 6 states.
        XCTAssertEqual(mul.iterationLatency, 1 + 4 + 1)
        XCTAssertEqual(mul.latency.max, (1000 - 1) * 3 + mul.iterationLatency - 1)
        let copy = try XCTUnwrap(loopEstimate(e, "scale.copy"))
        XCTAssertEqual(copy.ii, 1)
        XCTAssertEqual(copy.latency.max, 999 + copy.iterationLatency - 1)
        // Each pipelined loop costs 2 cycles to enter and leave; `mul` writes m_axi, so the
        // function also waits for the write responses (m_axi_latency + 7).
        XCTAssertEqual(e.latency.max, copy.latency.max + 2 + mul.latency.max + 2 + 64 + 7)
    }

    func testRolledLoopTakesBodyPlusOnePerTrip() throws {
        let k = KernelBuilder("rolled")
        let y = k.output("y", .float32, count: 10)
        let t = k.local("t", .float32, shape: [10])
        k.loop("body", 10) { i in y[i] = t[i] + 1.0 }
        var s = Schedule()
        s.pipelineOff("rolled.body")
        let e = Estimator.estimate(try bound(try k.build(), s), device: u55c, clockMHz: 300)
        let l = try XCTUnwrap(loopEstimate(e, "rolled.body"))
        XCTAssertFalse(l.pipelined)
        XCTAssertEqual(l.limit, .notPipelined)
        XCTAssertNil(l.ii)
        // Per trip: load (1) + fadd (4), the m_axi write's response (64 + 7), then the exit
        // test, which the store's state overlaps.
        XCTAssertEqual(l.latency.max, 10 * (1 + 4 + 71 + 1))
    }

    func testInnerLoopWithoutPragmaIsPipelinedAndFlattenedWithItsOuterLoop() throws {
        let k = KernelBuilder("nest")
        let t = k.local("t", .int32, shape: [64, 32])
        let u = k.local("u", .int32, shape: [64, 32])
        k.loop("rows", 64) { r in
            k.loop("cols", 32) { c in u[r, c] = t[r, c] + 1 }
        }
        let e = Estimator.estimate(try bound(try k.build()), device: f1, clockMHz: 300)
        let l = try XCTUnwrap(loopEstimate(e, "nest.rows_cols"))
        XCTAssertTrue(l.pipelined)
        XCTAssertEqual(l.trips.max, 64 * 32)
        XCTAssertEqual(l.ii, 1)

        var off = Schedule()
        off.flatten("nest.cols", false)
        let e2 = Estimator.estimate(try bound(try k.build(), off), device: f1, clockMHz: 300)
        let rows = try XCTUnwrap(loopEstimate(e2, "nest.rows"))
        XCTAssertFalse(rows.pipelined)
        XCTAssertEqual(rows.children.map(\.name), ["nest.cols"])
    }

    func testRuntimeTripCountsGiveLatencyRanges() throws {
        let k = KernelBuilder("vary")
        let n = k.size("n", max: 100)
        let y = k.output("y", .float32, count: 100)
        let t = k.local("t", .float32, shape: [100])
        k.loop("copy", n) { i in y[i] = t[i] }
        var s = Schedule()
        s.pipeline("vary.copy")
        s.tripCount("vary.copy", min: 10, max: 100, avg: 50)
        let l = try XCTUnwrap(loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: 250), "vary.copy"))
        XCTAssertEqual(l.trips, CycleRange(min: 10, avg: 50, max: 100))
        XCTAssertEqual(l.latency.max - l.latency.min, 90)
        XCTAssertEqual(l.latency.avg - l.latency.min, 40)
    }
}
