/// Where a value sits in the config file, written as in messages:
/// `parameters.dim`, `designs[1]`, `schedule["matvec.dot"].pipeline.ii`.
struct JSONPath: CustomStringConvertible {
    enum Component {
        /// An object member; written `.key`, or `["key"]` when it is not an identifier.
        case key(String)
        /// A schedule entry; always written `["name"]` (names contain dots).
        case entry(String)
        case index(Int)
    }

    private(set) var components: [Component] = []

    static let root = JSONPath()

    func key(_ k: String) -> JSONPath { appending(.key(k)) }
    func entry(_ k: String) -> JSONPath { appending(.entry(k)) }
    func index(_ i: Int) -> JSONPath { appending(.index(i)) }

    private func appending(_ c: Component) -> JSONPath {
        var p = self
        p.components.append(c)
        return p
    }

    var description: String {
        if components.isEmpty { return "the top level" }
        var out = ""
        for c in components {
            switch c {
            case .key(let k) where JSONPath.isPlainKey(k):
                out += out.isEmpty ? k : "." + k
            case .key(let k), .entry(let k):
                out += "[\(JSONValue.quoted(k, limit: 60))]"
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }

    static func isPlainKey(_ k: String) -> Bool {
        guard let first = k.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return k.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
