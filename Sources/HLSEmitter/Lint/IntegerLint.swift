import Foundation

/// Checks that kernel C++ holds no floating-point arithmetic (the integer profile,
/// docs/numerics.md): no `float`, `double` or `half` type, no floating literal and no C math
/// library call. Integer and `ap_int`/`ap_fixed` code passes.
public enum IntegerLint {
    /// One line per problem, `line N: ...: <line>`; empty when the kernel is integer-only.
    public static func problems(in kernelSource: String) -> [String] {
        let scanner = SourceScanner(kernelSource)
        var out: [String] = []
        for line in scanner.lines where !line.isPreprocessor {
            for (pattern, message) in rules where line.code.range(of: pattern, options: .regularExpression) != nil {
                out.append("line \(line.number): \(message): \(line.text.trimmingCharacters(in: .whitespaces))")
            }
        }
        return out
    }

    private static let rules: [(String, String)] = [
        (#"\b(float|double|half|long\s+double)\b"#, "a floating-point type in an integer-only kernel"),
        (#"(?<![\w.])(\d+\.\d*|\.\d+)([eE][-+]?\d+)?[fF]?\b|\b\d+[eE][-+]?\d+[fF]?\b"#, "a floating-point literal in an integer-only kernel"),
        (#"\b(expf?|sqrtf?|powf?|sinf?|cosf?|tanhf?|roundf?|floorf?|logf?|fabsf?)\s*\("#, "a C math library call in an integer-only kernel"),
    ]
}
