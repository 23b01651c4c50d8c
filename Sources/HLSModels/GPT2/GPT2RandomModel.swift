import HLSIR

/// Seeded random GPT-2 checkpoints for tests and Generated/: matrices uniform in ±1/√in,
/// biases in ±0.1, embeddings in ±1 (wte) and ±0.1 (wpe), LayerNorm weights in [0.5, 1.5)
/// and biases in ±0.1; wte's padding rows are zero, as llm.c writes them. The same config
/// and seed always give the same bits.
public enum GPT2RandomModel {
    public static func checkpoint(config: GPT2Config, seed: UInt64) throws -> GPT2Checkpoint {
        try config.validate(file: "config")
        let sizes = try GPT2TensorSizes(config, file: "config")
        var rng = SeededRandom(seed: seed)
        let C = Float(config.channels)
        let scale: [String: Float] = [
            "wte": 1, "wpe": 0.1, "qkvw": 1 / C.squareRoot(), "attprojw": 1 / C.squareRoot(),
            "fcw": 1 / C.squareRoot(), "fcprojw": 1 / (4 * C).squareRoot(),
        ]
        var tensors: [String: [Float]] = [:]
        for (name, count) in sizes.tensors {
            if name.hasSuffix("w") && name.hasPrefix("ln") {
                tensors[name] = (0..<count).map { _ in 1 + 0.5 * rng.nextSignedUnitFloat() }
            } else {
                let s = scale[name] ?? 0.1
                tensors[name] = (0..<count).map { _ in rng.nextSignedUnitFloat() * s }
            }
        }
        let real = config.vocabSize * config.channels
        for i in real..<tensors["wte"]!.count { tensors["wte"]![i] = 0 }
        return try GPT2Checkpoint(config: config, tensors: tensors)
    }
}
