import HLSIR

/// The outcome of comparing the interpreter with the C simulation on one design.
public struct Verdict: Sendable, CustomStringConvertible {
    public let design: String
    /// Nil when every output word matched; otherwise the first mismatch, described.
    public let mismatch: String?
    /// Output words compared.
    public let words: Int

    public var passed: Bool { mismatch == nil }
    public var description: String {
        if let m = mismatch { return "FAIL \(design): \(m)" }
        return "PASS \(design) (\(words) output words bit-exact)"
    }

    /// Compares interpreter and C-simulation outputs of every written array of `k`.
    static func compare(design: String, kernel k: Kernel, interpreter: [String: BufferData],
                        simulation: [String: BufferData]) -> Verdict {
        var words = 0
        for b in k.argumentBuffers where b.direction?.isWritten == true {
            guard let i = interpreter[b.name], let c = simulation[b.name] else {
                return Verdict(design: design, mismatch: "output \(b.name) is missing", words: words)
            }
            if let at = i.firstMismatch(c) {
                return Verdict(design: design,
                               mismatch: "\(b.name)[\(at)]: interpreter \(i.describe(at, as: b.elementType)), C simulation \(c.describe(at, as: b.elementType))",
                               words: words)
            }
            words += b.count
        }
        return Verdict(design: design, mismatch: nil, words: words)
    }
}
