import HLSIR

/// Seeded tokenizers in llama2.c's vocabulary shape, for random models on machines without
/// real tokenizer files: tokens 0–2 are `<unk>`, `\n<s>\n`, `\n</s>\n`; tokens 3–258 the
/// byte pieces `<0x00>`…`<0xFF>`; then " " and the printable ASCII characters; then merges of
/// two earlier tokens with descending scores until `vocabSize` tokens exist.
public enum SyntheticTokenizer {
    /// Throws `ModelFileError.invalidHeader` if `vocabSize` is below 260 (the specials, the
    /// 256 byte tokens and the " " dummy prefix).
    public static func make(vocabSize: Int, seed: UInt64) throws -> Tokenizer {
        let minimum = 3 + 256 + 1
        if vocabSize < minimum {
            throw ModelFileError.invalidHeader(
                file: "synthetic tokenizer", reason: "vocab_size \(vocabSize) is below \(minimum)")
        }
        var pieces: [[UInt8]] = [Array("<unk>".utf8), Array("\n<s>\n".utf8), Array("\n</s>\n".utf8)]
        for byte in 0..<256 {
            let hex = String(byte, radix: 16, uppercase: true)
            pieces.append(Array("<0x\(hex.count == 1 ? "0" + hex : hex)>".utf8))
        }
        var scores = [Float](repeating: 0, count: pieces.count)
        var known = Set(pieces)
        for byte in UInt8(0x20)...UInt8(0x7E) where pieces.count < vocabSize {
            pieces.append([byte])
            scores.append(-1e6)  // single characters never win a merge over real merges
            known.insert([byte])
        }
        var rng = SeededRandom(seed: seed)
        let firstMergeable = 3 + 256
        var rank: Float = 0
        var attempts = 0
        while pieces.count < vocabSize {
            attempts += 1
            let a = pieces[firstMergeable + Int(rng.next() % UInt64(pieces.count - firstMergeable))]
            let b = pieces[firstMergeable + Int(rng.next() % UInt64(pieces.count - firstMergeable))]
            var merged = a + b
            if merged.count > 16 || known.contains(merged) {
                // Fall back to a fresh, unique token so generation always terminates.
                if attempts % 8 != 0 { continue }
                merged = Array("<tok\(pieces.count)>".utf8)
                if known.contains(merged) { continue }
            }
            known.insert(merged)
            pieces.append(merged)
            scores.append(-rank)
            rank += 1
        }
        let maxLength = pieces.map(\.count).max() ?? 0
        return try Tokenizer(pieces: pieces, scores: scores, maxTokenLength: maxLength)
    }
}
