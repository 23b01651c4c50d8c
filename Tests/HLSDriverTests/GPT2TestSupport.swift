import Foundation
import HLSModels

/// GPT-2 model files for the tests: seeded random checkpoints and decoder files written by
/// the project itself (the shared gpt2_tiny files come through `LlamaTestSupport.requireModels`).
enum GPT2TestSupport {
    /// A small shape: 3 layers, 2 heads of 8, vocabulary 97 padded to 104, 16 positions.
    static let smallConfig = GPT2Config(maxSeqLen: 16, vocabSize: 97, nLayers: 3, nHeads: 2, channels: 16, paddedVocabSize: 104)

    /// Writes a random checkpoint and a synthetic decoder of its vocabulary into `dir`.
    static func writeRandomModel(_ config: GPT2Config = smallConfig, seed: UInt64 = 5, into dir: String) throws -> (String, String) {
        let checkpoint = "\(dir)/gpt2-\(config.channels)-\(config.nLayers)-\(seed).bin"
        try GPT2RandomModel.checkpoint(config: config, seed: seed).write(to: URL(fileURLWithPath: checkpoint))
        let tok = "\(dir)/gpt2-tok-\(config.vocabSize).bin"
        try GPT2Decoder.synthetic(vocabSize: config.vocabSize, seed: seed).write(to: URL(fileURLWithPath: tok))
        return (checkpoint, tok)
    }

    /// The ids a run prints with `--ids`.
    static func ids(_ text: [UInt8]) -> [Int] {
        String(decoding: text, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
    }
}
