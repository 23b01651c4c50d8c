import XCTest
import HLSIR
@testable import HLSEstimator

/// Functions: calls, inlining, DATAFLOW, callee resources, branches.
final class DesignAnalysisTests: XCTestCase {
    /// `stage(name)`: copies 256 floats from `a` to `b` with a multiply (one pipelined loop).
    func stage(_ name: String) throws -> Kernel {
        let k = KernelBuilder(name)
        let a = k.input("a", .float32, count: 256)
        let b = k.output("b", .float32, count: 256)
        k.loop("body", 256) { i in b[i] = a[i] * 2.0 }
        return try k.build()
    }

    func pipeline(dataflow: Bool, inline: Bool = false) throws -> DesignEstimate {
        let s1 = try stage("s1"), s2 = try stage("s2")
        let k = KernelBuilder("top")
        let x = k.input("x", .float32, count: 256)
        let y = k.output("y", .float32, count: 256)
        let t = k.local("t", .float32, shape: [256])
        k.call(s1, [x.from(), t.from()])
        k.call(s2, [t.from(), y.from()])
        var s = Schedule()
        if dataflow { s.dataflow("top") }
        if inline { s.inline("s1", .on) }
        let d = try BoundDesign.bind(Design(top: "top", kernels: [s1, s2, try k.build()], schedule: s))
        return Estimator.estimate(d, device: u55c, clockMHz: 300)
    }

    func testCallsAddTheCalleeLatencyAndFunctionsAreListedTopFirst() throws {
        let e = try pipeline(dataflow: false)
        XCTAssertEqual(e.functions.map(\.name), ["top", "s1", "s2"])
        let s1 = try XCTUnwrap(e.function("s1")), s2 = try XCTUnwrap(e.function("s2"))
        XCTAssertEqual(e.latency.max, s1.latency.max + 1 + s2.latency.max + 1)
        XCTAssertEqual(e.function("top")?.calls, ["s1": 1, "s2": 1])
        XCTAssertEqual(e.function("top")?.interval.max, e.latency.max + 1)
        // s1 reads m_axi x (its IL holds the AXI read); s2 reads the on-chip t.
        XCTAssertGreaterThan(s1.loops[0].iterationLatency, 64)
        XCTAssertLessThan(s2.loops[0].iterationLatency, 10)
        let inlined = try pipeline(dataflow: false, inline: true)
        XCTAssertEqual(inlined.latency.max, e.latency.max - 1)
    }

    func testDataflowWithArrayChannelsSumsLatencyAndStartsEverySlowestStage() throws {
        let e = try pipeline(dataflow: true)
        let top = try XCTUnwrap(e.function("top"))
        XCTAssertTrue(top.dataflow)
        let s1 = try XCTUnwrap(e.function("s1")), s2 = try XCTUnwrap(e.function("s2"))
        XCTAssertEqual(top.latency.max, s1.latency.max + s2.latency.max + 2)
        XCTAssertEqual(top.interval.max, Swift.max(s1.latency.max, s2.latency.max) + 1 + 1)
        XCTAssertLessThan(top.interval.max, top.latency.max)
    }

    /// Two stages with no channel between them (each its own input and output) in a DATAFLOW
    /// region run side by side: the region takes the longer, not the sum; a third stage that
    /// reads both outputs starts after both.
    func testIndependentDataflowProcessesOverlapAndAConsumerWaitsForAllItsProducers() throws {
        func estimate(dataflow: Bool) throws -> DesignEstimate {
            let s1 = try stage("s1"), s2 = try stage("s2")
            let k = KernelBuilder("top")
            let x = k.input("x", .float32, count: 256)
            let z = k.input("z", .float32, count: 256)
            let y = k.output("y", .float32, count: 256)
            let t = k.local("t", .float32, shape: [256])
            let u = k.local("u", .float32, shape: [256])
            k.call(s1, [x.from(), t.from()])
            k.call(s2, [z.from(), u.from()])
            k.loop("join", 256) { i in y[i] = t[i] + u[i] }
            var schedule = Schedule()
            if dataflow { schedule.dataflow("top") }
            schedule.pipeline("top.join")
            schedule.interface("top.z", InterfaceDirectives(bundle: "gmem_z"))
            let d = try BoundDesign.bind(Design(top: "top", kernels: [s1, s2, try k.build()], schedule: schedule))
            return Estimator.estimate(d, device: u55c, clockMHz: 300)
        }
        let sequential = try estimate(dataflow: false), overlapped = try estimate(dataflow: true)
        let a = try XCTUnwrap(overlapped.function("s1")).latency.max + 1
        let b = try XCTUnwrap(overlapped.function("s2")).latency.max + 1
        XCTAssertEqual(a, b)
        // s1 and s2 overlap; the join waits for both.
        XCTAssertEqual(overlapped.latency.max, sequential.latency.max - b)
        XCTAssertGreaterThan(overlapped.latency.max, a)
    }

    /// A callee whose loop runs to a size parameter, called with constant sizes: each call
    /// costs its own trip count (not the LOOP_TRIPCOUNT average), and its hardware counts once.
    func testACallWithAConstantSizeCostsThatManyTrips() throws {
        let c = KernelBuilder("scale")
        let n = c.size("n", max: 1000)
        let a = c.input("a", .float32, count: 1000)
        let b = c.output("b", .float32, count: 1000)
        c.loop("body", n) { i in b[i] = a[i] * 2.0 }
        let callee = try c.build()
        func top(_ sizes: [Int]) throws -> DesignEstimate {
            let k = KernelBuilder("top")
            let x = k.input("x", .float32, count: 1000)
            let t = k.local("t", .float32, shape: [1000])
            let y = k.output("y", .float32, count: 1)
            for v in sizes { k.call(callee, [.index(.constant(v)), t.from(), t.from()]) }
            k.loop("out", 1) { i in y[i] = t[i] + x[i] }
            var s = Schedule()
            s.pipeline("scale.body")
            return Estimator.estimate(try BoundDesign.bind(Design(top: "top", kernels: [callee, try k.build()], schedule: s)),
                                      device: u55c, clockMHz: 300)
        }
        let small = try top([10]), large = try top([900]), both = try top([10, 900])
        XCTAssertEqual(large.latency.max - small.latency.max, 890)
        XCTAssertEqual(both.latency.max, small.latency.max + large.latency.max - (try top([])).latency.max)
        XCTAssertEqual(both.total, large.total)
    }

    func testACalleeCalledTwiceCountsOnceUnlessTheCallerIsADataflowRegion() throws {
        let s1 = try stage("s1")
        let k = KernelBuilder("top")
        let x = k.input("x", .float32, count: 256)
        let y = k.output("y", .float32, count: 256)
        let t = k.local("t", .float32, shape: [256])
        k.call(s1, [x.from(), t.from()])
        k.call(s1, [t.from(), y.from()])
        let one = Estimator.estimate(try BoundDesign.bind(Design(top: "top", kernels: [s1, try k.build()], schedule: Schedule())),
                                     device: u55c, clockMHz: 300)
        var s = Schedule()
        s.dataflow("top")
        let two = Estimator.estimate(try BoundDesign.bind(Design(top: "top", kernels: [s1, try k.build()], schedule: s)),
                                     device: u55c, clockMHz: 300)
        let stageDSP = try XCTUnwrap(one.function("s1")).resources.dsp
        XCTAssertEqual(stageDSP, 3)   // one fmul
        XCTAssertEqual(one.total.dsp, stageDSP)
        XCTAssertEqual(two.total.dsp, 2 * stageDSP)
        XCTAssertEqual(one.function("top")?.calls["s1"], 2)
        // Each call moves its own ports' bytes: x read by the first, y written by the second.
        XCTAssertEqual(one.bundles.first { $0.ports == ["x"] }?.bytesRead, 256 * 4)
        XCTAssertEqual(one.bundles.first { $0.ports == ["y"] }?.bytesWritten, 256 * 4)
        XCTAssertEqual(one.bundles.first { $0.ports == ["y"] }?.bytesRead, 0)

    }

    func testBranchHoldingLoopsCostsTheLongerSideAtWorst() throws {
        let k = KernelBuilder("br")
        let flag = k.size("flag", max: 1)
        let y = k.output("y", .float32, count: 512)
        let t = k.local("t", .float32, shape: [512])
        k.branch(Expr(node: .index(flag.index), type: .int32).eq(.int(0)), then: {
            k.loop("short", 16) { i in y[i] = t[i] }
        }, otherwise: {
            k.loop("long", 512) { i in y[i] = t[i] }
        })
        let e = Estimator.estimate(try bound(try k.build()), device: f1, clockMHz: 300)
        let short = try XCTUnwrap(loopEstimate(e, "br.short")), long = try XCTUnwrap(loopEstimate(e, "br.long"))
        XCTAssertGreaterThan(e.latency.max, long.latency.max)
        XCTAssertLessThan(e.latency.min, long.latency.min)
        XCTAssertGreaterThan(e.latency.min, short.latency.min)
    }
}

/// Sustainable bandwidth per bundle.
final class BundleModelTests: XCTestCase {
    func testEfficiencyOfBurstsPipelinedSinglesAndLoneAccesses() throws {
        let k = KernelBuilder("bw")
        let a = k.input("a", .float32, count: 1024)
        let b = k.input("b", .float32, count: 1024)
        let c = k.input("c", .float32, count: 1024)
        let y = k.output("y", .float32, count: 1024)
        let z = k.output("z", .float32, count: 1)
        k.loop("seq", 1024) { i in y[i] = a[i] }
        k.loop("pair", 512) { i in y[i] = b[2 * i] }
        z[0] = c[7]
        var s = Schedule()
        s.pipeline("bw.seq")
        s.pipeline("bw.pair")
        let e = Estimator.estimate(try bound(try k.build(), s), device: u55c, clockMHz: 250)
        func bundle(_ port: String) throws -> BundleEstimate { try XCTUnwrap(e.bundles.first { $0.ports == [port] }) }
        let burst = try bundle("a"), singles = try bundle("b"), lone = try bundle("c")
        XCTAssertTrue(burst.bursts)
        XCTAssertEqual(burst.bandwidth, 64 * 250e6 * 16 / 18, accuracy: 1)
        XCTAssertFalse(singles.bursts)
        XCTAssertEqual(singles.bandwidth, 4 * 250e6 * 16 / 74, accuracy: 1)
        XCTAssertEqual(lone.bandwidth, 4 * 250e6 / 74, accuracy: 1)
        XCTAssertEqual(lone.bytesRead, 4)
        XCTAssertEqual(try bundle("z").bytesWritten, 4)
    }

    func testABundleMixingBurstsAndSinglesGetsTheByteWeightedRate() throws {
        let k = KernelBuilder("mix")
        let a = k.input("a", .float32, count: 1024)
        let b = k.input("b", .float32, count: 2048)
        let y = k.output("y", .float32, count: 1024)
        k.loop("seq", 1024) { i in y[i] = a[i] }
        k.loop("pair", 1024) { i in y[i] = b[2 * i] }
        var s = Schedule()
        s.pipeline("mix.seq")
        s.pipeline("mix.pair")
        for p in ["a", "b"] { s.interface("mix.\(p)", InterfaceDirectives(bundle: "g")) }
        let e = Estimator.estimate(try bound(try k.build(), s), device: u55c, clockMHz: 250)
        let g = try XCTUnwrap(e.bundles.first { $0.name == "g" })
        XCTAssertFalse(g.bursts)
        XCTAssertEqual(g.bytesRead, 2 * 4096)
        // 4096 bytes at 64 × 16/18 bytes per cycle, 4096 at 4 × 16/74.
        let cycles = 4096 / (64 * 16.0 / 18) + 4096 / (4 * 16.0 / 74)
        XCTAssertEqual(g.bandwidth, 8192 / cycles * 250e6, accuracy: 1)
    }
}

/// Calls inside loops: latency per call and the callee's traffic per call.
final class CallsInLoopsTests: XCTestCase {
    func testCalleeTrafficScalesWithTheLoopAroundTheCall() throws {
        let leaf = KernelBuilder("leaf")
        let a = leaf.input("a", .float32, count: 16)
        let b = leaf.output("b", .float32, count: 16)
        leaf.loop("copy", 16) { i in b[i] = a[i] }
        let leafKernel = try leaf.build()
        let k = KernelBuilder("top")
        let x = k.input("x", .float32, count: 160)
        let t = k.local("t", .float32, shape: [16])
        k.loop("rep", 10) { r in k.call(leafKernel, [x.from(r * 16), t.from()]) }
        let e = Estimator.estimate(try BoundDesign.bind(Design(top: "top", kernels: [leafKernel, try k.build()], schedule: Schedule())),
                                   device: u55c, clockMHz: 300)
        XCTAssertEqual(e.bundles.first { $0.ports == ["x"] }?.bytesRead, 160 * 4)
        XCTAssertEqual(e.function("top")?.calls["leaf"], 10)
        let rep = try XCTUnwrap(loopEstimate(e, "top.rep"))
        XCTAssertFalse(rep.pipelined)   // a loop with a call is not pipelined automatically
        XCTAssertEqual(rep.latency.max, 10 * (e.function("leaf")!.latency.max + 1 + 1))
    }
}
