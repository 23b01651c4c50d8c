import HLSLayers

extension ConfigReader {
    /// The `activations` object of the `fixed` profile: class name → `[W, I]`, each a pair of
    /// integers with 1 ≤ W ≤ 64 (63 for `residual`) and 0 ≤ I ≤ W (`FixedActivations`).
    mutating func activations(_ v: JSONValue, at path: JSONPath) -> FixedActivations? {
        let names = FixedActivations.Class.allCases.map(\.rawValue)
        guard let members = object(v, at: path, allowed: names) else { return nil }
        var formats: [FixedActivations.Class: FixedActivations.Format] = [:]
        var ok = true
        for c in FixedActivations.Class.allCases {
            guard let item = members[c.rawValue] else { continue }
            let at = path.key(c.rawValue)
            let expected = "expected [W, I], two integers: W total bits 1...\(FixedActivations.maxWidth(c)), I integer bits 0...W"
            guard case .array(let pair) = item, pair.count == 2 else {
                let got: String
                if case .array(let items) = item { got = "an array of \(items.count) element\(items.count == 1 ? "" : "s")" } else { got = item.summary }
                report(at, "\(expected), got \(got)")
                ok = false
                continue
            }
            let w = pair[0].integer, i = pair[1].integer
            for (n, (value, name)) in [(w, "W, total bits"), (i, "I, integer bits")].enumerated() where value == nil {
                report(at.index(n), "expected an integer (\(name)), got \(pair[n].summary)")
            }
            guard let w, let i else {
                ok = false
                continue
            }
            let f = FixedActivations.Format(w, i)
            if let p = FixedActivations.problem(c, f) {
                report(at, "\(p); \(expected)")
                ok = false
                continue
            }
            formats[c] = f
        }
        return ok ? FixedActivations(formats) : nil
    }
}
