import HLSIR
import HLSModels
import XCTest

/// The Q4 format: scale max|w|/7, round half away from zero, clamp to −7…7, two values per
/// byte with the even index in the low nibble.
final class Q4QuantizerTests: XCTestCase {
    func testKnownValuesAndNibbleOrder() throws {
        // Group 0: max 7 → scale 1; 2.5 rounds away from zero to 3, −0.5 to −1.
        // Group 1: max 3.5 → scale 0.5; values −3.5, 1.75 (3.5 → 4), 0.25 (0.5 → 1), 0.
        let t = try Q4Quantizer.quantize([7, 2.5, -0.5, -7, -3.5, 1.75, 0.25, 0], groupSize: 4)
        XCTAssertEqual(t.scales, [1, 0.5])
        XCTAssertEqual((0..<8).map { t.value($0) }, [7, 3, -1, -7, -7, 4, 1, 0])
        // Byte j: value 2j in bits 0–3, value 2j + 1 in bits 4–7, 4-bit two's complement.
        XCTAssertEqual(t.packed, [0x37, 0x9F, 0x49, 0x01])
        XCTAssertEqual(t.dequantized(), [7, 3, -1, -7, -3.5, 2, 0.5, 0])
        XCTAssertEqual(t.signedBytes, [0x37, -0x61, 0x49, 0x01])
    }

    func testPackingCoversEveryNibble() {
        for low in Int8(-8)...7 {
            for high in Int8(-8)...7 {
                let b = Q4Packing.pack(low: low, high: high)
                XCTAssertEqual(Q4Packing.unpack(b, high: false), low)
                XCTAssertEqual(Q4Packing.unpack(b, high: true), high)
            }
        }
    }

    func testRoundTripErrorIsAtMostHalfAStep() throws {
        var rng = SeededRandom(seed: 9)
        let values = (0..<4096).map { _ in rng.nextSignedUnitFloat() * 3 }
        let t = try Q4Quantizer.quantize(values, groupSize: 32)
        let back = t.dequantized()
        for i in values.indices {
            let step = t.scales[i / 32]
            XCTAssertLessThanOrEqual(abs(back[i] - values[i]), step / 2 * 1.0001, "element \(i)")
            XCTAssertTrue((-7...7).contains(t.value(i)))
        }
        // Re-quantizing the dequantized tensor gives the same tensor.
        XCTAssertEqual(try Q4Quantizer.quantize(back, groupSize: 32), t)
    }

    func testZeroGroupAndBadInputs() throws {
        let z = try Q4Quantizer.quantize([0, 0, 1, -1], groupSize: 2)
        XCTAssertEqual(z.scales, [0, 1.0 / 7])
        XCTAssertEqual(z.packed[0], 0)
        XCTAssertThrowsError(try Q4Quantizer.quantize([1, 2, 3], groupSize: 3)) { e in
            XCTAssertTrue("\(e)".contains("even"), "\(e)")
        }
        XCTAssertThrowsError(try Q4Quantizer.quantize([1, 2, 3, 4, 5, 6], groupSize: 4))
        XCTAssertThrowsError(try Q4Quantizer.quantize([1, .nan], groupSize: 2))
    }

    func testDefaultGroupSizeAndCheckpoint() throws {
        let stories260K = LlamaConfig(dim: 64, hiddenDim: 172, nLayers: 5, nHeads: 8, nKVHeads: 4, vocabSize: 512, seqLen: 512)
        XCTAssertEqual(try defaultQ4GroupSize(stories260K), 4)
        let c110M = LlamaConfig(dim: 768, hiddenDim: 2048, nLayers: 12, nHeads: 12, nKVHeads: 12, vocabSize: 32000, seqLen: 1024)
        XCTAssertEqual(try defaultQ4GroupSize(c110M), 32)
        let odd = LlamaConfig(dim: 30, hiddenDim: 45, nLayers: 1, nHeads: 3, nKVHeads: 3, vocabSize: 10, seqLen: 4)
        XCTAssertThrowsError(try defaultQ4GroupSize(odd))

        let config = LlamaConfig(dim: 32, hiddenDim: 48, nLayers: 2, nHeads: 8, nKVHeads: 4, vocabSize: 300, seqLen: 32)
        let float = try RandomModel.floatCheckpoint(config: config, seed: 3)
        let q = try Q4Checkpoint(quantizing: float)
        XCTAssertEqual(q.groupSize, 16)
        XCTAssertEqual(q.wq.count, float.weights.wq.count)
        XCTAssertEqual(q.wq.packed.count, float.weights.wq.count / 2)
        XCTAssertEqual(q.w2, try Q4Quantizer.quantize(float.weights.w2, groupSize: 16))
        XCTAssertThrowsError(try Q4Checkpoint(quantizing: float, groupSize: 1))
        XCTAssertThrowsError(try Q4Checkpoint(quantizing: float, groupSize: 5))
    }
}
