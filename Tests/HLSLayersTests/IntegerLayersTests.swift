import Foundation
import HLSIR
import HLSInterpreter
import HLSLayers
import XCTest

/// The integer profile's layers: the interpreter against the independent Swift transcription
/// (IntegerReference) bit for bit, and each against Double math within measured bounds.
final class IntegerLayersTests: XCTestCase {
    private func run(_ kernel: Kernel, _ schedule: Schedule = Schedule(), _ inputs: [String: BufferData]) throws -> [String: BufferData] {
        let design = Design(top: kernel.name, kernels: [kernel], schedule: schedule)
        return try Interpreter(try BoundDesign.bind(design)).run(inputs)
    }

    private func raw(_ b: BufferData?) -> [Int64] {
        guard case .raw(let v)? = b else { XCTFail("no integer output"); return [] }
        return v
    }

    /// e^(v / 2^16) for v int32 through a one-op kernel.
    private func expKernel(count: Int) throws -> Kernel {
        let k = KernelBuilder("int_exp")
        let x = k.input("x", .int32, count: count)
        let y = k.output("y", .int32, count: count)
        k.loop("each", count) { i in y[i] = IntegerExp.exp(k, x[i].cast(.int64), name: "e").cast(.int32) }
        return try k.build()
    }

    func testExpMatchesTheTranscriptionAndIsAccurate() throws {
        var inputs: [Int64] = (0..<6000).map { -Int64($0) * 401 }       // 0 … −36.7 in Q16
        inputs += [0, -1, -2, 1, 5, Int64(Int32.max), Int64(Int32.min), IntegerExp.lowest, IntegerExp.lowest + 1, -IntegerExp.ln2Q]
        let out = raw(try run(try expKernel(count: inputs.count), Schedule(), ["x": .raw(inputs)])["y"])
        var maxRel = 0.0, maxAbs = 0.0
        for (v, y) in zip(inputs, out) {
            XCTAssertEqual(y, IntegerReference.exp(v), "exp(\(v))")
            let truth = Foundation.exp(Double(min(v, 0)) / 65536)
            let got = Double(y) / Double(1 << 30)
            maxAbs = max(maxAbs, abs(got - truth))
            if Double(v) / 65536 >= -10 { maxRel = max(maxRel, abs(got - truth) / truth) }
        }
        print("integer exp: max relative error over [-10, 0] \(maxRel), max absolute error \(maxAbs)")
        XCTAssertLessThan(maxRel, 0.003)
        XCTAssertLessThan(maxAbs, 0.002)
    }

    func testSoftmaxMatchesTheTranscriptionAndIsAccurate() throws {
        let (maxSize, scale) = (40, 1.0 / 64)
        let kernel = try IntegerSoftmax.kernel(maxSize: maxSize, inputScale: scale)
        let toQ16 = try Dyadic.approximating(scale * 65536, bits: 30, what: "test")
        var rng = SeededRandom(seed: 7)
        var worst = 0.0
        for trial in 0..<30 {
            let n = 1 + trial % maxSize
            let spread: UInt64 = trial % 3 == 0 ? 1 << 32 : 1024
            let x = (0..<maxSize).map { _ in Int32(truncatingIfNeeded: Int64(rng.next() % spread) - Int64(spread / 2)) }
            let out = raw(try run(kernel, IntegerSoftmax.schedule(maxSize: maxSize), ["x": .raw(x.map(Int64.init)), "n": .raw([Int64(n)])])["p"])
            let expected = IntegerReference.softmax(Array(x[0..<n]), toQ16: toQ16)
            XCTAssertEqual(Array(out[0..<n]), expected.map(Int64.init), "trial \(trial)")
            let xs = x[0..<n].map { Double($0) * scale }
            let m = xs.max()!
            let z = xs.reduce(0) { $0 + Foundation.exp($1 - m) }
            for (i, xi) in xs.enumerated() { worst = max(worst, abs(Double(out[i]) / 32768 - Foundation.exp(xi - m) / z)) }
        }
        print("integer softmax: max absolute probability error \(worst)")
        XCTAssertLessThan(worst, 0.003)
    }

    /// An elementwise Q16 layer over −10.7 … 10.7 and `extra` inputs: every output equal to
    /// `reference`; returns the largest error against `truth` for |x| ≤ 12.
    private func elementwise(_ kernel: (Int) throws -> Kernel, _ schedule: Schedule, extra: [Int32],
                             reference: (Int32) -> Int32, truth: (Double) -> Double) throws -> Double {
        let xs: [Int32] = (0..<2000).map { Int32(($0 - 1000) * 700) } + extra
        let out = raw(try run(try kernel(xs.count), schedule, ["x": .raw(xs.map(Int64.init))])["y"])
        var worst = 0.0
        for (x, y) in zip(xs, out) {
            XCTAssertEqual(y, Int64(reference(x)), "\(x)")
            let v = Double(x) / 65536
            if abs(v) <= 12 { worst = max(worst, abs(Double(y) / 65536 - truth(v))) }
        }
        return worst
    }

    func testSiLUMatchesTheTranscriptionAndIsAccurate() throws {
        let worst = try elementwise({ try IntegerSiLU.kernel(size: $0) }, Schedule(), extra: [0, 1, -1, Int32.max, Int32.min, Int32.min + 1],
                                    reference: IntegerReference.silu, truth: { $0 / (1 + Foundation.exp(-$0)) })
        print("integer SiLU: max absolute error over [-10.7, 10.7] \(worst)")
        XCTAssertLessThan(worst, 0.01)
    }

    func testRMSNormMatchesTheTranscriptionAndIsAccurate() throws {
        let (n, gainScale, outputScale) = (48, 1.0 / 4096, 1.0 / 32)
        let kernel = try IntegerRMSNorm.kernel(size: n, gainScale: gainScale, outputScale: outputScale)
        let c = try IntegerRMSNorm.outputDyadic(size: n, gainScale: gainScale, outputScale: outputScale, what: "test")
        var rng = SeededRandom(seed: 3)
        var worst = 0.0
        for trial in 0..<20 {
            let amp = [127, 40, 3, 1, 0][trial % 5]
            let x = (0..<n).map { _ in Int8(Int64(rng.next() % UInt64(2 * amp + 1)) - Int64(amp)) }
            let g = (0..<n).map { _ in Int16(Int64(rng.next() % 8192) - 2048) }
            let out = raw(try run(kernel, IntegerRMSNorm.schedule(lanes: 4), ["x": .raw(x.map(Int64.init)), "weight": .raw(g.map(Int64.init))])["o"])
            XCTAssertEqual(out, IntegerReference.rmsnorm(x, g, c: c).map(Int64.init), "trial \(trial)")
            let ms = x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(n)
            guard ms > 0 else { XCTAssertEqual(Set(out), [0]); continue }
            for j in 0..<n {
                let truth = Double(x[j]) / ms.squareRoot() * Double(g[j]) * gainScale / outputScale
                if abs(truth) <= 127 { worst = max(worst, abs(Double(out[j]) - truth)) }
            }
        }
        print("integer RMSNorm: max error \(worst) output units")
        XCTAssertLessThan(worst, 0.6)
    }

    func testGELUMatchesTheTranscriptionAndIsAccurate() throws {
        let extra: [Int32] = [0, 1, -1, 1 << 20, -(1 << 20), (1 << 20) + 1, Int32.max, Int32.min, Int32.min + 1]
        let worst = try elementwise({ try IntegerGELU.kernel(size: $0) }, IntegerGELU.schedule(), extra: extra, reference: IntegerReference.gelu,
                                    truth: { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) })
        print("integer GELU: max absolute error over [-10.7, 10.7] \(worst)")
        XCTAssertLessThan(worst, 0.01)
    }

    func testLayerNormMatchesTheTranscriptionAndIsAccurate() throws {
        let (n, gainScale, outputScale) = (48, 1.0 / 4096, 1.0 / 32)
        let kernel = try IntegerLayerNorm.kernel(size: n, gainScale: gainScale, outputScale: outputScale)
        let c = try IntegerRMSNorm.outputDyadic(size: n, gainScale: gainScale, outputScale: outputScale, what: "test")
        let biasUnit = IntegerLayerNorm.biasUnit(size: n, gainScale: gainScale)
        var rng = SeededRandom(seed: 5)
        var worst = 0.0, worstWide = 0.0
        for trial in 0..<20 {
            let amp = [32767, 3000, 40, 1, 0][trial % 5]
            let offset = trial % 2 == 0 ? 0 : amp / 3
            let x = (0..<n).map { _ in Int16(Swift.min(Int64(rng.next() % UInt64(2 * amp + 1)) - Int64(amp) + Int64(offset), 32767)) }
            let g = (0..<n).map { _ in Int16(Int64(rng.next() % 8192) - 2048) }
            let beta = (0..<n).map { _ in Double(Int64(rng.next() % 401) - 200) / 32 }      // ±6.25 real
            let b = beta.map { Int32(($0 * outputScale / biasUnit).rounded()) }
            let out = raw(try run(kernel, IntegerLayerNorm.schedule(lanes: 4),
                                  ["x": .raw(x.map(Int64.init)), "weight": .raw(g.map(Int64.init)), "bias": .raw(b.map(Int64.init))])["o"])
            XCTAssertEqual(out, try IntegerReference.layernorm(x, g, b, c: c).map(Int64.init), "trial \(trial)")
            let mean = x.reduce(0.0) { $0 + Double($1) } / Double(n)
            let variance = x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(n)
            guard variance > 0 else { continue }
            for j in 0..<n {
                let truth = (Double(x[j]) - mean) / variance.squareRoot() * Double(g[j]) * gainScale / outputScale + beta[j]
                guard abs(truth) <= 127 else { continue }
                worst = max(worst, abs(Double(out[j]) - truth))
                if amp >= 40 { worstWide = max(worstWide, abs(Double(out[j]) - truth)) }
            }
        }
        // The mean's rounding (2^−7 input units) matters only when σ is a unit or two.
        print("integer LayerNorm: max error \(worstWide) output units for amplitudes ≥ 40, \(worst) with amplitude 1")
        XCTAssertLessThan(worstWide, 0.6)
        XCTAssertLessThan(worst, 1.0)
    }

    func testRequantizeRoundsHalfUpAndSaturates() throws {
        let xs: [Int64] = [0, 1, -1, 2, -2, 3, -3, 1000, -1000, Int64(Int32.max), Int64(Int32.min), 6, -6, 10, -10]
        let kernel = try IntegerRequantize.kernel(size: xs.count, scale: 0.25)
        let d = try Dyadic.approximating(0.25, bits: 31, what: "test")
        XCTAssertEqual(d.value, 0.25)
        let out = raw(try run(kernel, Schedule(), ["x": .raw(xs)])["y"])
        XCTAssertEqual(out, xs.map { Int64(IntegerReference.requantize($0, d)) })
        // Halves go up: 2/4 → 1, −2/4 → 0, 6/4 → 2, −6/4 → −1, 10/4 → 3, −10/4 → −2.
        XCTAssertEqual(Array(out[3...4]), [1, 0])
        XCTAssertEqual(Array(out[11...14]), [2, -1, 3, -2])
        XCTAssertEqual(Array(out[7...10]), [127, -127, 127, -127])
    }

    func testDyadicApproximationAndBadScales() throws {
        let d = try Dyadic.approximating(0.1234, bits: 30, what: "s")
        XCTAssertGreaterThanOrEqual(d.multiplier, 1 << 29)
        XCTAssertLessThan(d.multiplier, 1 << 30)
        XCTAssertLessThan(abs(d.value / 0.1234 - 1), 1e-8)
        XCTAssertThrowsError(try Dyadic.approximating(-1, what: "layer.scale")) { e in
            XCTAssertTrue("\(e)".hasPrefix("layer.scale: scale -1.0 must be"), "\(e)")
        }
        XCTAssertThrowsError(try Dyadic.approximating(1e30, bits: 30, what: "big")) { e in
            XCTAssertTrue("\(e)".contains("needs shift"), "\(e)")
        }
    }

    func testMatVecQ8MatchesTheTranscriptionAndTheFloatProduct() throws {
        let (n, d, gs, sx, sout) = (48, 12, 8, 0.02, 1.0 / 256)
        var rng = SeededRandom(seed: 11)
        let xq = (0..<n).map { _ in Int8(Int64(rng.next() % 255) - 127) }
        let wq = (0..<(n * d)).map { _ in Int8(Int64(rng.next() % 255) - 127) }
        let floatScales = (0..<(n * d / gs)).map { _ in rng.float(0.0005, 0.01) }
        let gsc = IntegerGroupScales(floatScales)
        let c = try Dyadic.approximating(sx * gsc.tensorScale / sout, bits: IntegerMatVecQ8.multiplierBits, what: "test")
        let kernel = try IntegerMatVecQ8.kernel(n: n, d: d, groupSize: gs, scale: c)
        let out = raw(try run(kernel, IntegerMatVecQ8.schedule(groupSize: gs),
                              ["xq": .raw(xq.map(Int64.init)), "wq": .raw(wq.map(Int64.init)), "ws": .raw(gsc.values.map(Int64.init))])["y"])
        XCTAssertEqual(out, IntegerReference.matvecQ8(xq: xq, wq: wq, ws: gsc.values, n: n, gs: gs, c: c).map(Int64.init))
        var worst = 0.0, largest = 0.0
        for r in 0..<d {
            var truth = 0.0
            for g in 0..<(n / gs) {
                let dot = (0..<gs).reduce(0.0) { $0 + Double(xq[g * gs + $1]) * Double(wq[r * n + g * gs + $1]) }
                truth += dot * Double(floatScales[r * (n / gs) + g]) * sx / sout
            }
            worst = max(worst, abs(Double(out[r]) - truth))
            largest = max(largest, abs(truth))
        }
        print("integer Q8_0 product: max error \(worst) output units of \(largest)")
        XCTAssertLessThan(worst / largest, 0.002)
    }

    func testRoPEMatchesTheTranscriptionAndRotates() throws {
        let shape = LlamaShape(dim: 16, hidden: 32, layers: 1, heads: 2, kvHeads: 1, vocab: 8, seqLen: 12)
        let kernel = try IntegerRoPE.kernel(shape: shape)
        let (cosT, sinT) = IntegerRoPE.tables(shape)
        var rng = SeededRandom(seed: 5)
        for pos in [0, 1, 7, 11] {
            let q = (0..<16).map { _ in Int32(Int64(rng.next() % 2_000_001) - 1_000_000) }
            let kv = (0..<8).map { _ in Int32(Int64(rng.next() % 2_000_001) - 1_000_000) }
            let out = try run(kernel, IntegerRoPE.schedule(), ["q": .raw(q.map(Int64.init)), "k": .raw(kv.map(Int64.init)), "pos": .raw([Int64(pos)])])
            let half = shape.headSize / 2
            XCTAssertEqual(raw(out["q"]), IntegerReference.rope(q, pos: pos, half: half, cos: cosT, sin: sinT).map(Int64.init), "pos \(pos)")
            XCTAssertEqual(raw(out["k"]), IntegerReference.rope(kv, pos: pos, half: half, cos: cosT, sin: sinT).map(Int64.init), "pos \(pos)")
            // Against the Double rotation: within the Q14 table rounding (|v| ≤ 10^6 → ≤ 10^6·2^-14·√2 + 1).
            let (c, s) = RoPE.tables(shape)
            for p in 0..<8 {
                let (fc, fs) = (c[pos * half + p % half], s[pos * half + p % half])
                let t0 = Double(q[2 * p]) * fc - Double(q[2 * p + 1]) * fs
                XCTAssertLessThan(abs(Double(raw(out["q"])[2 * p]) - t0), 90, "pos \(pos) pair \(p)")
            }
        }
    }
}
