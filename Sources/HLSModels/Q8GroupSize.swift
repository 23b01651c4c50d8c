/// Which Q8_0 group sizes a model admits. runq.c quantizes the activations fed to every
/// matmul per group — vectors of `dim` (into wq, wk, wv, wo, w1, w3, the classifier) and
/// of `hidden_dim` (into w2) — so the group size must divide both; every weight matrix's
/// per-layer size is then a multiple of it as well.
enum Q8GroupSize {
    static func check(_ groupSize: Int, config: LlamaConfig, file: String) throws {
        if groupSize <= 0 {
            throw ModelFileError.invalidGroupSize(file: file, groupSize: groupSize, reason: "is not positive")
        }
        for (name, size) in [("dim", config.dim), ("hidden_dim", config.hiddenDim)] where size % groupSize != 0 {
            throw ModelFileError.invalidGroupSize(
                file: file, groupSize: groupSize, reason: "does not divide \(name) \(size)")
        }
    }
}

/// HLSGen's default Q8_0 group size: the largest of 64, 32, 16, 8, 4, 2, 1 that divides
/// both `dim` and `hidden_dim` (stories260K, hidden_dim 172: 4). export.py halves from 64
/// until the size divides `dim` only; dividing `hidden_dim` too is what runq.c needs.
public func defaultGroupSize(_ config: LlamaConfig) -> Int {
    for candidate in [64, 32, 16, 8, 4, 2] where config.dim % candidate == 0 && config.hiddenDim % candidate == 0 {
        return candidate
    }
    return 1
}
