/// A small HTML and SVG tree, built first and rendered last. Text and attribute values are
/// always escaped when rendered; the only unescaped content is `trusted`, which takes a
/// `StaticString` so no computed text can reach the page unescaped.
indirect enum HTML: Sendable {
    case element(String, [(String, String)], [HTML])
    case text(String)
    case trusted(StaticString)

    /// `<tag a="v" …>children</tag>`.
    static func el(_ tag: String, _ attributes: [(String, String)] = [], _ children: [HTML] = []) -> HTML {
        .element(tag, attributes, children)
    }

    /// `<tag>text</tag>`.
    static func el(_ tag: String, _ attributes: [(String, String)] = [], text: String) -> HTML {
        .element(tag, attributes, [.text(text)])
    }

    /// Elements HTML forbids to have content or a closing tag.
    static let voidElements: Set<String> = ["br", "hr", "meta", "img", "col", "input", "link"]

    /// The tree as markup.
    func render() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .text(let s):
            out += HTML.escape(s)
        case .trusted(let s):
            out += s.description
        case .element(let tag, let attributes, let children):
            out += "<" + tag
            for (k, v) in attributes { out += " \(k)=\"\(HTML.escape(v))\"" }
            out += ">"
            if HTML.voidElements.contains(tag) { return }
            for c in children { c.render(into: &out) }
            out += "</\(tag)>"
            if ["p", "div", "section", "table", "tr", "h1", "h2", "h3", "ul", "li", "svg", "head", "body", "style", "pre"].contains(tag) {
                out += "\n"
            }
        }
    }

    /// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
