import HLSIR
import HLSInterpreter
import XCTest

/// Accesses were proved in bounds when the design was bound (HLSIRTests/BoundDesignTests);
/// sizes and runtime trip counts above their maximum stop a run with an error, never a crash.
final class RuntimeLimitsTests: XCTestCase {
    private func design(_ kernels: [Kernel], top: String) -> Design {
        Design(top: top, kernels: kernels, schedule: Schedule())
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


}
