import Foundation

/// A light C++ scanner for the lints: it blanks comments and string contents, follows braces,
/// and tells for every line which function and which block it is in. It is made for the code
/// the emitter writes (and hand-written code in that style), not for arbitrary C++.
struct SourceScanner {
    enum BlockKind: Equatable {
        case namespace, externC, function, other
        /// A `for` loop; `label` is nil when the loop has none.
        case loop(label: String?)
    }

    struct Function {
        let name: String
        /// Declared `extern "C"` (directly or inside an `extern "C" { }` block).
        let isTop: Bool
        let signature: String
        let startLine: Int
    }

    /// One line with its context at the start of the line.
    struct Line {
        let number: Int
        let text: String
        /// The line with comments removed and string and character literals emptied.
        let code: String
        var isPreprocessor: Bool { code.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        var isBlank: Bool { code.trimmingCharacters(in: .whitespaces).isEmpty }
        /// Innermost block first.
        let blocks: [BlockKind]
        let function: Function?
        /// No code line since the innermost block opened (pragmas, comments and blank lines
        /// do not count).
        let atBlockStart: Bool
        /// Code of the enclosing function up to this line (signature included).
        let functionTextSoFar: String
    }

    private(set) var lines: [Line] = []
    /// Functions in order of definition.
    private(set) var functions: [(function: Function, body: String)] = []

    init(_ source: String) {
        var stack: [BlockKind] = []
        var currentFunction: Function? = nil
        var functionText = ""
        var pending = ""
        // `;` inside parentheses (a for header) does not end a statement.
        var parenDepth = 0
        var atBlockStart = false
        var inBlockComment = false
        let rawLines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, raw) in rawLines.enumerated() {
            let code = SourceScanner.strip(raw, inBlockComment: &inBlockComment)
            let line = Line(number: i + 1, text: raw, code: code, blocks: stack.reversed(), function: currentFunction,
                            atBlockStart: atBlockStart, functionTextSoFar: functionText)
            lines.append(line)
            if line.isPreprocessor || line.isBlank { continue }
            atBlockStart = false
            for ch in code {
                switch ch {
                case "{":
                    let kind = SourceScanner.classify(pending, enclosing: stack)
                    if kind == .function {
                        let f = Function(name: SourceScanner.functionName(pending), isTop: pending.contains("extern \"\"") || stack.contains(.externC),
                                         signature: pending, startLine: i + 1)
                        currentFunction = f
                        functionText = pending + "{"
                    } else if currentFunction != nil {
                        functionText.append(ch)
                    }
                    stack.append(kind)
                    pending = ""
                    parenDepth = 0
                    atBlockStart = true
                case "}":
                    let closed = stack.popLast()
                    if closed == .function, let f = currentFunction {
                        functions.append((f, functionText + "}"))
                        currentFunction = nil
                        functionText = ""
                    } else if currentFunction != nil {
                        functionText.append(ch)
                    }
                    pending = ""
                    atBlockStart = false
                case ";" where parenDepth == 0:
                    if currentFunction != nil { functionText.append(ch) }
                    pending = ""
                    atBlockStart = false
                default:
                    if ch == "(" { parenDepth += 1 }
                    if ch == ")" { parenDepth = max(0, parenDepth - 1) }
                    pending.append(ch)
                    if currentFunction != nil { functionText.append(ch) }
                }
            }
            pending.append(" ")
            if currentFunction != nil { functionText.append("\n") }
        }
    }

    // MARK: Classification

    private static let loopHead = try! NSRegularExpression(pattern: #"^\s*(?:([A-Za-z_]\w*)\s*:\s*)?for\s*\("#)

    private static func classify(_ head: String, enclosing: [BlockKind]) -> BlockKind {
        let text = head.trimmingCharacters(in: .whitespacesAndNewlines)
        let atFileScope = enclosing.allSatisfy { $0 == .namespace || $0 == .externC }
        if atFileScope {
            if text.hasPrefix("namespace") { return .namespace }
            if text == "extern \"\"" { return .externC }
            if text.contains("("), !text.hasPrefix("struct"), !text.hasPrefix("class"), !text.hasPrefix("union"),
               !text.hasPrefix("enum"), !text.contains("=") { return .function }
            return .other
        }
        let range = NSRange(text.startIndex..., in: text)
        if let m = loopHead.firstMatch(in: text, range: range) {
            let label = Range(m.range(at: 1), in: text).map { String(text[$0]) }
            return .loop(label: label)
        }
        return .other
    }

    private static let identifierBeforeParen = try! NSRegularExpression(pattern: #"([A-Za-z_]\w*)\s*(?:<[^()]*>)?\s*\("#)

    private static func functionName(_ head: String) -> String {
        let range = NSRange(head.startIndex..., in: head)
        guard let m = identifierBeforeParen.firstMatch(in: head, range: range),
              let r = Range(m.range(at: 1), in: head) else { return "" }
        return String(head[r])
    }

    /// Removes `//` and `/* */` comments and empties string and character literals (the
    /// quotes stay, so `extern "C"` reads `extern ""`).
    static func strip(_ line: String, inBlockComment: inout Bool) -> String {
        var out = ""
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if inBlockComment {
                if c == "*" && next == "/" {
                    inBlockComment = false
                    i += 2
                } else {
                    i += 1
                }
                continue
            }
            if c == "/" && next == "/" { break }
            if c == "/" && next == "*" {
                inBlockComment = true
                out.append(" ")
                i += 2
                continue
            }
            if c == "\"" || c == "'" {
                out.append(c)
                i += 1
                while i < chars.count && chars[i] != c {
                    i += chars[i] == "\\" ? 2 : 1
                }
                out.append(c)
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
