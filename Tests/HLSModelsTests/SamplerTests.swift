import HLSModels
import XCTest

final class SamplerTests: XCTestCase {
    /// Reference values computed by hand-evaluating llama2.c's random_u32 for seed 42
    /// with 64-bit modular arithmetic.
    func testXorShiftMatchesLlama2c() {
        var rng = XorShiftRandom(seed: 42)
        XCTAssertEqual([rng.nextU32(), rng.nextU32(), rng.nextU32()], [1_456_360_119, 3_359_763_283, 3_393_612_768])
        var f = XorShiftRandom(seed: 42)
        XCTAssertEqual(f.nextF32(), Float(1_456_360_119 >> 8) / 16_777_216)
        XCTAssertEqual(f.nextF32(), Float(3_359_763_283 >> 8) / 16_777_216)
    }

    func testArgmaxTakesTheFirstMaximum() {
        XCTAssertEqual(SamplingFunctions.argmax([1, 3, 2, 3]), 1)
        XCTAssertEqual(SamplingFunctions.argmax([-1]), 0)
        var s = Sampler(temperature: 0, topp: 0.9, seed: 42)
        XCTAssertEqual(s.sample([0.5, 2, 2, -1]), 1)
        XCTAssertEqual(s.random, XorShiftRandom(seed: 42))  // greedy draws no random number
    }

    func testSoftmaxSubtractsTheMaximum() {
        var x: [Float] = [1000, 1000]
        SamplingFunctions.softmax(&x)
        XCTAssertEqual(x, [0.5, 0.5])
        var y: [Float] = [0, logf(3)]
        SamplingFunctions.softmax(&y)
        // Maximum ln 3: exps are expf(-ln 3) and expf(0) = 1, summed in float, then divided.
        let e = expf(0 - logf(3))
        XCTAssertEqual(y, [e / (e + 1), 1 / (e + 1)])
    }

    func testSampleMultWalksTheCDF() {
        let p: [Float] = [0.25, 0.5, 0.25]
        XCTAssertEqual(SamplingFunctions.sampleMult(p, coin: 0), 0)
        XCTAssertEqual(SamplingFunctions.sampleMult(p, coin: 0.25), 1)
        XCTAssertEqual(SamplingFunctions.sampleMult(p, coin: 0.74), 1)
        XCTAssertEqual(SamplingFunctions.sampleMult(p, coin: 0.75), 2)
        XCTAssertEqual(SamplingFunctions.sampleMult([0.1, 0.1], coin: 0.5), 1)  // CDF never passes: last
    }

    /// topp 0.5 over [0.1, 0.4, 0.1, 0.4]: the cutoff (1-0.5)/3 keeps indices 1 and 3,
    /// tied; glibc's stable qsort keeps 1 before 3; the cumulative mass first exceeds 0.5 at
    /// the second (0.8), so r = coin * 0.8 picks 1 below 0.4 and 3 above.
    func testTopPOrdersTiesByIndexLikeGlibc() {
        let p: [Float] = [0.1, 0.4, 0.1, 0.4]
        XCTAssertEqual(SamplingFunctions.sampleTopP(p, topp: 0.5, coin: 0.4), 1)
        XCTAssertEqual(SamplingFunctions.sampleTopP(p, topp: 0.5, coin: 0.6), 3)
        // topp 0.3: the first candidate (0.4) already exceeds it; only index 1 can be drawn.
        XCTAssertEqual(SamplingFunctions.sampleTopP(p, topp: 0.3, coin: 0.99), 1)
        // A larger, later probability sorts first.
        XCTAssertEqual(SamplingFunctions.sampleTopP([0.2, 0.7, 0.1], topp: 0.6, coin: 0.9), 1)
        XCTAssertEqual(SamplingFunctions.sampleTopP([.nan, .nan], topp: 0.5, coin: 0.5), 1)
    }

    func testTemperatureSamplingIsReproducibleAndUsesTheCoin() {
        let logits: [Float] = [1, 2, 3, 0.5, -1]
        var a = Sampler(temperature: 0.8, topp: 0.9, seed: 7)
        var b = Sampler(temperature: 0.8, topp: 0.9, seed: 7)
        let first = (0..<50).map { _ in a.sample(logits) }
        XCTAssertEqual(first, (0..<50).map { _ in b.sample(logits) })
        XCTAssertGreaterThan(Set(first).count, 1)
        // Plain sampling (topp 1) reproduces softmax + sample_mult with the same coin.
        var plain = Sampler(temperature: 2, topp: 1, seed: 42)
        var probabilities = logits.map { $0 / 2 }
        SamplingFunctions.softmax(&probabilities)
        var coins = XorShiftRandom(seed: 42)
        for _ in 0..<20 {
            XCTAssertEqual(plain.sample(logits), SamplingFunctions.sampleMult(probabilities, coin: coins.nextF32()))
        }
    }

    func testArgumentClampsFollowLlama2cMain() {
        XCTAssertEqual(Sampler(temperature: -1, topp: 0.5, seed: 1).temperature, 0)
        XCTAssertEqual(Sampler(temperature: 1, topp: 1.5, seed: 1).topp, 0.9)
        XCTAssertEqual(Sampler(temperature: 1, topp: -0.1, seed: 1).topp, 0.9)
        XCTAssertEqual(Sampler(temperature: 1, topp: 1, seed: 1).topp, 1)
    }
}
