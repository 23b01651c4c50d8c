import Foundation

/// Checks every `#pragma HLS` line of a C++ source against the pragma grammar of Vitis HLS:
/// known name and options, value forms, required options, no deprecated forms, and placement
/// (loop pragmas first in a labelled loop body, INTERFACE only at the top of the `extern "C"`
/// function, ARRAY_PARTITION never on an m_axi argument).
public enum PragmaLint {
    /// One line per problem, `line N: ...`; empty when every pragma is well formed and placed.
    public static func problems(in source: String) -> [String] {
        let scanner = SourceScanner(source)
        var out: [String] = []
        var mAxiPorts: [Int: Set<String>] = [:]  // by function start line
        for line in scanner.lines {
            guard let pragma = ParsedPragma(line.code) else { continue }
            var issues = check(pragma)
            issues += placement(pragma, line, mAxiPorts: &mAxiPorts)
            out += issues.map { "line \(line.number): \($0): \(line.text.trimmingCharacters(in: .whitespaces))" }
        }
        return out
    }

    // MARK: Grammar

    private static func check(_ p: ParsedPragma) -> [String] {
        if p.name.isEmpty { return ["#pragma HLS without a pragma name"] }
        if let message = PragmaGrammar.deprecated[p.name] { return [message] }
        guard let spec = PragmaGrammar.specs[p.name] else { return ["unknown pragma \(p.name)"] }
        var out: [String] = []
        var seen = Set<String>()
        for (key, value) in p.options {
            if !seen.insert(key).inserted { out.append("\(p.name) sets \(key) twice") }
            guard let form = spec.options[key] else {
                out.append(unknownOption(key, value, in: p.name))
                continue
            }
            if let problem = check(value, form, key: key, pragma: p.name) { out.append(problem) }
        }
        for r in spec.required where p.value(r) == nil && !p.has(r) {
            out.append("\(p.name) needs \(r)=")
        }
        switch p.name {
        case "ARRAY_PARTITION", "ARRAY_RESHAPE":
            if let t = p.value("type")?.lowercased(), t == "cyclic" || t == "block", p.value("factor") == nil {
                out.append("\(p.name) type=\(t) needs factor=")
            }
        case "LOOP_TRIPCOUNT":
            if let lo = p.value("min").flatMap({ Int($0) }), let hi = p.value("max").flatMap({ Int($0) }), lo > hi {
                out.append("LOOP_TRIPCOUNT min=\(lo) exceeds max=\(hi)")
            }
            if let a = p.value("avg").flatMap({ Int($0) }), let hi = p.value("max").flatMap({ Int($0) }), a > hi {
                out.append("LOOP_TRIPCOUNT avg=\(a) exceeds max=\(hi)")
            }
        default: break
        }
        return out
    }

    private static func unknownOption(_ key: String, _ value: String?, in name: String) -> String {
        switch (name, key) {
        case ("UNROLL", "complete"), ("UNROLL", "partial"):
            return "UNROLL \(key) is not accepted; write UNROLL for a full unroll or UNROLL factor=N"
        case ("ARRAY_PARTITION", "cyclic"), ("ARRAY_PARTITION", "block"), ("ARRAY_PARTITION", "complete"),
             ("ARRAY_RESHAPE", "cyclic"), ("ARRAY_RESHAPE", "block"), ("ARRAY_RESHAPE", "complete"):
            return "\(name) \(key) is the old form; write type=\(key)"
        case ("INTERFACE", "ap_bus"):
            return "INTERFACE ap_bus is deprecated; use mode=m_axi"
        case ("INTERFACE", _) where value == nil:
            return "INTERFACE \(key) is the old form; write mode=\(key)"
        default:
            return "\(name) has no option \(key)"
        }
    }

    private static func check(_ value: String?, _ form: PragmaGrammar.ValueForm, key: String, pragma: String) -> String? {
        switch form {
        case .flag:
            return value == nil ? nil : "\(pragma) \(key) takes no value"
        case .positive, .nonNegative:
            guard let v = value else { return "\(pragma) \(key) needs a value" }
            let least = form == .positive ? 1 : 0
            guard let n = Int(v), n >= least else { return "\(pragma) \(key)=\(v); expected an integer ≥ \(least)" }
            return nil
        case .identifier:
            guard let v = value else { return "\(pragma) \(key) needs a value" }
            return v.range(of: #"^[A-Za-z_]\w*$"#, options: .regularExpression) == nil ? "\(pragma) \(key)=\(v) is not an identifier" : nil
        case .oneOf(let words):
            guard let v = value else { return "\(pragma) \(key) needs a value" }
            if pragma == "INTERFACE" && key == "mode" && v.lowercased() == "ap_bus" {
                return "INTERFACE mode=ap_bus is deprecated; use mode=m_axi"
            }
            return words.contains(v.lowercased()) ? nil : "\(pragma) \(key)=\(v); expected one of \(words.joined(separator: ", "))"
        }
    }

    // MARK: Placement

    private static func placement(_ p: ParsedPragma, _ line: SourceScanner.Line, mAxiPorts: inout [Int: Set<String>]) -> [String] {
        guard let spec = PragmaGrammar.specs[p.name] else { return [] }
        guard let function = line.function else { return ["\(p.name) outside a function"] }
        let innermost = line.blocks.first
        let inLabelledLoop: Bool
        let inLoop: Bool
        if case .loop(let label)? = innermost {
            inLoop = true
            inLabelledLoop = label != nil
        } else {
            inLoop = false
            inLabelledLoop = false
        }
        let atFunctionStart = innermost == .function && line.atBlockStart
        let atLoopStart = inLabelledLoop && line.atBlockStart
        switch spec.scope {
        case .loop:
            if inLoop && !inLabelledLoop { return ["\(p.name) is in an unlabelled loop; label every loop"] }
            if !atLoopStart { return ["\(p.name) must be among the first lines of a labelled loop body"] }
        case .loopOrFunctionStart:
            if inLoop && !inLabelledLoop { return ["\(p.name) is in an unlabelled loop; label every loop"] }
            if !atLoopStart && !atFunctionStart { return ["\(p.name) must open a labelled loop body or a function body"] }
        case .functionStart:
            if !atFunctionStart { return ["\(p.name) must be among the first lines of a function body"] }
        case .topFunctionStart:
            if !function.isTop { return ["\(p.name) is allowed only in the top (extern \"C\") function, not in \(function.name)"] }
            if !atFunctionStart { return ["\(p.name) must be among the first lines of the function body"] }
            if let port = p.value("port"), port != "return",
               function.signature.range(of: "\\b\(NSRegularExpression.escapedPattern(for: port))\\b", options: .regularExpression) == nil {
                return ["\(p.name) port=\(port) is not a parameter of \(function.name)"]
            }
            if p.value("mode")?.lowercased() == "m_axi", let port = p.value("port") {
                mAxiPorts[function.startLine, default: []].insert(port)
            }
        case .function:
            guard let variable = p.value("variable") else { return [] }
            let pattern = "\\b\(NSRegularExpression.escapedPattern(for: variable))\\b"
            if line.functionTextSoFar.range(of: pattern, options: .regularExpression) == nil {
                return ["\(p.name) names \(variable), which is not declared before it in \(function.name)"]
            }
            if p.name == "ARRAY_PARTITION" || p.name == "ARRAY_RESHAPE" {
                let pointerParameter = function.isTop &&
                    function.signature.range(of: "\\*\\s*\(NSRegularExpression.escapedPattern(for: variable))\\b", options: .regularExpression) != nil
                if mAxiPorts[function.startLine, default: []].contains(variable) || pointerParameter {
                    return ["\(p.name) on m_axi argument \(variable) is not allowed"]
                }
            }
        }
        return []
    }
}

/// `#pragma HLS NAME key=value flag ...`, with the name upper-cased and keys lower-cased.
struct ParsedPragma {
    let name: String
    let options: [(key: String, value: String?)]

    init?(_ code: String) {
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("#") else { return nil }
        let normalized = trimmed.dropFirst().replacingOccurrences(of: #"\s*=\s*"#, with: "=", options: .regularExpression)
        var tokens = normalized.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard tokens.count >= 2, tokens[0] == "pragma", tokens[1].uppercased() == "HLS" else { return nil }
        tokens.removeFirst(2)
        guard let first = tokens.first else {
            name = ""
            options = []
            return
        }
        name = first.uppercased()
        options = tokens.dropFirst().map { token in
            if let eq = token.firstIndex(of: "=") {
                return (String(token[..<eq]).lowercased(), String(token[token.index(after: eq)...]))
            }
            return (token.lowercased(), nil)
        }
    }

    func value(_ key: String) -> String? { options.first { $0.key == key }?.value }
    func has(_ key: String) -> Bool { options.contains { $0.key == key } }
}
