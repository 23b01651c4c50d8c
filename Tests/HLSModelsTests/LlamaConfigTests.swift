import HLSModels
import XCTest

final class LlamaConfigTests: XCTestCase {
    func testDerivedSizes() {
        let c = LlamaConfig.stories260K
        XCTAssertEqual(c.headSize, 8)
        XCTAssertEqual(c.kvDim, 32)
        XCTAssertEqual(c.kvGroupSize, 2)
        XCTAssertEqual(LlamaConfig.stories15M.headSize, 48)
        XCTAssertEqual(LlamaConfig.stories15M.kvDim, 288)
    }

    func testDefaultGroupSizeDividesDimAndHiddenDim() {
        XCTAssertEqual(defaultGroupSize(.stories260K), 4)  // 172 = 4 * 43
        XCTAssertEqual(defaultGroupSize(.stories15M), 32)  // 288 = 32 * 9
        var c = LlamaConfig.stories260K
        c.dim = 128
        c.hiddenDim = 384
        XCTAssertEqual(defaultGroupSize(c), 64)
        c.hiddenDim = 345
        XCTAssertEqual(defaultGroupSize(c), 1)
        c.hiddenDim = 258
        XCTAssertEqual(defaultGroupSize(c), 2)
    }

    func testTensorSizesFollowLlama2c() throws {
        let s = try LlamaTensorSizes(.stories260K, file: "x")
        XCTAssertEqual(s.tokenEmbedding, 512 * 64)
        XCTAssertEqual(s.rmsNorm, 5 * 64)
        XCTAssertEqual(s.wq, 5 * 64 * 64)
        XCTAssertEqual(s.wk, 5 * 64 * 32)
        XCTAssertEqual(s.ffn, 5 * 64 * 172)
        XCTAssertEqual(s.legacyRopeTable, 512 * 8 / 2)
        XCTAssertEqual(try LlamaTensorSizes.floatFileBytes(.stories260K, file: "x"), 1_056_540)
        XCTAssertEqual(try LlamaTensorSizes.q8FileBytes(.stories260K, groupSize: 4, file: "x"), 521_728)
    }

    func testValidationRejectsImpossibleHeaders() {
        var c = LlamaConfig.stories260K
        c.nLayers = 0
        assertModelError(.invalidHeader(file: "m.bin", reason: "n_layers is 0, expected a positive size"),
                         message: "m.bin: invalid header: n_layers is 0, expected a positive size") {
            try c.validate(file: "m.bin")
        }
        c = .stories260K
        c.seqLen = -3
        assertModelError(.invalidHeader(file: "m.bin", reason: "seq_len is -3, expected a positive size"),
                         message: "m.bin: invalid header: seq_len is -3, expected a positive size") {
            try c.validate(file: "m.bin")
        }
        c = .stories260K
        c.nHeads = 6
        assertModelError(.invalidHeader(file: "m.bin", reason: "dim 64 is not divisible by n_heads 6"),
                         message: "m.bin: invalid header: dim 64 is not divisible by n_heads 6") {
            try c.validate(file: "m.bin")
        }
        c = .stories260K
        c.nKVHeads = 3
        assertModelError(.invalidHeader(file: "m.bin", reason: "n_heads 8 is not divisible by n_kv_heads 3"),
                         message: "m.bin: invalid header: n_heads 8 is not divisible by n_kv_heads 3") {
            try c.validate(file: "m.bin")
        }
        c = LlamaConfig(dim: 1 << 31, hiddenDim: 1 << 31, nLayers: 1 << 31, nHeads: 1, nKVHeads: 1,
                        vocabSize: 1, seqLen: 1)
        assertModelError(.sizeOverflow(file: "m.bin"),
                         message: "m.bin: invalid header: the sizes overflow a 64-bit byte count") {
            try c.validate(file: "m.bin")
        }
        XCTAssertNoThrow(try LlamaConfig.stories260K.validate(file: "m.bin"))
    }
}
