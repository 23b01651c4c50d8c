/// GPT-2's pre-tokenization, written by hand over Unicode scalars so that Linux and macOS
/// split identically (no NSRegularExpression). It is the leftmost-first match, repeated from
/// the start of the text, of
///
///     '(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// as tiktoken's regex engines (fancy-regex over Rust's regex) run it: `\p{L}` is the general
/// category letter (Lu Ll Lt Lm Lo), `\p{N}` number (Nd Nl No), `\s` the White_Space
/// property, ` ?` only U+0020. The contractions are case-sensitive and use the ASCII
/// apostrophe only. A run of whitespace followed by a non-space gives all but its last
/// character as one piece; that last character joins the next piece when it is a space,
/// and is a piece of its own otherwise. "<|endoftext|>" is ordinary text here.
public enum GPT2BPEPreTokenizer {
    /// The pieces of `text`, in order; their concatenation is `text`.
    public static func pieces(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return pieceRanges(scalars).map { range in
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[range])
            return String(s)
        }
    }

    /// The scalar classes the pattern distinguishes: the four are disjoint and cover all
    /// scalars (`other` is `[^\s\p{L}\p{N}]`).
    enum ScalarClass: UInt8 { case other, letter, number, space }

    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        let v = scalar.value
        if v < 0x80 {
            switch v {
            case 0x41...0x5A, 0x61...0x7A: return .letter
            case 0x30...0x39: return .number
            case 0x09...0x0D, 0x20: return .space
            default: return .other
            }
        }
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }

    /// The pieces as ranges of indices into `scalars`.
    static func pieceRanges(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let n = scalars.count
        var classes = [ScalarClass](repeating: .other, count: n)
        for i in 0..<n { classes[i] = classify(scalars[i]) }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(n / 3 + 1)

        /// The end of the run of `cls` starting at `from`.
        func runEnd(_ cls: ScalarClass, from: Int) -> Int {
            var j = from
            while j < n, classes[j] == cls { j += 1 }
            return j
        }

        var i = 0
        while i < n {
            let c = scalars[i].value
            // '(?:[sdmt]|ll|ve|re)
            if c == 0x27, i + 1 < n {
                let a = scalars[i + 1].value
                if a == 0x73 || a == 0x64 || a == 0x6D || a == 0x74 {  // s d m t
                    ranges.append(i..<(i + 2)); i += 2; continue
                }
                if i + 2 < n {
                    let b = scalars[i + 2].value
                    if (a == 0x6C && b == 0x6C) || (a == 0x76 && b == 0x65) || (a == 0x72 && b == 0x65) {  // ll ve re
                        ranges.append(i..<(i + 3)); i += 3; continue
                    }
                }
            }
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: in that order, but the three are
            // exclusive: the class of the first non-prefix scalar decides.
            let start = (c == 0x20 && i + 1 < n && classes[i + 1] != .space) ? i + 1 : i
            let cls = classes[start]
            if cls != .space {
                let end = runEnd(cls, from: start)
                ranges.append(i..<end); i = end; continue
            }
            // `\s+(?!\S)` then `\s+`: a maximal run of whitespace [i, end). At the end of the
            // text it is all one piece; before a non-space, the greedy match backs off one
            // scalar so that the lookahead sees whitespace — unless the run is one scalar
            // long, when `\s+` takes it alone.
            let end = runEnd(.space, from: i)
            if end == n || end - i == 1 {
                ranges.append(i..<end); i = end
            } else {
                ranges.append(i..<(end - 1)); i = end - 1
            }
        }
        return ranges
    }
}
