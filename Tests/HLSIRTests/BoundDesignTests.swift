import HLSIR
import XCTest

/// `BoundDesign.bind` validates once (kernels, schedule, bounds) and resolves the schedule
/// on every loop and array, the one place the three readers take it from.
final class BoundDesignTests: XCTestCase {
    private func design(_ kernels: [Kernel], top: String, _ schedule: Schedule = Schedule()) -> Design {
        Design(top: top, kernels: kernels, schedule: schedule)
    }

    private func assertRejected(_ d: Design, mentioning text: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try BoundDesign.bind(d)
            XCTFail("design was accepted", file: file, line: line)
        } catch {
            XCTAssertTrue("\(error)".contains(text), "\(error)", file: file, line: line)
        }
    }

    func testAccessPastTheEndIsRejected() throws {
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 8)
        let y = k.output("y", .float32, count: 8)
        k.loop("l", 8) { i in y[i] = x[i + 1] }
        assertRejected(design([try k.build()], top: "k"), mentioning: "index (i + 1) of x ranges over 1...8, outside 0...7")
    }

    func testMultiDimensionalLocalChecksEachDimension() throws {
        let k = KernelBuilder("k")
        let t = k.local("t", .float32, shape: [4, 4])
        let y = k.output("y", .float32, count: 16)
        k.loop("l", 16) { i in y[i] = t[0, i] }
        assertRejected(design([try k.build()], top: "k"), mentioning: "of t ranges over 0...15, outside 0...3")
    }

    /// A sub-function's accesses are checked against the caller's buffer at each call.
    func testSubFunctionWindowMustFitTheCallersBuffer() throws {
        let f = KernelBuilder("f")
        let v = f.inputOutput("v", .float32, count: 4)
        f.loop("l", 4) { i in v[i] = v[i] * 2.0 }
        let callee = try f.build()
        let top = KernelBuilder("top")
        let a = top.inputOutput("a", .float32, count: 8)
        top.loop("calls", 2) { c in top.call(callee, [a.from(c * 6)]) }
        assertRejected(design([callee, try top.build()], top: "top"),
                       mentioning: "kernel f: access to v reaches elements 0...9 of the caller's buffer of 8")
    }
    func testScheduleProblemsAreRejected() throws {
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 8)
        let y = k.output("y", .float32, count: 8)
        k.loop("l", 8) { i in y[i] = x[i] }
        var s = Schedule()
        s.unroll("k.l", factor: 3)
        assertRejected(design([try k.build()], top: "k", s), mentioning: "loop k.l: unroll factor 3 does not divide its trip count 8")
    }

    func testLoopsCarryTheirResolvedSchedule() throws {
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 64)
        let y = k.inputOutput("y", .float32, count: 64)
        let n = k.size("n", max: 64)
        let s = k.reduce("sum", .add, .float32, 64) { j in x[j] }
        k.loop("scale", n) { i in y[i] = x[i] * s }
        k.loop("clip", .runtime(.param("n"), max: 64)) { i in y[i] = y[i] + 1.0 }
        var sch = Schedule()
        sch.lanes("k.sum", 8)
        sch.unroll("k.sum", factor: 4)
        sch.pipeline("k.sum", ii: 2)
        sch.tripCount("k.clip", min: 4, max: 64, avg: 16)
        let b = try BoundDesign.bind(design([try k.build()], top: "k", sch)).topKernel
        let sum = b.loop("sum")
        XCTAssertEqual(sum.lanes, 8)
        XCTAssertEqual(sum.lanePlan.lane(of: 13), 5)
        XCTAssertEqual(sum.unrollFactor, 4)
        XCTAssertEqual(sum.pipelineII, 2)
        XCTAssertTrue(sum.isReduction)
        XCTAssertEqual(sum.trips, TripInterval(min: 64, avg: 64, max: 64))
        // A runtime bound without LOOP_TRIPCOUNT: its interval over the size's range, from 1.
        XCTAssertEqual(b.loop("scale").trips, TripInterval(min: 1, avg: 32, max: 64))
        XCTAssertEqual(b.loop("scale").lanes, 1)
        XCTAssertEqual(b.loop("clip").trips, TripInterval(min: 4, avg: 16, max: 64))
        _ = n
    }

    func testArgumentsGetTheirBundleAndLocalsTheirBanks() throws {
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 16)
        let y = k.output("y", .float32, count: 16)
        let t = k.local("t", .float32, shape: [4, 4])
        k.loop("copy", 16) { i in t[i / 4, i % 4] = x[i] }
        k.loop("out", 16) { i in y[i] = t[i / 4, i % 4] }
        var s = Schedule()
        s.interface("k.y", InterfaceDirectives(bundle: "results"))
        s.partition("k.t", .cyclic, factor: 2, dim: 2)
        let b = try BoundDesign.bind(design([try k.build()], top: "k", s)).topKernel
        XCTAssertEqual(b.buffer("x").bundle, "gmem0")
        XCTAssertEqual(b.buffer("y").bundle, "results")
        XCTAssertNil(b.buffer("t").bundle)
        XCTAssertEqual(b.buffer("t").banks(dimension: 1), 1)
        XCTAssertEqual(b.buffer("t").banks(dimension: 2), 2)
        XCTAssertEqual(b.buffer("t").totalBanks, 2)
    }

    func testBankConflictsAreWarningsNotProblems() throws {
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 32)
        let y = k.output("y", .float32, count: 1)
        let xl = k.local("xl", .float32, shape: [32])
        k.loop("load", 32) { i in xl[i] = x[i] }
        let s = k.reduce("dot", .add, .float32, 32) { j in xl[j] * xl[j] }
        k.loop("store", 1) { _ in y[0] = s }
        var sch = Schedule()
        sch.unroll("k.dot", factor: 8)
        let bound = try BoundDesign.bind(design([try k.build()], top: "k", sch))
        XCTAssertEqual(bound.warnings, ["buffer k.xl: loop k.dot is unrolled by 8, so it makes 8 parallel accesses to dimension 1 of xl, which has 1 bank; partition it cyclic with factor 8 or more"])
    }
}
