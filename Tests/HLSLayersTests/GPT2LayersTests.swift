import Foundation
import HLSIR
import HLSLayers
import XCTest

/// GPT-2's constants as llm.c computes them, and the forward design on GPT-2 124M's shape.
final class GPT2LayersTests: XCTestCase {
    func testConstantsAreLlmCs() {
        // sqrtf(2.0f / M_PI): the double quotient rounded to float, then sqrtf.
        XCTAssertEqual(GELU.scaling.bitPattern, sqrtf(Float(2.0 / Double.pi)).bitPattern)
        // (float)(1.0 / (double)sqrtf(hs)).
        for hs in [8, 16, 64, 80, 96, 128] {
            XCTAssertEqual(GPT2Attention.scale(headSize: hs).bitPattern, Float(1.0 / Double(sqrtf(Float(hs)))).bitPattern, "hs \(hs)")
        }
    }

    /// GPT-2 124M (C 768, 12 layers, 12 heads, vocab 50257 padded to 50304, 1024 positions):
    /// every weight format, profile and schedule builds, validates and binds without warnings.
    func testGPT2SmallShapeBindsCleanly() throws {
        let s = GPT2Shape(channels: 768, layers: 12, heads: 12, vocab: 50257, paddedVocab: 50304, seqLen: 1024)
        for weights in [LlamaWeights.float, .q8(groupSize: 64)] {
            for style in GPT2Schedule.allCases {
                let d = try GPT2Forward.design(s, weights: weights, profile: .exact, schedule: style)
                XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(weights) \(style)")
                let bound = try BoundDesign.bind(d)
                XCTAssertEqual(bound.warnings, [], "\(weights) \(style)")
            }
        }
        XCTAssertEqual(GPT2Attention.blockRows(s), 16)
    }

    func testImpossibleShapesAreOneLineProblems() {
        let bad = GPT2Shape(channels: 10, layers: 1, heads: 3, vocab: 20, paddedVocab: 16, seqLen: 1)
        XCTAssertThrowsError(try GPT2Forward.design(bad, weights: .float, profile: .libm)) { e in
            let problems = (e as? DesignError)?.problems ?? []
            XCTAssertEqual(problems.count, 3, "\(problems)")
        }
        let s = GPT2Shape(channels: 16, layers: 1, heads: 2, vocab: 20, paddedVocab: 20, seqLen: 4)
        XCTAssertThrowsError(try GPT2Forward.design(s, weights: .q8(groupSize: 5), profile: .libm))
    }
}
