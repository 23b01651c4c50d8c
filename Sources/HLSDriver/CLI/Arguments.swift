/// Parsed command-line options: `--name value` pairs after the command word.
struct Arguments {
    let command: String
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `args` (without the program name). `valued` and `boolean` list the allowed
    /// options; a flag also listed in `optionalValue` takes the next argument as its value
    /// when that does not start with `--` (`--quantize` or `--quantize q4`).
    init(_ args: [String], valued: [String: Set<String>], boolean: [String: Set<String>],
         optionalValue: Set<String> = [], program: String = "hlsgen") throws(DriverError) {
        guard let first = args.first else { throw DriverError("missing command; run `\(program) help` for the commands") }
        command = first
        guard valued[first] != nil || boolean[first] != nil else {
            throw DriverError("unknown command '\(first)'; expected one of \(valued.keys.sorted().joined(separator: ", "))")
        }
        let allowedValued = valued[first] ?? []
        let allowedFlags = boolean[first] ?? []
        var i = 1
        while i < args.count {
            let a = args[i]
            if allowedFlags.contains(a) {
                if flags.contains(a) && optionalValue.contains(a) { throw DriverError("option \(a) is given twice") }
                flags.insert(a)
                i += 1
                if optionalValue.contains(a), i < args.count, !args[i].hasPrefix("--") {
                    options[a] = args[i]
                    i += 1
                }
            } else if allowedValued.contains(a) {
                guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else {
                    throw DriverError("option \(a) needs a value")
                }
                if options[a] != nil { throw DriverError("option \(a) is given twice") }
                options[a] = args[i + 1]
                i += 2
            } else {
                let known = (allowedValued.union(allowedFlags)).sorted().joined(separator: ", ")
                throw DriverError("unknown option '\(a)' for \(first); expected \(known.isEmpty ? "no options" : known)")
            }
        }
    }

    func value(_ name: String) -> String? { options[name] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A positive integer option, or `fallback` when absent.
    func positiveInt(_ name: String, default fallback: Int) throws(DriverError) -> Int {
        guard let s = options[name] else { return fallback }
        guard let v = Int(s), v > 0 else { throw DriverError("option \(name) is '\(s)'; expected a positive integer") }
        return v
    }
}
