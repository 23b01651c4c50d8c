import HLSIR
import HLSInterpreter
import XCTest

/// Reductions follow the documented lane order: element i into partial i mod K, partials
/// starting at the initial value, combined left to right after the loop.
final class ReductionTests: XCTestCase {
    /// Data whose float sum depends on the order of additions.
    private func data(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        return (0..<n).map { _ in rng.float(-1, 1) * Float(1 + rng.next() % 1000) }
    }

    /// The documented order, written plainly.
    private func reference(_ values: [Float], lanes k: Int, initial: Float, isSum: Bool = true, _ op: (Float, Float) -> Float) -> Float {
        // Partial 0 from the initial value; the others from 0 for a sum, from it for max/min.
        var p = Array(repeating: isSum ? 0 : initial, count: k)
        p[0] = initial
        for (i, v) in values.enumerated() { p[i % k] = op(p[i % k], v) }
        var r = p[0]
        for j in 1..<k { r = op(r, p[j]) }
        return r
    }

    private func run(lanes k: Int, n: Int, x: [Float], y: [Float], initial: Double = 0.5,
                     _ value: @escaping (BufferHandle, BufferHandle, Index) -> Expr,
                     op: ReductionOp = .add) throws -> Float {
        var s = Schedule()
        s.lanes("k.r", k)
        let out = try runKernel(schedule: s, inputs: ["x": .float(x), "y": .float(y)]) { kb in
            let xb = kb.input("x", .float32, count: n), yb = kb.input("y", .float32, count: n)
            let o = kb.output("o", .float32, count: 1)
            o[0] = kb.reduce("r", op, .float32, n, initial: .f32(Float(initial))) { i in value(xb, yb, i) }
        }
        return out.floats("o")[0]
    }

    func testFloatSumOrderForEachLaneCount() throws {
        let n = 37
        let x = data(n, seed: 1), y = data(n, seed: 2)
        var distinct = Set<UInt32>()
        for k in [1, 2, 3, 4, 8, 16] {
            let dot = zip(x, y).map { $0 * $1 }
            // x·y and x·x and x take the specialised SIMD paths; x·y + 1 the general one.
            XCTAssertBitsEqual([try run(lanes: k, n: n, x: x, y: y) { a, b, i in a[i] * b[i] }],
                               [reference(dot, lanes: k, initial: 0.5, +)])
            XCTAssertBitsEqual([try run(lanes: k, n: n, x: x, y: y) { a, _, i in a[i] * a[i] }],
                               [reference(x.map { $0 * $0 }, lanes: k, initial: 0.5, +)])
            XCTAssertBitsEqual([try run(lanes: k, n: n, x: x, y: y) { a, _, i in a[i] }],
                               [reference(x, lanes: k, initial: 0.5, +)])
            XCTAssertBitsEqual([try run(lanes: k, n: n, x: x, y: y) { a, b, i in a[i] * b[i] + 1.0 }],
                               [reference(dot.map { $0 + 1 }, lanes: k, initial: 0.5, +)])
            distinct.insert(reference(dot, lanes: k, initial: 0.5, +).bitPattern)
        }
        // The data really is order-sensitive, so the comparisons above can fail.
        XCTAssertGreaterThanOrEqual(distinct.count, 3)
    }

    func testFloatMaxAndMinWithLanes() throws {
        let x: [Float] = [3, -1, 7, 7, -8, 2, 0, 5, -0.0]
        for k in [1, 2, 3, 4] {
            let mx = try run(lanes: k, n: x.count, x: x, y: x, initial: -100, { a, _, i in a[i] }, op: .max)
            let mn = try run(lanes: k, n: x.count, x: x, y: x, initial: 100, { a, _, i in a[i] }, op: .min)
            XCTAssertEqual(mx, 7)
            XCTAssertEqual(mn, -8)
        }
    }

    /// Fixed-point accumulation is an assignment per step: it saturates step by step, so the
    /// lane count changes the result.
    func testFixedAccumulatorSaturatesEachStep() throws {
        let t = ScalarType.fixed(8, 4, .trn, .sat)
        func sum(_ k: Int) throws -> Int64 {
            var s = Schedule()
            s.lanes("k.r", k)
            let out = try runKernel(schedule: s, inputs: ["x": .raw([112, 112, -112, -112])]) { kb in
                let x = kb.input("x", t, count: 4)
                let o = kb.output("o", t, count: 1)
                o[0] = kb.reduce("r", .add, t, 4) { i in x[i] }
            }
            return out.raws("o")[0]
        }
        // K = 1: 7 → 7 + 7 saturates to 127 LSB → 127 − 112 = 15 → 15 − 112 = −97.
        XCTAssertEqual(try sum(1), -97)
        // K = 2: both partials are 7 − 7 = 0.
        XCTAssertEqual(try sum(2), 0)
    }

    func testIntegerReductionsWrapAndCountTheInitialOnce() throws {
        for k in [1, 3] {
            var s = Schedule()
            s.lanes("k.r", k)
            s.lanes("k.m", k)
            let out = try runKernel(schedule: s, inputs: ["x": .raw([100, 100, 100, -5])]) { kb in
                let x = kb.input("x", .int8, count: 4)
                let o = kb.output("o", .int8, count: 2)
                o[0] = kb.reduce("r", .add, .int8, 4, initial: .int(1, .int8)) { i in x[i] }
                o[1] = kb.reduce("m", .min, .int8, 4) { i in x[i] }
            }
            // 295 + 1 wrapped to int8, whatever K: the initial value starts partial 0 only.
            XCTAssertEqual(out.raws("o"), [40, -5])
        }
    }

    /// A reduction nested in a loop, with a body statement, runs per iteration.
    func testReductionBodyAndNesting() throws {
        let out = try runKernel(inputs: ["x": .float([1, 2, 3, 4, 5, 6])]) { kb in
            let x = kb.input("x", .float32, count: 6)
            let o = kb.output("o", .float32, count: 2)
            kb.loop("rows", 2) { r in
                o[r] = kb.reduce("r", .add, .float32, 3) { c in
                    let v = kb.bind("v", x[r * 3 + c] * 2.0)
                    return v
                }
            }
        }
        XCTAssertEqual(out.floats("o"), [12, 30])
    }
}
