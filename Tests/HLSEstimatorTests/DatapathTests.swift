import XCTest
import HLSIR
@testable import HLSEstimator

/// The schedule of one iteration: operator latencies, chaining, unrolled reductions, load
/// reuse and store forwarding.
final class DatapathTests: XCTestCase {
    let v80 = Device.forPart("xcv80-lsva4737-2MHP-e-S")!

    func testLoadDivideStoreOnVersalIsThirteenStatesAsSoftmaxReports() throws {
        let k = KernelBuilder("norm")
        let y = k.output("y", .float32, count: 768)
        let t = k.local("t", .float32, shape: [768])
        let s = k.scalar("s", .float32)
        k.loop("normalize", 768) { i in y[i] = t[i] / s }
        var sch = Schedule()
        sch.pipeline("norm.normalize")
        sch.interface("norm.y", InterfaceDirectives(mode: .ap_memory))
        let l = try XCTUnwrap(loopEstimate(Estimator.estimate(try bound(try k.build(), sch), device: v80, clockMHz: 250), "norm.normalize"))
        XCTAssertEqual(l.iterationLatency, 1 + 11 + 1)
        XCTAssertEqual(l.latency.max, 779)   // softmax's normalize: 779
    }

    /// tanhf is priced as hls_math computes it: e^2x, + 1, a divide, a subtract, in a chain.
    func testTanhIsAnExpAnAddADivideAndASubtractInAChain() throws {
        let k = KernelBuilder("th")
        let y = k.output("y", .float32, count: 768)
        let t = k.local("t", .float32, shape: [768])
        k.loop("act", 768) { i in y[i] = tanh(t[i]) }
        var sch = Schedule()
        sch.pipeline("th.act")
        sch.interface("th.y", InterfaceDirectives(mode: .ap_memory))
        let e = Estimator.estimate(try bound(try k.build(), sch), device: v80, clockMHz: 250)
        let l = try XCTUnwrap(loopEstimate(e, "th.act"))
        XCTAssertEqual(l.iterationLatency, 1 + 9 + 1 + 11 + 1 + 1)   // load, fexp, fadd, fdiv, fsub, store
        XCTAssertEqual(e.total.dsp, 1 + 1 + 1)                          // fexp and the two primitive_dsp adds
    }

    func integerSum(clock: Double) throws -> LoopEstimate? {
        let k = KernelBuilder("isum")
        let y = k.output("y", .int32, count: 64)
        let a = k.local("a", .int32, shape: [64])
        let b = k.local("b", .int32, shape: [64])
        let c = k.local("c", .int32, shape: [64])
        let d = k.local("d", .int32, shape: [64])
        k.loop("add", 64) { i in y[i] = a[i] + b[i] + c[i] + d[i] }
        var s = Schedule()
        s.pipeline("isum.add")
        s.interface("isum.y", InterfaceDirectives(mode: .ap_memory))
        return loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: clock), "isum.add")
    }

    func testIntegerAddsChainWithinACycleUntilThePeriodIsFull() throws {
        let slow = try XCTUnwrap(try integerSum(clock: 100))
        XCTAssertEqual(slow.iterationLatency, 2)   // load, then three adds and the store in one state
        let fast = try XCTUnwrap(try integerSum(clock: 600))
        XCTAssertGreaterThan(fast.iterationLatency, slow.iterationLatency)
    }

    func testARepeatedLoadIsOneAccessAndAStoredValueIsForwarded() throws {
        let k = KernelBuilder("reuse")
        let y = k.output("y", .float32, count: 256)
        let x = k.local("x", .float32, shape: [256])
        let t = k.local("t", .float32, shape: [256])
        k.loop("sq", 256) { i in
            t[i] = x[i] * x[i]
            y[i] = t[i] + 1.0
        }
        var s = Schedule()
        s.pipeline("reuse.sq")
        s.bindStorage("reuse.x", .ram_1p, impl: .bram)
        s.bindStorage("reuse.t", .ram_1p, impl: .bram)
        s.interface("reuse.y", InterfaceDirectives(mode: .ap_memory))
        let l = try XCTUnwrap(loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: 300), "reuse.sq"))
        XCTAssertEqual(l.ii, 1)
        XCTAssertEqual(l.limit, .none)
    }

    func rowSums(lanes: Int, type: ScalarType) throws -> LoopEstimate? {
        let k = KernelBuilder("rs")
        let y = k.output("y", type, count: 32)
        let a = k.local("a", type, shape: [32, 8])
        k.loop("rows", 32) { r in
            y[r] = k.reduce("s", .add, type, 8) { c in a[r, c] }
        }
        var s = Schedule()
        s.pipeline("rs.rows")
        s.lanes("rs.s", lanes)
        s.partition("rs.a", .complete, dim: 2)
        s.interface("rs.y", InterfaceDirectives(mode: .ap_memory))
        return loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: 300), "rs.rows")
    }

    func testUnrolledReductionChainsThroughEachLaneThenCombines() throws {
        let fadd = 4
        let serial = try XCTUnwrap(try rowSums(lanes: 1, type: .float32))
        let four = try XCTUnwrap(try rowSums(lanes: 4, type: .float32))
        // 8 adds in a row against 2 per lane and a 3-add combine: 3 fadds shorter.
        XCTAssertEqual(serial.iterationLatency - four.iterationLatency, 3 * fadd)
        XCTAssertEqual(serial.ii, 1)
        // Integer adds form a tree of depth ⌈log2 9⌉ = 4 and chain combinationally.
        let ints = try XCTUnwrap(try rowSums(lanes: 1, type: .int32))
        XCTAssertLessThan(ints.iterationLatency, four.iterationLatency)
        XCTAssertLessThanOrEqual(ints.iterationLatency, 1 + 4 + 1)
    }

    func testRecurrenceTailRule() {
        XCTAssertEqual(IIAnalysis.cycles(4.0), 4)
        XCTAssertEqual(IIAnalysis.cycles(2.05), 2)
        XCTAssertEqual(IIAnalysis.cycles(2.7), 3)
        XCTAssertEqual(IIAnalysis.cycles(0.1), 1)
    }

    func testSaturatingArithmeticNeverTraps() {
        XCTAssertEqual(Saturating.mul(Int.max, 3), Saturating.limit)
        XCTAssertEqual(Saturating.add(Saturating.limit, Saturating.limit), Saturating.limit)
        XCTAssertEqual(Saturating.int(1e300), Saturating.limit)
        XCTAssertEqual(Saturating.int(.nan), 0)
        XCTAssertEqual(Saturating.int(2.5, .down), 2)
    }

    func testHugeTripCountsEstimateWithoutTrapping() throws {
        let k = KernelBuilder("huge")
        let y = k.inputOutput("y", .float32, count: 1 << 20)
        k.loop("a", 1 << 20) { i in
            k.loop("b", 1 << 20, index: "j") { _ in y[i] = y[i] + 1.0 }
        }
        var s = Schedule()
        s.pipelineOff("huge.b")
        let e = Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: 300)
        XCTAssertGreaterThan(e.latency.max, 1 << 40)
    }
}
