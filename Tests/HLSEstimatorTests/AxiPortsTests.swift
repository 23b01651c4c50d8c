import XCTest
import HLSIR
import HLSLayers
@testable import HLSEstimator

/// Bursts, widening and channel limits of m_axi bundles.
final class AxiPortsTests: XCTestCase {
    func vadd(sameBundle: Bool, stride: Int = 1) throws -> DesignEstimate {
        let k = KernelBuilder("vadd")
        let a = k.input("a", .float32, count: 2048 * stride)
        let b = k.input("b", .float32, count: 2048 * stride)
        let o = k.output("o", .float32, count: 2048)
        k.loop("add", 2048) { i in o[i] = a[i * stride] + b[i * stride] }
        var s = Schedule()
        s.pipeline("vadd.add")
        if sameBundle { for p in ["a", "b"] { s.interface("vadd.\(p)", InterfaceDirectives(bundle: "gmem")) } }
        return Estimator.estimate(try bound(try k.build(), s), device: u55c, clockMHz: 300)
    }

    func testSequentialReadsOnTheirOwnBundlesBurstAndWiden() throws {
        let e = try vadd(sameBundle: false)
        XCTAssertEqual(e.bundles.map(\.name), ["gmem0", "gmem1", "gmem2"])
        let a = try XCTUnwrap(e.bundles.first { $0.ports == ["a"] })
        XCTAssertTrue(a.bursts)
        XCTAssertEqual(a.beatBits, 512)
        XCTAssertEqual(a.bytesRead, 2048 * 4)
        XCTAssertEqual(a.bytesWritten, 0)
        XCTAssertEqual(e.bundles.first { $0.ports == ["o"] }?.bytesWritten, 2048 * 4)
        XCTAssertEqual(loopEstimate(e, "vadd.add")?.ii, 1)
        XCTAssertGreaterThan(a.bandwidth, 15e9)
    }

    func testTwoPortsReadInOneLoopOnOneBundleDoNotBurstAndShareTheReadChannel() throws {
        let e = try vadd(sameBundle: true)
        let g = try XCTUnwrap(e.bundles.first { $0.name == "gmem" })
        XCTAssertEqual(g.ports, ["a", "b"])
        XCTAssertFalse(g.bursts)
        XCTAssertTrue(g.burstNote.contains("shares bundle gmem"), g.burstNote)
        XCTAssertEqual(g.beatBits, 32)
        XCTAssertEqual(g.bytesRead, 2 * 2048 * 4)
        let l = try XCTUnwrap(loopEstimate(e, "vadd.add"))
        XCTAssertEqual(l.ii, 2)
        XCTAssertEqual(l.limit, .axiPort(bundle: "gmem", accesses: 2))
        XCTAssertLessThan(g.bandwidth, try vadd(sameBundle: false).bundles[0].bandwidth)
    }

    /// 32 floats per cycle from one bundle (unrolled by 32, widened to 1024 bits) is 128 bytes
    /// per cycle; one F1 DDR4 channel gives 64 at 300 MHz, so the loop (II 1, as csynth would
    /// schedule it) takes two cycles per iteration at run time — at 150 MHz the bank keeps up.
    func testABundleMovesNoMoreBytesPerCycleThanItsMemoryBankGives() throws {
        func copyLoop(clock: Double) throws -> LoopEstimate {
            let k = KernelBuilder("copy")
            let a = k.input("a", .float32, count: 4096)
            let o = k.local("o", .float32, shape: [4096])
            let y = k.output("y", .float32, count: 1)
            k.loop("read", 4096) { i in o[i] = a[i] }
            k.loop("one", 1) { i in y[i] = o[i] }
            var s = Schedule()
            s.pipeline("copy.read")
            s.unroll("copy.read", factor: 32)
            s.partition("copy.o", .cyclic, factor: 32)
            s.interface("copy.a", InterfaceDirectives(maxWidenBitwidth: 1024))
            return try XCTUnwrap(loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: clock), "copy.read"))
        }
        let fast = try copyLoop(clock: 300), slow = try copyLoop(clock: 150)
        XCTAssertEqual(fast.ii, 1)
        XCTAssertEqual(fast.latency.max, 2 * 127 + fast.iterationLatency - 1)
        guard case .memoryBank(let bundle, let bytes, let perCycle) = fast.limit else { return XCTFail("\(fast.limit)") }
        XCTAssertEqual(bundle, "gmem0")
        XCTAssertEqual(bytes, 128)
        XCTAssertEqual(perCycle, 64, accuracy: 1e-9)
        XCTAssertEqual(slow.ii, 1)
        XCTAssertEqual(slow.limit, IILimit.none)
        XCTAssertEqual(slow.latency.max, 127 + slow.iterationLatency - 1)
    }

    func testStridedReadsAreSingleBeats() throws {
        let e = try vadd(sameBundle: false, stride: 2)
        let a = try XCTUnwrap(e.bundles.first { $0.ports == ["a"] })
        XCTAssertFalse(a.bursts)
        XCTAssertTrue(a.burstNote.contains("not sequential"), a.burstNote)
    }

    func testSequentialAccessDetection() {
        let v = "i"
        let dense = Access(array: "w", indices: [.loopVar("i") * 32 + .loopVar("c")], isWrite: false,
                           unrolled: [("i", 1), ("c", 32)])
        XCTAssertTrue(AxiPorts.isSequential(dense, loopVariable: v))
        let gap = Access(array: "w", indices: [.loopVar("i") * 64 + .loopVar("c")], isWrite: false,
                         unrolled: [("i", 1), ("c", 32)])
        XCTAssertFalse(AxiPorts.isSequential(gap, loopVariable: v))
        let invariant = Access(array: "w", indices: [.loopVar("c")], isWrite: false, unrolled: [("i", 1), ("c", 4)])
        XCTAssertFalse(AxiPorts.isSequential(invariant, loopVariable: v))
    }
}

/// Outer-loop code flattened into a pipeline moves its bytes once per outer iteration.
final class FlattenedTrafficTests: XCTestCase {
    func testMatVecWritesEachOutputOnceAndReadsEachWeightOnce() throws {
        let (n, d) = (256, 64)
        let k = try HLSLayers.MatVec.kernel(n: n, d: d)
        let s = HLSLayers.MatVec.schedule(lanes: 8, unroll: 8)
        let e = Estimator.estimate(try bound(k, s), device: u55c, clockMHz: 300)
        let rows = try XCTUnwrap(loopEstimate(e, "matvec.rows_dot"))
        XCTAssertEqual(rows.trips.max, d * n / 8)
        let out = try XCTUnwrap(e.bundles.first { $0.ports == ["xout"] })
        XCTAssertEqual(out.bytesWritten, d * 4)
        let w = try XCTUnwrap(e.bundles.first { $0.ports == ["w"] })
        XCTAssertEqual(w.bytesRead, n * d * 4)
        XCTAssertTrue(w.bursts)
        XCTAssertEqual(w.beatBits, 512)
        let x = try XCTUnwrap(e.bundles.first { $0.ports == ["x"] })
        XCTAssertEqual(x.bytesRead, n * d * 4)   // read again for every row: x is an m_axi port here
    }
}
