import XCTest
import HLSIR
import CalibrationKernels
@testable import HLSEstimator

/// Operator instances, memories and adapters.
final class ResourceModelTests: XCTestCase {
    /// A fully unrolled float dot product of `n` elements held in registers.
    func dot(_ n: Int, clock: Double) throws -> DesignEstimate {
        let k = KernelBuilder("dot")
        let o = k.output("o", .float32, count: 1)
        let a = k.local("a", .float32, shape: [n])
        let b = k.local("b", .float32, shape: [n])
        o[0] = k.reduce("acc", .add, .float32, n) { i in a[i] * b[i] }
        var s = Schedule()
        s.unroll("dot.acc")
        s.partition("dot.a", .complete)
        s.partition("dot.b", .complete)
        s.interface("dot.o", InterfaceDirectives(mode: .ap_fifo))
        return Estimator.estimate(try bound(try k.build(), s), device: Device.forPart("xczu19eg")!, clockMHz: clock)
    }

    func testFullyUnrolledDotProductHasAMultiplierAndAnAdderPerElement() throws {
        let e = try dot(48, clock: 1000 / 22)
        let f = try XCTUnwrap(e.function("dot"))
        // 48 fmul × 3 DSP + 48 fadd × 2 DSP (dot48_f32_unrolled_zu19eg reports 240).
        XCTAssertEqual(f.resources.dsp, 48 * 3 + 48 * 2)
        XCTAssertEqual(f.resources.bram18k, 0)
        XCTAssertGreaterThan(f.resources.ff, 48 * 32 * 2)   // the two register arrays
        // The serial fadd chain: fmul (2) then 48 fadds of 2 cycles at 45 MHz (dot48: 97).
        XCTAssertEqual(e.latency.max, 2 + 48 * 2)
        XCTAssertTrue(f.loops.isEmpty)
    }

    func testCalibrationDot48() throws {
        let d = try XCTUnwrap(CalibrationSet.design(for: "dot48_f32_unrolled_zu19eg_vitis2023_1"))
        let e = Estimator.estimate(try BoundDesign.bind(d), device: Device.forPart("xczu19eg-ffvc1760-2-e")!, clockMHz: 1000 / 22)
        XCTAssertEqual(e.total.dsp, 240)
    }

    func testBlockRamPerBank() throws {
        let k = KernelBuilder("mem")
        let o = k.output("o", .int32, count: 1)
        let a = k.local("a", .int32, shape: [128, 128])
        let b = k.local("b", .float32, shape: [512])
        let c = k.local("c", .int8, shape: [4096])
        let s = k.reduce("sum", .add, .int32, 128) { i in a[i, i] + b[i].cast(.int32) + c[i].cast(.int32) }
        o[0] = s
        var sch = Schedule()
        sch.partition("mem.a", .block, factor: 16, dim: 2)
        let d = try bound(try k.build(), sch)
        let t = d.topKernel
        XCTAssertEqual(StorageModel.bram18k(t.buffer("a")), 32)   // mmult128_i32: 2 per bank × 16
        XCTAssertEqual(StorageModel.bram18k(t.buffer("b")), 2)    // softmax: 512 × 32 = 2
        XCTAssertEqual(StorageModel.bram18k(t.buffer("c")), 2)    // 4096 × 8 in 2048 × 9 blocks
        XCTAssertEqual(StorageModel.resources(t.buffer("a"), kind: .uram).uram, 16)
        let e = Estimator.estimate(d, device: Device.forPart("xc7z020")!, clockMHz: 100)
        XCTAssertGreaterThanOrEqual(e.total.bram18k, 36)
    }

    func testAxiAdaptersAreCountedPerBundle() throws {
        let k = KernelBuilder("copy")
        let x = k.input("x", .uint32, count: 4096)
        let y = k.output("y", .uint32, count: 4096)
        let n = k.size("n", max: 4096)
        k.loop("c", n) { i in y[i] = x[i] }
        var s = Schedule()
        s.tripCount("copy.c", min: 4096, max: 4096, avg: 4096)
        var split = s
        for p in ["x", "y"] { s.interface("copy.\(p)", InterfaceDirectives(bundle: "gmem")) }
        split.interface("copy.x", InterfaceDirectives(bundle: "g0"))
        split.interface("copy.y", InterfaceDirectives(bundle: "g1"))
        let eOne = Estimator.estimate(try bound(try k.build(), s), device: Device.forPart("xczu3eg")!, clockMHz: 250)
        let eTwo = Estimator.estimate(try bound(try k.build(), split), device: Device.forPart("xczu3eg")!, clockMHz: 250)
        // One bundle read and written: 2 BRAM_18K per direction (vadd reports 4).
        XCTAssertEqual(eOne.total.bram18k, 4)
        XCTAssertEqual(eTwo.total.bram18k, 4)
        XCTAssertGreaterThan(eTwo.total.lut, eOne.total.lut)
    }

    /// UG1399: the read adapter holds num_read_outstanding × max_read_burst_length beats, so
    /// its FIFO grows past 512 words (one 36-bit RAM_18K deep): 16 × 16 and 8 × 64 keep vadd's
    /// 2 BRAM_18K per 36 bits, 32 × 64 takes four times as many.
    func testReadFifoGrowsWithOutstandingBursts() throws {
        let k = KernelBuilder("sum")
        let x = k.input("x", .uint32, count: 4096)
        let y = k.output("y", .uint32, count: 1)
        y[0] = k.reduce("s", .add, .uint32, 4096) { i in x[i] }
        func bram(_ outstanding: Int?, _ burst: Int?) throws -> Int {
            var s = Schedule()
            s.interface("sum.x", InterfaceDirectives(bundle: "gx", maxReadBurstLength: burst, numReadOutstanding: outstanding))
            s.interface("sum.y", InterfaceDirectives(bundle: "gy"))
            return Estimator.estimate(try bound(try k.build(), s), device: Device.forPart("xczu3eg")!, clockMHz: 250).total.bram18k
        }
        let base = try bram(nil, nil)
        XCTAssertEqual(try bram(8, 64), base)
        XCTAssertEqual(try bram(32, 64) - base, 3 * 2 * 15)   // widened to 512 bits: 15 × 36-bit columns
    }
}

final class UtilizationTests: XCTestCase {
    func testWarningsForOverAndNearlyFullAndSLRCrossing() {
        let f1 = Device.board("f1")!
        XCTAssertEqual(Utilization.warnings(Resources(dsp: 10, lut: 1000), device: f1), [])
        let over = Utilization.warnings(Resources(dsp: 7000), device: f1)
        XCTAssertEqual(over.count, 1)
        XCTAssertTrue(over[0].contains("exceeds"), over[0])
        XCTAssertTrue(Utilization.warnings(Resources(dsp: 6500), device: f1)[0].contains("90%"))
        XCTAssertTrue(Utilization.warnings(Resources(dsp: 3000), device: f1)[0].contains("SLR"))
        XCTAssertEqual(Utilization.warnings(Resources(dsp: 150), device: Device.forPart("xc7z020")!), [])
    }
}
