import Foundation

/// Scans kernel C++ for constructs outside the synthesizable subset of Vitis HLS: dynamic
/// memory, recursion, STL containers, pointer casts and pointers to pointers, console and file
/// I/O, and loops without a label.
public enum SubsetLint {
    /// One line per problem, `line N: ...`; empty when the kernel source is in the subset.
    public static func problems(in kernelSource: String) -> [String] {
        let scanner = SourceScanner(kernelSource)
        var out: [String] = []
        for line in scanner.lines {
            let issues = line.isPreprocessor ? include(line.code) : code(line.code)
            out += issues.map { "line \(line.number): \($0): \(line.text.trimmingCharacters(in: .whitespaces))" }
        }
        for (f, body) in scanner.functions where !f.name.isEmpty {
            // The body without its signature: a call of the function's own name is recursion.
            guard let open = body.firstIndex(of: "{") else { continue }
            let inner = String(body[body.index(after: open)...])
            if matches(inner, "\\b\(NSRegularExpression.escapedPattern(for: f.name))\\s*\\(") {
                out.append("line \(f.startLine): \(f.name) calls itself; recursion is not synthesizable")
            }
        }
        return out
    }

    private static let rules: [(pattern: String, message: String)] = [
        (#"\bnew\b"#, "new allocates dynamically; use a fixed-size array"),
        (#"\bdelete\b"#, "delete frees dynamic memory; use a fixed-size array"),
        (#"\b(malloc|calloc|realloc|free)\s*\("#, "dynamic allocation is not synthesizable; use a fixed-size array"),
        (#"\bstd\s*::\s*(vector|map|unordered_map|multimap|set|unordered_set|multiset|list|forward_list|deque|queue|priority_queue|stack|array|string|basic_string)\b"#,
         "STL containers are not synthesizable; use fixed-size arrays"),
        (#"\b(reinterpret_cast|const_cast)\s*<"#, "pointer casts are not synthesizable"),
        (#"\bstatic_cast\s*<[^<>]*\*\s*>"#, "pointer casts are not synthesizable"),
        (#"\(\s*(const\s+)?[A-Za-z_][\w:]*(\s*<[^()]*>)?\s*\*+\s*\)"#, "pointer casts are not synthesizable"),
        (#"[\w>]\s*\*\s*(const\s*)?\*"#, "pointers to pointers are not synthesizable"),
        (#"\b(printf|fprintf|sprintf|snprintf|puts|putchar|fopen|fclose|fread|fwrite|fgets|fputs|fscanf|scanf|getchar|perror)\s*\("#,
         "console and file I/O belong in the testbench, not the kernel"),
        (#"\b(std\s*::\s*)?(cout|cerr|clog|cin|ifstream|ofstream|fstream|FILE)\b"#, "console and file I/O belong in the testbench, not the kernel"),
    ]

    private static func code(_ line: String) -> [String] {
        var out: [String] = []
        for (pattern, message) in rules where matches(line, pattern) && !out.contains(message) { out.append(message) }
        if matches(line, #"\bfor\s*\("#) && !matches(line, #"(^|[;{}])\s*[A-Za-z_]\w*\s*:\s*for\s*\("#) {
            out.append("unlabelled loop; write label: for (...)")
        }
        return out
    }

    private static let forbiddenHeaders = ["iostream", "fstream", "sstream", "cstdio", "stdio.h", "vector", "map", "unordered_map",
                                           "set", "unordered_set", "list", "deque", "queue", "stack", "array", "string", "cstdlib", "stdlib.h"]

    private static func include(_ line: String) -> [String] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.range(of: #"^#\s*include"#, options: .regularExpression) != nil,
              let open = trimmed.firstIndex(where: { $0 == "<" || $0 == "\"" }) else { return [] }
        // The scanner empties quoted text, so only <...> names are visible here.
        let name = trimmed[trimmed.index(after: open)...].prefix { $0 != ">" && $0 != "\"" }
        return forbiddenHeaders.contains(String(name)) ? ["<\(name)> is host-only (I/O, allocation or STL); the kernel cannot include it"] : []
    }

    private static func matches(_ s: String, _ pattern: String) -> Bool {
        s.range(of: pattern, options: .regularExpression) != nil
    }
}
