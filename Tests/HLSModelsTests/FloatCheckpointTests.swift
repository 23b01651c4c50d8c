import Foundation
import HLSModels
import XCTest

final class FloatCheckpointTests: XCTestCase {
    func testRoundTripsSharedAndUnsharedRandomModels() throws {
        let dir = try ModelFixtures.scratchDirectory()
        for shared in [true, false] {
            let model = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: shared), seed: 7)
            let url = dir.appendingPathComponent("tiny-\(shared).bin")
            try model.write(to: url)
            let read = try FloatCheckpoint(contentsOf: url)
            XCTAssertEqual(read.config, model.config)
            XCTAssertEqual(read.weights.wq, model.weights.wq)
            XCTAssertEqual(read.weights.wcls, model.weights.wcls)
            XCTAssertEqual(read.weights.classifier, shared ? model.weights.tokenEmbedding : model.weights.wcls)
            // The writer's RoPE tables are preserved, so the whole struct round-trips.
            var expected = model
            expected.weights.legacyRopeTables = read.weights.legacyRopeTables
            XCTAssertEqual(read, expected)
            XCTAssertEqual(try read.serialized(), try Data(contentsOf: url))
            guard case .float(let viaEnum) = try Checkpoint(contentsOf: url) else {
                return XCTFail("a version-0 file must load as .float")
            }
            XCTAssertEqual(viaEnum, read)
        }
    }

    func testNegativeVocabSizeMarksAnUnsharedClassifier() throws {
        let data = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: false), seed: 1).serialized()
        let vocab = data.subdata(in: 20..<24).withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
        XCTAssertEqual(vocab, -11)
    }

    /// A hand-built file whose every float is its own index: each tensor must start at the
    /// offset llama2.c's memory_map_weights gives it.
    func testTensorOffsetsMatchLlama2cLayout() throws {
        // dim 4, hidden 6, 2 layers, 2 heads, 1 KV head (head_size 2, kv_dim 2), vocab 5 (unshared), seq 3.
        let header: [Int32] = [4, 6, 2, 2, 1, -5, 3]
        var data = Data()
        for v in header { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        let totalFloats = 20 + 8 + 32 + 16 + 16 + 32 + 8 + 48 * 3 + 4 + 3 + 3 + 20
        XCTAssertEqual(totalFloats, 306)
        for i in 0..<totalFloats { withUnsafeBytes(of: Float(i).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        let w = try FloatCheckpoint(data: data, file: "hand.bin").weights
        let starts: [(String, [Float], Int, Int)] = [
            ("emb", w.tokenEmbedding, 0, 20), ("rms_att", w.rmsAtt, 20, 8), ("wq", w.wq, 28, 32), ("wk", w.wk, 60, 16),
            ("wv", w.wv, 76, 16), ("wo", w.wo, 92, 32), ("rms_ffn", w.rmsFFN, 124, 8), ("w1", w.w1, 132, 48),
            ("w2", w.w2, 180, 48), ("w3", w.w3, 228, 48), ("rms_final", w.rmsFinal, 276, 4),
            ("rope", w.legacyRopeTables ?? [], 280, 6), ("wcls", w.wcls ?? [], 286, 20),
        ]
        for (name, tensor, start, count) in starts {
            XCTAssertEqual(tensor, (start..<(start + count)).map(Float.init), name)
        }
    }

    func testWriterRejectsInconsistentWeights() throws {
        var model = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: true), seed: 2)
        model.weights.w2.removeLast()
        assertModelError(.inconsistentWeights(tensor: "w2", expected: 768, actual: 767),
                         message: "weights: w2 has 767 elements, expected 768 for this config") {
            try model.serialized()
        }
        model = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: true), seed: 2)
        model.weights.wcls = model.weights.tokenEmbedding
        assertModelError(.inconsistentWeights(tensor: "wcls", expected: 0, actual: 176),
                         message: "weights: wcls has 176 elements, expected 0 for this config") {
            try model.serialized()
        }
    }

    func testRandomModelsAreSeeded() throws {
        let a = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: true), seed: 3)
        let b = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: true), seed: 3)
        let c = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: true), seed: 4)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a.weights.wq, c.weights.wq)
        XCTAssertTrue(a.weights.wq.allSatisfy { abs($0) <= 0.25 })  // ±1/√16
        XCTAssertTrue(a.weights.rmsAtt.allSatisfy { $0 >= 0.5 && $0 < 1.5 })
    }
}
