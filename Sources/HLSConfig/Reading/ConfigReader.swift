/// Reads typed values out of parsed JSON, collecting one message per problem (with its JSON
/// path) instead of stopping at the first, so a user sees everything wrong at once.
struct ConfigReader {
    let source: String
    private(set) var problems: [String] = []

    init(source: String) { self.source = source }

    mutating func report(_ path: JSONPath, _ message: String) {
        problems.append("\(source): \(path): \(message)")
    }

    /// The members of an object whose keys are all in `allowed`; unknown keys are reported
    /// (`expectedKeys` overrides the list shown to the user).
    mutating func object(_ v: JSONValue, at path: JSONPath, allowed: [String],
                         expectedKeys: [String]? = nil) -> [String: JSONValue]? {
        guard case .object(let members) = v else {
            report(path, "expected an object, got \(v.summary)")
            return nil
        }
        var out: [String: JSONValue] = [:]
        for m in members {
            if allowed.contains(m.key) {
                out[m.key] = m.value
            } else {
                report(path.key(m.key), "unknown key; expected one of \((expectedKeys ?? allowed).joined(separator: ", "))")
            }
        }
        return out
    }

    mutating func positiveInt(_ v: JSONValue, at path: JSONPath) -> Int? {
        if let n = v.integer, n >= 1 { return n }
        report(path, "expected a positive integer, got \(v.summary)")
        return nil
    }

    mutating func nonNegativeInt(_ v: JSONValue, at path: JSONPath) -> Int? {
        if let n = v.integer, n >= 0 { return n }
        report(path, "expected a non-negative integer, got \(v.summary)")
        return nil
    }

    mutating func bool(_ v: JSONValue, at path: JSONPath) -> Bool? {
        if case .bool(let b) = v { return b }
        report(path, "expected true or false, got \(v.summary)")
        return nil
    }

    mutating func string(_ v: JSONValue, at path: JSONPath) -> String? {
        if case .string(let s) = v { return s }
        report(path, "expected a string, got \(v.summary)")
        return nil
    }

    /// One of a fixed set of strings, such as an enum's raw values.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ v: JSONValue, at path: JSONPath, _: T.Type) -> T?
    where T.RawValue == String {
        choice(v, at: path, options: Array(T.allCases))
    }

    mutating func choice<T: RawRepresentable>(_ v: JSONValue, at path: JSONPath, options: [T]) -> T?
    where T.RawValue == String {
        if case .string(let s) = v, let t = options.first(where: { $0.rawValue == s }) { return t }
        let names = options.map { "\"\($0.rawValue)\"" }
        report(path, "expected one of \(names.joined(separator: ", ")), got \(v.summary)")
        return nil
    }

    /// Reports a required key that is absent.
    mutating func require(_ members: [String: JSONValue], _ key: String, at path: JSONPath) -> JSONValue? {
        if let v = members[key] { return v }
        report(path, "missing key \(key)")
        return nil
    }
}
