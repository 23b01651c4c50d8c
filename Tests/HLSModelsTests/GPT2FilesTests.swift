import Foundation
import HLSModels
import XCTest

/// llm.c's GPT-2 checkpoint and decoder files, and its sampler.
final class GPT2FilesTests: XCTestCase {
    static let config = GPT2Config(maxSeqLen: 8, vocabSize: 30, nLayers: 2, nHeads: 2, channels: 8, paddedVocabSize: 32)

    func testCheckpointRoundTripsBitForBit() throws {
        let c = try GPT2RandomModel.checkpoint(config: Self.config, seed: 3)
        let data = try c.serialized()
        XCTAssertEqual(data.count, try GPT2TensorSizes(Self.config, file: "x").fileBytes)
        XCTAssertTrue(GPT2Checkpoint.hasMagic(data))
        let back = try GPT2Checkpoint(data: data, file: "x")
        XCTAssertEqual(back.config, Self.config)
        for name in GPT2TensorSizes.names {
            XCTAssertEqual(back.tensor(name).map(\.bitPattern), c.tensor(name).map(\.bitPattern), name)
        }
        // wte's padding rows are zero; the same seed gives the same bits.
        XCTAssertTrue(c.tensor("wte")[(30 * 8)...].allSatisfy { $0 == 0 })
        XCTAssertEqual(try GPT2RandomModel.checkpoint(config: Self.config, seed: 3).serialized(), data)
    }

    func testHeaderErrorsAreOneLine() throws {
        let data = try GPT2RandomModel.checkpoint(config: Self.config, seed: 3).serialized()
        var v5 = data
        v5[4] = 5
        XCTAssertThrowsError(try GPT2Checkpoint(data: v5, file: "m.bin")) {
            XCTAssertEqual("\($0)", "m.bin: invalid header: GPT-2 checkpoint version is 5 (bf16), expected 3 (llm.c float32)")
        }
        var magic = data
        magic[0] = 1
        XCTAssertThrowsError(try GPT2Checkpoint(data: magic, file: "m.bin")) { XCTAssertTrue("\($0)".contains("expected 20240326")) }
        XCTAssertThrowsError(try GPT2Checkpoint(data: data.dropLast(4), file: "m.bin")) {
            XCTAssertTrue("\($0)".hasPrefix("m.bin: file is"), "\($0)")
        }
        var huge = data
        huge.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0x7F])  // max_seq_len 2^31−1
        XCTAssertThrowsError(try GPT2Checkpoint(data: huge, file: "m.bin")) { XCTAssertTrue("\($0)".hasPrefix("m.bin: "), "\($0)") }
        var padded = data
        padded.replaceSubrange(28..<32, with: [10, 0, 0, 0])  // padded vocab 10 < vocab 30
        XCTAssertThrowsError(try GPT2Checkpoint(data: padded, file: "m.bin")) { XCTAssertTrue("\($0)".contains("smaller than vocab_size 30")) }
    }

    func testDecoderRoundTripsAndChecksItsHeader() throws {
        let d = GPT2Decoder.synthetic(vocabSize: 30, seed: 2)
        let back = try GPT2Decoder(data: d.serialized(), file: "t.bin", vocabSize: 30)
        XCTAssertEqual(back, d)
        XCTAssertEqual(try back.printable(3), d.pieces[3])
        XCTAssertThrowsError(try back.printable(30))
        XCTAssertThrowsError(try GPT2Decoder(data: d.serialized(), file: "t.bin", vocabSize: 31)) {
            XCTAssertEqual("\($0)", "t.bin: tokenizer has 30 tokens, expected 31 (the model's vocab_size)")
        }
        var v1 = d.serialized()
        v1[4] = 1
        XCTAssertEqual(try GPT2Decoder(data: v1, file: "t.bin", vocabSize: nil).endOfText, 50256)
        XCTAssertThrowsError(try GPT2Decoder(data: d.serialized().dropLast(1), file: "t.bin", vocabSize: nil)) {
            XCTAssertTrue("\($0)".contains("truncated"))
        }
        // A control byte alone prints nothing (llm.c's safe_printf).
        XCTAssertEqual(try GPT2Decoder(pieces: [[0x07], [0x0A]]).printable(0), [])
        XCTAssertEqual(try GPT2Decoder(pieces: [[0x07], [0x0A]]).printable(1), [0x0A])
    }

    func testSamplerFollowsLlmC() {
        // Greedy: the first maximal logit among the real vocabulary (padding ignored).
        var greedy = GPT2Sampler(vocabSize: 4, temperature: 0)
        XCTAssertEqual(greedy.sample([1, 3, 3, 2, 9]), 1)
        // Sampling: one xorshift* coin per token, sample_mult over softmax(−10000 start).
        var s = GPT2Sampler(vocabSize: 3, seed: 1337)
        var rng = XorShiftRandom(seed: 1337)
        let logits: [Float] = [0.5, -1, 2, 100]
        var probs = Array(logits[0..<3])
        GPT2Sampler.softmax(&probs)
        for _ in 0..<20 {
            let coin = rng.nextF32()
            XCTAssertEqual(s.sample(logits), SamplingFunctions.sampleMult(probs, coin: coin))
        }
        // Logits all below −10000 keep maxval at −10000 (exp underflows: sum 0 → NaN probs, last index).
        var low = [Float](repeating: -20000, count: 3)
        GPT2Sampler.softmax(&low)
        XCTAssertTrue(low.allSatisfy { $0.isNaN })
        XCTAssertEqual(GPT2Sampler.defaultSeed, 1337)
    }

    func testQuantizationChecksTheGroupSize() throws {
        let c = try GPT2RandomModel.checkpoint(config: Self.config, seed: 3)
        XCTAssertEqual(try GPT2Quantized(c).groupSize, 8)
        XCTAssertEqual(try GPT2Quantized(c, groupSize: 4).tensors["fcprojw"]?.scales.count, 2 * 8 * 32 / 4)
        XCTAssertThrowsError(try GPT2Quantized(c, groupSize: 3))
    }
}
