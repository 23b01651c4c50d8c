import HLSModels
import XCTest

final class Q8QuantizerTests: XCTestCase {
    func testScaleIsMaxAbsOver127AndRoundingIsHalfAwayFromZero() throws {
        // Group 1: max |x| = 127 → scale 1, so 2.5 and -2.5 round away from zero (3, -3; ties-to-even would give 2, -2).
        // Group 2: all zero → scale 0, values 0.
        // Group 3: max |x| = 0.5 → scale 0.5/127; 0.25 → 63.5 → 64.
        let t = try Q8Quantizer.quantize([127, 2.5, -2.5, 0.4, 0, 0, 0, 0, -0.5, 0.25, 0, 0.5], groupSize: 4)
        XCTAssertEqual(t.scales, [1, 0, Float(0.5) / 127])
        XCTAssertEqual(t.values, [127, 3, -3, 0, 0, 0, 0, 0, -127, 64, 0, 127])
        XCTAssertEqual(t.groupSize, 4)
    }

    func testQuantizingACheckpointKeepsNormsAndSharing() throws {
        for shared in [true, false] {
            let float = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: shared), seed: 5)
            let q8 = try Q8Checkpoint(quantizing: float, groupSize: 2)
            XCTAssertEqual(q8.groupSize, 2)
            XCTAssertEqual(q8.weights.rmsAtt, float.weights.rmsAtt)
            XCTAssertEqual(q8.weights.rmsFinal, float.weights.rmsFinal)
            XCTAssertEqual(q8.weights.wcls == nil, shared)
            XCTAssertEqual(q8.weights.w2, try Q8Quantizer.quantize(float.weights.w2, groupSize: 2))
            // Dequantized weights are within half a step of the originals.
            let back = q8.weights.wq.dequantized()
            for i in back.indices {
                XCTAssertLessThanOrEqual(abs(back[i] - float.weights.wq[i]), q8.weights.wq.scales[i / 2] * 0.5001)
            }
        }
    }

    func testRejectsBadGroupSizesAndNonFiniteWeights() throws {
        assertModelError(.invalidGroupSize(file: "wq", groupSize: 3, reason: "does not divide the element count 4"),
                         message: "wq: group size 3 does not divide the element count 4") {
            try Q8Quantizer.quantize([1, 2, 3, 4], groupSize: 3, tensor: "wq")
        }
        assertModelError(.invalidGroupSize(file: "tensor", groupSize: 0, reason: "is not positive"),
                         message: "tensor: group size 0 is not positive") {
            try Q8Quantizer.quantize([1, 2], groupSize: 0)
        }
        assertModelError(.nonFiniteWeight(tensor: "w1", index: 1),
                         message: "weights: w1[1] is not finite, expected a finite value to quantize") {
            try Q8Quantizer.quantize([1, .nan], groupSize: 2, tensor: "w1")
        }
        let float = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: true), seed: 5)
        assertModelError(.invalidGroupSize(file: "quantizer", groupSize: 16, reason: "does not divide hidden_dim 24"),
                         message: "quantizer: group size 16 does not divide hidden_dim 24") {
            try Q8Checkpoint(quantizing: float, groupSize: 16)
        }
    }
}
