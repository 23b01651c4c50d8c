import Foundation
import HLSModels
import XCTest

/// Checks against the real llama2.c files in ../shared/models (skipped when absent).
final class RealModelFileTests: XCTestCase {
    func testStories260KFloatHeader() throws {
        let model = try FloatCheckpoint(contentsOf: try ModelFixtures.realFile("stories260K.bin"))
        XCTAssertEqual(model.config, .stories260K)
        XCTAssertNil(model.weights.wcls)
        XCTAssertEqual(model.weights.tokenEmbedding.count, 512 * 64)
        XCTAssertEqual(model.weights.rmsFinal.count, 64)
    }

    func testStories260KFloatRewritesByteIdentically() throws {
        let url = try ModelFixtures.realFile("stories260K.bin")
        XCTAssertEqual(try FloatCheckpoint(contentsOf: url).serialized(), try Data(contentsOf: url))
    }

    func testStories260KQ8Header() throws {
        let model = try Q8Checkpoint(contentsOf: try ModelFixtures.realFile("stories260K_q80.bin"))
        XCTAssertEqual(model.config, .stories260K)
        XCTAssertEqual(model.groupSize, 4)
        XCTAssertNil(model.weights.wcls)
        XCTAssertEqual(try model.serialized(), try Data(contentsOf: try ModelFixtures.realFile("stories260K_q80.bin")))
    }

    /// Quantizing the float weights with group size 4 reproduces the Q8_0 file exactly:
    /// every int8 value, every scale, the float norms.
    func testQuantizingTheFloatModelReproducesTheQ8File() throws {
        let float = try FloatCheckpoint(contentsOf: try ModelFixtures.realFile("stories260K.bin"))
        let file = try Q8Checkpoint(contentsOf: try ModelFixtures.realFile("stories260K_q80.bin"))
        let ours = try Q8Checkpoint(quantizing: float)
        XCTAssertEqual(ours.groupSize, 4)
        let names = ["q_tokens", "wq", "wk", "wv", "wo", "w1", "w2", "w3"]
        let a = ours.weights, b = file.weights
        for (name, (x, y)) in zip(names, zip([a.tokens, a.wq, a.wk, a.wv, a.wo, a.w1, a.w2, a.w3],
                                             [b.tokens, b.wq, b.wk, b.wv, b.wo, b.w1, b.w2, b.w3])) {
            XCTAssertEqual(x.values, y.values, "\(name) int8 values")
            XCTAssertEqual(x.scales.map(\.bitPattern), y.scales.map(\.bitPattern), "\(name) scales")
        }
        XCTAssertEqual(a.rmsAtt, b.rmsAtt)
        XCTAssertEqual(a.rmsFFN, b.rmsFFN)
        XCTAssertEqual(a.rmsFinal, b.rmsFinal)
        XCTAssertEqual(try ours.serialized(), try file.serialized())
    }

    func testLlamaTokenizerLoadsWith32000Tokens() throws {
        let tokenizer = try Tokenizer(contentsOf: try ModelFixtures.realFile("tokenizer.bin"), vocabSize: 32000)
        XCTAssertEqual(tokenizer.maxTokenLength, 27)
        XCTAssertEqual(tokenizer.pieces[1], Array("\n<s>\n".utf8))
        // "Hello" → dummy prefix merges into "▁Hello" (id 15043 in Llama 2's vocabulary).
        XCTAssertEqual(try tokenizer.encode("Hello", bos: true), [1, 15043])
    }
}
