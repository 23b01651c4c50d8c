import Foundation

/// llama2.c's sampling primitives (run.c), operation for operation in float32 so that
/// results match the C program bit for bit.
public enum SamplingFunctions {
    /// `sample_argmax`: the index of the largest value, the first one on ties (0 if empty).
    public static func argmax(_ values: [Float]) -> Int {
        guard var best = values.first else { return 0 }
        var bestIndex = 0
        for i in 1..<values.count where values[i] > best {
            best = values[i]
            bestIndex = i
        }
        return bestIndex
    }

    /// `softmax`: subtract the maximum, `expf` each value while summing left to right in
    /// float, then divide each by the sum.
    public static func softmax(_ x: inout [Float]) {
        guard var maxValue = x.first else { return }
        for value in x.dropFirst() where value > maxValue { maxValue = value }
        var sum: Float = 0
        for i in x.indices {
            x[i] = expf(x[i] - maxValue)
            sum += x[i]
        }
        for i in x.indices { x[i] /= sum }
    }

    /// `sample_mult`: the first index whose running float CDF exceeds `coin`, else the last.
    public static func sampleMult(_ probabilities: [Float], coin: Float) -> Int {
        var cdf: Float = 0
        for i in probabilities.indices {
            cdf += probabilities[i]
            if coin < cdf { return i }
        }
        return max(0, probabilities.count - 1)
    }

    /// `sample_topp`: keep indices with probability ≥ (1 - topp) / (n - 1), sort them by
    /// probability descending, cut after the cumulative probability first exceeds `topp`,
    /// and sample within that prefix with `coin` scaled by its mass.
    ///
    /// llama2.c sorts with `qsort`, which the C standard leaves unstable. glibc's `qsort`
    /// is a merge sort (stable) whenever it can allocate its buffer — always at vocabulary
    /// sizes — so equal probabilities keep ascending index order here, as with glibc.
    /// If nothing passes the cutoff (only with NaN inputs) the last index is returned.
    public static func sampleTopP(_ probabilities: [Float], topp: Float, coin: Float) -> Int {
        let n = probabilities.count
        guard n > 0 else { return 0 }
        let cutoff = (1.0 - topp) / Float(n - 1)
        var candidates: [(probability: Float, index: Int)] = []
        for i in 0..<n where probabilities[i] >= cutoff {
            candidates.append((probabilities[i], i))
        }
        guard !candidates.isEmpty else { return n - 1 }
        candidates.sort { a, b in
            a.probability > b.probability || (a.probability == b.probability && a.index < b.index)
        }
        var cumulative: Float = 0
        var lastIndex = candidates.count - 1
        for i in candidates.indices {
            cumulative += candidates[i].probability
            if cumulative > topp {
                lastIndex = i
                break
            }
        }
        let r = coin * cumulative
        var cdf: Float = 0
        for i in 0...lastIndex {
            cdf += candidates[i].probability
            if r < cdf { return candidates[i].index }
        }
        return candidates[lastIndex].index
    }
}
