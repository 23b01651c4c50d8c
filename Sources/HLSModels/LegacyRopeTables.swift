import Foundation

/// The freq_cis_real / freq_cis_imag tables llama2.c's legacy exporter appends to version-0
/// files: for position `t` and pair `i`, cos and sin of `t / 10000^(2i / head_size)`, each
/// table (seq_len, head_size / 2). run.c skips them; writers emit them so files match the
/// exporter's layout.
enum LegacyRopeTables {
    static func compute(_ config: LlamaConfig) -> [Float] {
        let half = config.headSize / 2
        var real: [Float] = []
        var imag: [Float] = []
        real.reserveCapacity(config.seqLen * half)
        imag.reserveCapacity(config.seqLen * half)
        for t in 0..<config.seqLen {
            for i in 0..<half {
                let frequency = 1.0 / pow(10000.0, Double(2 * i) / Double(config.headSize))
                let angle = Double(t) * frequency
                real.append(Float(cos(angle)))
                imag.append(Float(sin(angle)))
            }
        }
        // For an odd head_size, seq_len * head_size / 2 exceeds seq_len * (head_size / 2): pad with zeros.
        let tableCount = config.seqLen * config.headSize / 2
        while real.count < tableCount { real.append(0) }
        while imag.count < tableCount { imag.append(0) }
        return real + imag
    }
}
