import HLSIR
import HLSLayers
import XCTest

/// The GPT-2 forward design states an llm.c role for every top-level argument: the float
/// embedding the lookup reads and, for Q8_0, the classifier's wte_q/wte_s.
final class GPT2RolesTests: XCTestCase {
    private let shape = GPT2Shape(channels: 16, layers: 2, heads: 4, vocab: 50, paddedVocab: 56, seqLen: 8)

    func testForwardDesignStatesEveryRole() throws {
        for weights in [LlamaWeights.float, .q8(groupSize: 8)] {
            for schedule in GPT2Schedule.allCases {
                let d = try GPT2Forward.design(shape, weights: weights, profile: .libm, schedule: schedule)
                XCTAssertEqual(ArgumentRoleValidator.problems(in: d), [])
                XCTAssertEqual(d.roles.family, .gpt2)
                XCTAssertEqual(Set(d.roles.byArgument.keys), Set(d.topKernel.parameters.map(\.name)))
                XCTAssertEqual(d.roles["token"], .token)
                XCTAssertEqual(d.roles["pos"], .position)
                XCTAssertEqual(d.roles["logits"], .logits)
                XCTAssertEqual(d.roles["value_cache"], .cache(CacheSlice(.value, layers: 2, positions: 8, heads: 4, headSize: 4)))
                XCTAssertEqual(d.roles["wte"], .weights(WeightTensor("wte", rows: 56, columns: 16)))
                XCTAssertEqual(d.roles["wpe"], .weights(WeightTensor("wpe", rows: 8, columns: 16)))
                XCTAssertEqual(d.roles["fcb"], .weights(WeightTensor("fcb", layers: 2, columns: 64)))
                let fcproj = d.roles.tensors[weights == .float ? "fcprojw" : "fcprojw_q"]
                XCTAssertEqual([fcproj?.layers, fcproj?.rows, fcproj?.columns], [2, 16, 64])
                if case .q8 = weights {
                    XCTAssertEqual(d.roles.tensors["wte_s"], WeightTensor("wte", format: .q8Scales(groupSize: 8), rows: 56, columns: 16))
                    XCTAssertNil(d.roles["qkvw"])
                } else {
                    XCTAssertNil(d.roles["wte_q"])
                }
            }
        }
    }
}
