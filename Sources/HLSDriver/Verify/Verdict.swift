/// The outcome of running a design's self-checking testbench against the interpreter's
/// golden outputs.
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

    /// Reads the testbench's `PASS <design> (N words)` or `FAIL <design>: …` line from its
    /// output. `status` is the exit status of a testbench of this design alone (nil for a
    /// batch of designs, whose status covers them all): PASS also needs status 0.
    static func testbench(design: String, status: Int32?, output: String) -> Verdict {
        let lines = output.split(separator: "\n").map(String.init)
        let pass = "PASS \(design) (", fail = "FAIL \(design): "
        if let line = lines.first(where: { $0.hasPrefix(fail) }) {
            return Verdict(design: design, mismatch: String(line.dropFirst(fail.count)), words: 0)
        }
        if let line = lines.first(where: { $0.hasPrefix(pass) }), status == nil || status == 0,
           let words = Int(line.dropFirst(pass.count).prefix { $0.isNumber }) {
            return Verdict(design: design, mismatch: nil, words: words)
        }
        let what = status.map { "the C simulation exited with status \($0)" } ?? "the C simulation gave no verdict"
        let problem = lines.first { $0.contains(design) || $0.hasPrefix("error") } ?? lines.first ?? "no output"
        return Verdict(design: design, mismatch: "\(what): \(problem.prefix(200))", words: 0)
    }
}
