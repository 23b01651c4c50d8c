import HLSIR
import HLSLayers

extension Configuration {
    /// Largest value of each size parameter, and of the largest array (dim × hidden): the
    /// generated C++ indexes with `int`.
    static let maxParameter = 1 << 20
    static let maxArrayElements = Int(Int32.max)

    /// Catalog designs for the parameters with the overrides merged into each design's
    /// default schedule (`Schedule.merged(with:)`, only the entries whose kernel belongs to
    /// that design), after validating: parameter problems, unknown design names, every
    /// override name must match a loop, array, argument or kernel of at least one selected
    /// design, then `ScheduleValidator` on every design. All problems are reported, one line each.
    public func designs() throws(ConfigError) -> [Design] {
        let lines = (parameterProblems + designNameProblems).map { "\(source): \($0)" }
        guard lines.isEmpty else { throw ConfigError(lines: lines) }
        let all: [Design]
        do {
            all = try DesignCatalog.designs(parameters)
        } catch {
            throw ConfigError(lines: error.problems.map { "\(source): \($0)" })
        }
        return try apply(to: all.filter { designNames.contains($0.top) })
    }

    /// `designs` (from the catalog or elsewhere, such as the Llama forward design of a
    /// checkpoint) with the overrides merged into each one's schedule, after validating: every
    /// override name must match a loop, array, argument or kernel of at least one of them,
    /// then `ScheduleValidator` on each. The parameters and design names are not consulted.
    /// All problems are reported, one line each.
    public func apply(to designs: [Design]) throws(ConfigError) -> [Design] {
        let unmatched = unmatchedNames(in: designs)
        var lines = unmatched.sorted().map { "\(source): \(message(forUnmatched: $0, in: designs))" }
        var out: [Design] = []
        for var d in designs {
            // A name that matches nothing is reported once above, not again by the validator.
            d.schedule = d.schedule.merged(with: overrides(for: d, excluding: unmatched))
            for k in dataflowOff where d.kernel(k) != nil { d.schedule.functions[k]?.dataflow = false }
            lines += ScheduleValidator.problems(in: d).map { "\(source): \($0)" }
            out.append(d)
        }
        guard lines.isEmpty else { throw ConfigError(lines: lines) }
        return out
    }

    /// Designs written outside the catalog (a user package's own layers) retuned by this
    /// config: only its `schedule` applies, so a `parameters`, `profile` or `designs` key is
    /// an error; then as `apply(to:)`.
    public func applySchedule(to designs: [Design]) throws(ConfigError) -> [Design] {
        let catalogOnly = keys.filter { $0 != "schedule" }
        guard catalogOnly.isEmpty else {
            throw ConfigError(lines: catalogOnly.map {
                "\(source): \($0): applies to HLSGen's built-in designs only; a config for your own designs takes a schedule object only"
            })
        }
        return try apply(to: designs)
    }

    var parameterProblems: [String] {
        let p = parameters
        var out = p.problems
        guard out.isEmpty else { return out }
        for (key, field) in parameterKeys where p[keyPath: field] > Self.maxParameter {
            out.append("parameter \(key) is \(p[keyPath: field]); expected at most \(Self.maxParameter)")
        }
        guard out.isEmpty else { return out }
        if p.dim * p.hidden > Self.maxArrayElements {
            out.append("parameters dim \(p.dim) × hidden \(p.hidden) = \(p.dim * p.hidden) weights; expected at most \(Self.maxArrayElements) (arrays are indexed with a C++ int)")
        }
        return out
    }

    var designNameProblems: [String] {
        let known = DesignCatalog.names.joined(separator: ", ")
        var out: [String] = []
        var seen = Set<String>()
        if designNames.isEmpty { out.append("designs: expected at least one design; the designs are \(known)") }
        for name in designNames {
            if !DesignCatalog.names.contains(name) {
                out.append("designs: unknown design \(JSONValue.quoted(name, limit: 40)); expected one of \(known)")
            } else if !seen.insert(name).inserted {
                out.append("designs: design \(JSONValue.quoted(name, limit: 40)) is listed twice")
            }
        }
        return out
    }

    /// Every name the overrides address.
    var overrideNames: Set<String> {
        Set(overrides.loops.keys).union(overrides.buffers.keys).union(overrides.interfaces.keys)
            .union(overrides.functions.keys).union(dataflowOff)
    }

    /// Override names that match nothing in `designs`.
    func unmatchedNames(in designs: [Design]) -> Set<String> {
        var known = Set<String>()
        for d in designs { known.formUnion(d.scheduleTargets.keys) }
        return overrideNames.subtracting(known)
    }

    /// The message for an unmatched name, with a suggestion when it is one or two edits away
    /// from a real one.
    func message(forUnmatched name: String, in designs: [Design]) -> String {
        var known = Set<String>()
        for d in designs { known.formUnion(d.scheduleTargets.keys) }
        let tops = designs.map(\.top)
        let designList = (tops.count == 1 ? "the design " : "the designs ") + tops.joined(separator: ", ")
        var line = "schedule[\(JSONValue.quoted(name, limit: 60))]: matches no loop, array, argument or kernel of \(designList)"
        if let guess = closest(to: name, in: known) { line += "; did you mean \(guess)?" }
        return line
    }

    /// Overrides for the entries whose kernel (the text before the first dot) is in `d`.
    func overrides(for d: Design, excluding skipped: Set<String> = []) -> Schedule {
        let kernels = Set(d.kernels.map(\.name))
        func ours(_ name: String) -> Bool {
            !skipped.contains(name) && kernels.contains(String(name.prefix { $0 != "." }))
        }
        var s = Schedule()
        s.loops = overrides.loops.filter { ours($0.key) }
        s.buffers = overrides.buffers.filter { ours($0.key) }
        s.interfaces = overrides.interfaces.filter { ours($0.key) }
        s.functions = overrides.functions.filter { ours($0.key) }
        return s
    }
}

/// The unique name within edit distance 2 of `name` (nil if none or several are closest).
func closest(to name: String, in candidates: Set<String>) -> String? {
    let a = Array(name)
    guard a.count <= 100 else { return nil }
    var best: [String] = []
    var bestDistance = 3
    for c in candidates {
        let b = Array(c)
        guard abs(a.count - b.count) < bestDistance else { continue }
        let d = editDistance(a, b)
        if d < bestDistance {
            bestDistance = d
            best = [c]
        } else if d == bestDistance {
            best.append(c)
        }
    }
    return best.count == 1 ? best[0] : nil
}

/// Levenshtein distance.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: b.count)
        for (j, y) in b.enumerated() {
            current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
