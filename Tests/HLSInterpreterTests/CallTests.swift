import HLSIR
import HLSInterpreter
import XCTest

/// Sub-function calls bind buffers at an offset, scalars by value and sizes as indices.
final class CallTests: XCTestCase {
    private func axpy() throws -> Kernel {
        let k = KernelBuilder("axpy")
        let x = k.input("x", .float32, count: 4)
        let y = k.inputOutput("y", .float32, count: 4)
        let a = k.scalar("a", .float32)
        let n = k.size("n", max: 4)
        k.loop("l", n) { i in y[i] = y[i] + a * x[i] }
        return try k.build()
    }

    func testBuffersAtOffsetsScalarsAndSizes() throws {
        let callee = try axpy()
        let top = KernelBuilder("top")
        let x = top.input("x", .float32, count: 8)
        let y = top.inputOutput("y", .float32, count: 8)
        let s = top.scalar("s", .float32)
        top.loop("blocks", 2) { b in
            top.call(callee, [x.from(b * 4), y.from(b * 4), .scalar(s * 2.0), .index(b + 3)])
        }
        let design = Design(top: "top", kernels: [callee, try top.build()], schedule: Schedule())
        let out = try Interpreter(try BoundDesign.bind(design)).run([
            "x": .float([1, 2, 3, 4, 5, 6, 7, 8]), "y": .float(Array(repeating: 1, count: 8)), "s": .float([0.5]),
        ])
        // Block 0 updates 3 elements, block 1 all 4; each adds (2 · 0.5) · x.
        XCTAssertEqual(out.floats("y"), [2, 3, 4, 1, 6, 7, 8, 9])
        XCTAssertEqual(out.floats("x"), [1, 2, 3, 4, 5, 6, 7, 8])
    }

    func testSizeArgumentAboveTheCalleesMaximumStopsTheRun() throws {
        let callee = try axpy()
        let top = KernelBuilder("top")
        let x = top.input("x", .float32, count: 8)
        let y = top.inputOutput("y", .float32, count: 8)
        let m = top.size("m", max: 5)
        top.call(callee, [x.from(0), y.from(0), .scalar(.f32(1)), .index(.param("m"))])
        _ = m
        let interpreter = try Interpreter(try BoundDesign.bind(Design(top: "top", kernels: [callee, try top.build()], schedule: Schedule())))
        let inputs: [String: BufferData] = ["x": .float(Array(repeating: 1, count: 8)), "y": .float(Array(repeating: 0, count: 8))]
        XCTAssertEqual(try interpreter.run(inputs.merging(["m": .raw([4])]) { a, _ in a }).floats("y"),
                       [1, 1, 1, 1, 0, 0, 0, 0])
        XCTAssertThrowsError(try interpreter.run(inputs.merging(["m": .raw([5])]) { a, _ in a })) { e in
            XCTAssertEqual((e as? InterpreterError)?.message, "call of axpy from top: size n = 5 is outside 0...4")
        }
    }

    /// Local arrays start zero-filled on every run; a callee's locals are its own.
    func testLocalsAndTables() throws {
        let k = KernelBuilder("k")
        let t = k.table("t", .fixed(8, 4), values: [0.5, -1.25, 3])
        let l = k.local("l", .int16, shape: [2, 3])
        let o = k.output("o", .float32, count: 3)
        k.loop("fill", 3) { i in l[1, i] = l[1, i] + t[i].cast(.int16) }
        k.loop("out", 3) { i in o[i] = t[i].cast(.float32) + l[1, i].cast(.float32) }
        let interpreter = try Interpreter(try BoundDesign.bind(Design(top: "k", kernels: [try k.build()], schedule: Schedule())))
        let run = try interpreter.prepare([:])
        try run.execute()
        try run.execute()
        XCTAssertEqual(run.output("o")?.floats, [0.5, -2.25, 6])
    }
}
