/// A parsed JSON value. Object members keep their order; numbers keep their literal text,
/// so `4` and `4.0` stay different and integers beyond `Int` are not rounded.
enum JSONValue: Hashable, Sendable {
    case object([JSONMember])
    case array([JSONValue])
    case string(String)
    /// A number as written in the file (already checked against the JSON number grammar).
    case number(String)
    case bool(Bool)
    case null

    /// The value of an integer literal (no fraction, no exponent) that fits in `Int`.
    var integer: Int? {
        guard case .number(let text) = self,
              !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
        return Int(text)
    }

    var string: String? { if case .string(let s) = self { return s } else { return nil } }

    /// How the value reads in a message: strings quoted and escaped, long text shortened,
    /// objects and arrays by kind. Always one line.
    var summary: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let s): return JSONValue.quoted(s, limit: 40)
        case .number(let n): return n.count > 40 ? String(n.prefix(40)) + "…" : n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// `s` as a JSON string literal, cut after `limit` characters.
    static func quoted(_ s: String, limit: Int = .max) -> String {
        var out = "\""
        for (n, c) in s.unicodeScalars.enumerated() {
            if n == limit {
                out += "…"
                break
            }
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value)
                    || c.value == 0x2028 || c.value == 0x2029 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}

/// One `"key": value` member of a JSON object.
struct JSONMember: Hashable, Sendable {
    let key: String
    let value: JSONValue
}
