import HLSIR
import HLSInterpreter
import XCTest

final class InterpreterTests: XCTestCase {
    private func scaleDesign() throws -> Design {
        let k = KernelBuilder("scale")
        let x = k.input("x", .float32, count: 4)
        let y = k.inputOutput("y", .float32, count: 4)
        let s = k.scalar("s", .float32)
        k.loop("l", 4) { i in y[i] = y[i] + x[i] * s }
        return Design(top: "scale", kernels: [try k.build()], schedule: Schedule())
    }

    func testInvalidDesignIsRejectedWithTheValidatorsMessage() throws {
        let k = KernelBuilder("bad")
        let x = k.input("x", .float32, count: 4)
        let y = k.output("y", .float32, count: 4)
        k.loop("l", 4) { i in y[i] = x[i] }
        let kernel = try k.build()
        let design = Design(top: "missing", kernels: [kernel], schedule: Schedule())
        XCTAssertThrowsError(try Interpreter(try BoundDesign.bind(design))) { e in
            XCTAssertEqual((e as? DesignError)?.problems, ["design missing: no kernel named missing"])
        }
    }

    func testInputsAreChecked() throws {
        let interpreter = try Interpreter(try BoundDesign.bind(scaleDesign()))
        let good: [String: BufferData] = ["x": .float([1, 2, 3, 4]), "y": .float([0, 0, 0, 0]), "s": .float([2])]
        XCTAssertEqual(try interpreter.run(good).floats("y"), [2, 4, 6, 8])
        let cases: [([String: BufferData], String)] = [
            (good.filter { $0.key != "x" }, "input x: missing (an array of 4 float32)"),
            (good.merging(["x": .float([1])]) { _, b in b }, "input x: expected 4 element(s) of float32, got 1"),
            (good.merging(["s": .raw([1])]) { _, b in b }, "input s: expected .float data for float32"),
            (good.merging(["z": .raw([1])]) { _, b in b }, "input z: kernel scale has no parameter of that name"),
        ]
        for (inputs, message) in cases {
            XCTAssertThrowsError(try interpreter.run(inputs)) { e in
                XCTAssertEqual((e as? InterpreterError)?.message, message)
            }
        }
    }

    /// A prepared run executes repeatedly on its own storage; inout buffers evolve.
    func testPreparedRunExecutesRepeatedly() throws {
        let interpreter = try Interpreter(try BoundDesign.bind(scaleDesign()))
        let run = try interpreter.prepare(["x": .float([1, 2, 3, 4]), "y": .float([0, 0, 0, 0]), "s": .float([1])])
        for _ in 0..<3 { try run.execute() }
        XCTAssertEqual(run.output("y")?.floats, [3, 6, 9, 12])
        try run.setBuffer("y", .float([0, 0, 0, 1]))
        try run.execute()
        XCTAssertEqual(run.outputs()["y"]?.floats, [1, 2, 3, 5])
        XCTAssertEqual(run.outputs()["x"]?.floats, [1, 2, 3, 4])
    }

    /// Scalars of every kind and the libm profile's functions (glibc, as the C simulation).
    func testScalarsAndMathFunctions() throws {
        let out = try runKernel(inputs: ["f": .float([0.5]), "i": .raw([-3]), "q": .raw([24])]) { k in
            let f = k.scalar("f", .float32), i = k.scalar("i", .int16), q = k.scalar("q", .fixed(8, 4))
            let o = k.output("o", .float32, count: 10)
            o[0] = exp(f)
            o[1] = sqrt(f)
            o[2] = math(.powf, f, .f32(3))
            o[3] = math(.sinf, f)
            o[4] = math(.cosf, f)
            o[5] = round(-f)
            o[6] = math(.floorf, -f)
            o[7] = i.cast(.float32)
            o[8] = q.cast(.float32)
            o[9] = tanh(f)
        }
        XCTAssertBitsEqual(out.floats("o"), [expf(0.5), sqrtf(0.5), powf(0.5, 3), sinf(0.5), cosf(0.5), -1, -1, -3, 1.5, tanhf(0.5)])
    }

    /// tanhf in a loop the vector compiler takes (GPT-2's tanh-GELU), as glibc computes it.
    func testTanhInAVectorLoopIsGlibcTanhf() throws {
        let xs = (0..<64).map { Float($0 - 32) / 8 }
        let k = KernelBuilder("k")
        let x = k.input("x", .float32, count: 64)
        let y = k.output("y", .float32, count: 64)
        k.loop("gelu", 64) { i in
            let v = x[i]
            y[i] = 0.5 * v * (1.0 + tanh(0.7978846 * (v + 0.044715 * v * v * v)))
        }
        let design = Design(top: "k", kernels: [try k.build()], schedule: Schedule())
        try assertSpecialisedMatchesGeneral(design, ["x": .float(xs)], routines: ["k.gelu": "float map"])
        let out = try Interpreter(try BoundDesign.bind(design)).run(["x": .float(xs)])
        let expected = xs.map { v -> Float in
            let inner = Float(0.7978846) * (v + Float(0.044715) * v * v * v)
            return Float(0.5) * v * (Float(1) + tanhf(inner))
        }
        XCTAssertBitsEqual(out.floats("y"), expected)
    }
}
