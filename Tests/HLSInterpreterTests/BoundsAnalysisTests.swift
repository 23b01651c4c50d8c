import HLSIR
import HLSInterpreter
import XCTest

/// Every access is proved in bounds before a design runs; sizes and runtime trip counts
/// above their maximum stop a run with an error, never a crash.
final class BoundsAnalysisTests: XCTestCase {
    private func design(_ kernels: [Kernel], top: String) -> Design {
        Design(top: top, kernels: kernels, schedule: Schedule())
    }

    private func assertRejected(_ d: Design, mentioning text: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try Interpreter(try BoundDesign.bind(d))
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

    func testRuntimeBoundsUseTheDeclaredMaxima() throws {
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 16)
        let y = k.output("y", .float32, count: 16)
        let n = k.size("n", max: 8)
        k.loop("l", n) { i in y[i * 2 + 1] = x[15 - i * 2] }
        let interpreter = try Interpreter(try BoundDesign.bind(design([try k.build()], top: "k")))
        let out = try interpreter.run(["x": .float((0..<16).map(Float.init)), "n": .raw([3])])
        XCTAssertEqual(out.floats("y"), [0, 15, 0, 13, 0, 11] + Array(repeating: 0, count: 10))
        // A size above its maximum is an error.
        XCTAssertThrowsError(try interpreter.run(["x": .float(Array(repeating: 0, count: 16)), "n": .raw([9])])) { e in
            XCTAssertEqual((e as? InterpreterError)?.message, "input n: size 9 is outside 0...8")
        }
        XCTAssertThrowsError(try interpreter.run(["x": .float(Array(repeating: 0, count: 16)), "n": .raw([-1])]))
    }

    func testRuntimeTripCountAboveItsMaximumStopsTheRun() throws {
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 9)
        let y = k.output("y", .float32, count: 9)
        let n = k.size("n", max: 8)
        k.loop("l", .runtime(.param("n") + 1, max: 8)) { i in y[i] = x[i] }
        _ = n
        let interpreter = try Interpreter(try BoundDesign.bind(design([try k.build()], top: "k")))
        XCTAssertNoThrow(try interpreter.run(["x": .float(Array(repeating: 1, count: 9)), "n": .raw([7])]))
        XCTAssertThrowsError(try interpreter.run(["x": .float(Array(repeating: 1, count: 9)), "n": .raw([8])])) { e in
            XCTAssertEqual((e as? InterpreterError)?.message, "loop k.l: trip count 9 exceeds its declared maximum 8")
        }
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
}
