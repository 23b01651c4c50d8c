import Foundation
import HLSIR
import HLSInterpreter
import XCTest

/// The specialised routines (IntDotProduct, GroupedDotProduct, FloatReduction, FloatMap)
/// must give exactly what the plain documented loops give.
final class HotLoopTests: XCTestCase {
    /// llama2.c's quantize(): scale = max|x| / 127, q = round(x / scale), 0 for a zero group.
    private func quantizeDesign(n: Int, gs: Int) throws -> Design {
        let k = KernelBuilder("quantize")
        let x = k.input("x", .float32, count: n)
        let q = k.output("q", .int8, count: n)
        let s = k.output("s", .float32, count: n / gs)
        k.loop("groups", n / gs, index: "g") { g in
            let wmax = k.reduce("wmax", .max, .float32, gs, index: "j") { j in abs(x[g * gs + j]) }
            let scale = k.bind("scale", wmax / 127.0)
            s[g] = scale
            k.loop("values", gs, index: "j") { j in
                let r = round(x[g * gs + j] / scale)
                let clamped = min(max(r, .f32(-127)), .f32(127))
                q[g * gs + j] = select(scale.eq(0), .int(0, .int8), clamped.cast(.int8))
            }
        }
        return Design(top: "quantize", kernels: [try k.build()], schedule: Schedule())
    }

    func testQ8QuantizationRoundsHalfAwayAndZeroGroupGivesZero() throws {
        let x: [Float] = [127, 2.5, -2.5, -0.5, 0, 0, 0, 0, 1.27, -0.635, 0.3, -1.27]
        let out = try Interpreter(try BoundDesign.bind(quantizeDesign(n: 12, gs: 4))).run(["x": .float(x)])
        XCTAssertEqual(Array(out.raws("q")[0..<8]), [127, 3, -3, -1, 0, 0, 0, 0])
        let scale = Float(1.27) / 127
        XCTAssertBitsEqual(out.floats("s"), [1, 0, scale])
        let expected = x[8...].map { Int64(roundf($0 / scale)) }
        XCTAssertEqual(Array(out.raws("q")[8...]), expected)
        XCTAssertEqual(Array(out.raws("q")[8...]), [127, -64, 30, -127])
    }

    /// runq.c's matmul: groups accumulated in float as (dot · w_scale) · x_scale.
    private func matmul(d: Int, n: Int, gs: Int, pairFirst: Bool = false) throws -> KernelBuilder {
        let k = KernelBuilder("matmul")
        let xq = k.input("xq", .int8, count: n), xs = k.input("xs", .float32, count: n / gs)
        let wq = k.input("wq", .int8, count: d * n), ws = k.input("ws", .float32, count: d * n / gs)
        let out = k.output("out", .float32, count: d)
        k.loop("rows", d, index: "i") { i in
            out[i] = k.reduce("groups", .add, .float32, n / gs, index: "g") { g in
                let dot = k.reduce("dot", .add, .int32, gs, index: "kk") { kk in
                    xq[g * gs + kk].cast(.int32) * wq[i * n + g * gs + kk].cast(.int32)
                }
                let w = ws[(i * n + g * gs) / gs]
                return pairFirst ? dot.cast(.float32) * (w * xs[g]) : (dot.cast(.float32) * w) * xs[g]
            }
        }
        return k
    }

    func testQuantizedMatVecMatchesRunqOrder() throws {
        let d = 5, n = 96, gs = 32
        var rng = SeededRandom(seed: 9)
        let xq = (0..<n).map { _ in Int64(Int8(truncatingIfNeeded: rng.next())) }
        let wq = (0..<(d * n)).map { _ in Int64(Int8(truncatingIfNeeded: rng.next())) }
        let xs = (0..<(n / gs)).map { _ in rng.float(0, 0.02) }
        let ws = (0..<(d * n / gs)).map { _ in rng.float(0, 0.02) }
        let inputs: [String: BufferData] = ["xq": .raw(xq), "wq": .raw(wq), "xs": .float(xs), "ws": .float(ws)]
        for pairFirst in [false, true] {
            for lanes in [1, 2, 3] {
                var s = Schedule()
                s.lanes("matmul.groups", lanes)
                s.lanes("matmul.dot", 4)
                let design = Design(top: "matmul", kernels: [try matmul(d: d, n: n, gs: gs, pairFirst: pairFirst).build()],
                                    schedule: s)
                let interpreter = try Interpreter(try BoundDesign.bind(design))
                XCTAssertEqual(interpreter.specialisedLoops, ["matmul.groups": "grouped int8 dot product",
                                                              "matmul.rows": "fused grouped int8 rows"])
                let got = try interpreter.run(inputs).floats("out")
                var want: [Float] = []
                for i in 0..<d {
                    var p = Array(repeating: Float(0), count: lanes)
                    for g in 0..<(n / gs) {
                        var dot: Int32 = 0
                        for kk in 0..<gs { dot &+= Int32(xq[g * gs + kk]) &* Int32(wq[i * n + g * gs + kk]) }
                        let w = ws[(i * n + g * gs) / gs]
                        p[g % lanes] += pairFirst ? Float(dot) * (w * xs[g]) : (Float(dot) * w) * xs[g]
                    }
                    want.append(p.dropFirst().reduce(p[0], +))
                }
                XCTAssertBitsEqual(got, want)
            }
        }
    }

    /// Each hot shape is recognised (so the tests above exercise the specialised routines).
    func testHotShapesAreRecognised() throws {
        let k = KernelBuilder("k")
        let a = k.input("a", .int8, count: 64), b = k.input("b", .int8, count: 64)
        let x = k.input("x", .float32, count: 64)
        let o = k.output("o", .float32, count: 64), d = k.output("d", .int32, count: 1)
        d[0] = k.reduce("dot", .add, .int32, 64) { i in a[i].cast(.int32) * b[i].cast(.int32) }
        let ss = k.reduce("ss", .add, .float32, 64) { i in x[i] * x[i] }
        k.loop("scale", 64) { i in o[i] = x[i] * ss }
        k.loop("general", 64) { i in o[i] = x[i] + a[i].cast(.float32) }
        let design = Design(top: "k", kernels: [try k.build()], schedule: Schedule())
        XCTAssertEqual(try Interpreter(try BoundDesign.bind(design)).specialisedLoops,
                       ["k.dot": "int8 dot product", "k.ss": "float sum", "k.scale": "float map"])
    }

    /// Dot products of lengths that are not multiples of 16, with an initial value and lanes.
    func testInt8DotProductTailsAndInitial() throws {
        for n in [1, 15, 16, 17, 40] {
            var s = Schedule()
            s.lanes("k.dot", 3)
            let a = (0..<n).map { Int64(Int8(truncatingIfNeeded: $0 * 37 - 100)) }
            let b = (0..<n).map { Int64(Int8(truncatingIfNeeded: $0 * 91 + 7)) }
            let out = try runKernel(schedule: s, inputs: ["a": .raw(a), "b": .raw(b)]) { k in
                let x = k.input("a", .int8, count: n), y = k.input("b", .int8, count: n)
                let o = k.output("o", .int32, count: 1)
                o[0] = k.reduce("dot", .add, .int32, n, initial: .int(5)) { i in x[i].cast(.int32) * y[i].cast(.int32) }
            }
            // The initial value 5 counts once (partial 0), whatever the 3 lanes.
            let want = zip(a, b).reduce(Int64(5)) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(out.raws("o"), [want], "n = \(n)")
        }
    }

    /// An elementwise map with a runtime length (chunks plus tail) and in-place update.
    func testFloatMapInPlaceWithRuntimeLength() throws {
        let n = 1100
        let x = (0..<n).map { Float($0) * 0.37 - 50 }
        let w = (0..<n).map { Float($0 % 17) * 0.11 }
        let out = try runKernel(inputs: ["x": .float(x), "w": .float(w), "s": .float([1.7]), "len": .raw([1037])]) { k in
            let xb = k.inputOutput("x", .float32, count: n)
            let wb = k.input("w", .float32, count: n)
            let s = k.scalar("s", .float32)
            let len = k.size("len", max: n)
            k.loop("map", len) { i in xb[i] = max(wb[i] * (s * xb[i]) - wb[0], -xb[i]) / 3.0 }
        }
        let want = (0..<n).map { i in i < 1037 ? Swift.max(w[i] * (1.7 * x[i]) - w[0], -x[i]) / 3.0 : x[i] }
        XCTAssertBitsEqual(out.floats("x"), want)
    }

    /// A map whose input and output alias through a sub-function call must see the values
    /// element by element (here each output is the previous, already updated, element).
    func testFloatMapWithAliasedArgumentsRunsInOrder() throws {
        let shift = KernelBuilder("shift")
        let src = shift.input("src", .float32, count: 20)
        let dst = shift.output("dst", .float32, count: 20)
        shift.loop("copy", 20) { i in dst[i] = src[i] + 1.0 }
        let callee = try shift.build()
        let top = KernelBuilder("top")
        let v = top.inputOutput("v", .float32, count: 21)
        top.call(callee, [v.from(0), v.from(1)])
        let design = Design(top: "top", kernels: [callee, try top.build()], schedule: Schedule())
        let out = try Interpreter(try BoundDesign.bind(design)).run(["v": .float(Array(repeating: 0, count: 21))])
        XCTAssertEqual(out.floats("v"), (0...20).map(Float.init))
    }
}
