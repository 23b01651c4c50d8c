import HLSIR
import HLSLayers
import XCTest

/// The Llama designs state a role for every top-level argument, and the roles describe the
/// model: every tensor's shape, the KV cache parts, the engine ports' packed tensors.
final class LlamaRolesTests: XCTestCase {
    private let shape = LlamaShape(dim: 16, hidden: 24, layers: 2, heads: 4, kvHeads: 2, vocab: 40, seqLen: 8)

    func testForwardDesignsStateEveryRole() throws {
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            let d = try LlamaForward.design(shape, weights: weights, profile: .libm)
            XCTAssertEqual(ArgumentRoleValidator.problems(in: d), [])
            XCTAssertEqual(d.roles.family, .llama2c)
            XCTAssertEqual(Set(d.roles.byArgument.keys), Set(d.topKernel.parameters.map(\.name)))
            XCTAssertEqual(d.roles["token"], .token)
            XCTAssertEqual(d.roles["pos"], .position)
            XCTAssertEqual(d.roles["logits"], .logits)
            XCTAssertEqual(d.roles["key_cache"], .cache(CacheSlice(.key, layers: 2, positions: 8, heads: 2, headSize: 4)))
            let w2 = d.roles.tensors[weights == .float ? "w2" : "w2_q"]
            XCTAssertEqual(w2?.layers, 2)
            XCTAssertEqual(w2?.rows, 16)
            XCTAssertEqual(w2?.columns, 24)
            if case .q8 = weights { XCTAssertEqual(d.roles.tensors["wcls_s"]?.format, .q8Scales(groupSize: 4)) }
        }
    }

    /// With engines the matrices are packed (each port lists the tensors it takes) and the
    /// cache split into one part per attention engine.
    func testEngineDesignsPackAndSplit() throws {
        let d = try LlamaForward.design(shape, weights: .q8(groupSize: 4), profile: .libm, schedule: .hardware, engines: 2)
        XCTAssertEqual(ArgumentRoleValidator.problems(in: d), [])
        XCTAssertEqual(d.roles.arguments(.packed), ["w_q_e0", "w_q_e1", "w_s_e0", "w_s_e1"])
        guard case .packed(let tensors)? = d.roles["w_q_e1"] else { return XCTFail("w_q_e1 is not packed") }
        XCTAssertEqual(tensors.map(\.key).sorted(), LlamaForward.matrices.map { $0 + "_q" }.sorted())
        XCTAssertEqual(d.roles.caches.map(\.name), ["key_cache_e0", "key_cache_e1", "value_cache_e0", "value_cache_e1"])
        XCTAssertEqual(d.roles.caches.map(\.slice.heads), [1, 1, 1, 1])
    }

    func testPrefillDesignGathersTheEmbeddingRows() throws {
        let d = try LlamaPrefill.design(shape, weights: .q8(groupSize: 4), profile: .libm, block: 3)
        XCTAssertEqual(ArgumentRoleValidator.problems(in: d), [])
        XCTAssertEqual(d.roles["last"], .blockLast)
        XCTAssertEqual(d.roles["pos"], .position)
        XCTAssertEqual(d.roles["embedded"], .gathered(WeightTensor("token_embedding", rows: 40, columns: 16), rows: 3))
        let forward = try LlamaForward.design(shape, weights: .q8(groupSize: 4), profile: .libm)
        // The weights are the forward design's, with the same roles.
        for name in ["wq_q", "wcls_s", "rms_att", "key_cache", "value_cache", "logits"] { XCTAssertEqual(d.roles[name], forward.roles[name], name) }
    }
}
