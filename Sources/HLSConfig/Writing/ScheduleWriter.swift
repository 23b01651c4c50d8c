import HLSIR

/// Renders schedule overrides as the `schedule` object of a config file (docs/config.md): one
/// entry per dotted name, sorted, each with only the directives that are set, so that
/// `Configuration.parse` reads back exactly these overrides (the writer lives beside the
/// reader, `ScheduleReader`, so the two spell every key alike). Also the canonical text of a
/// schedule the search uses to order and deduplicate points.
public enum ScheduleJSON {
    /// The entries as `(name, object text)`, sorted by name; entries without a directive are
    /// left out (the reader refuses empty entries). `dataflowOff` names kernels whose entry
    /// says `"dataflow": false`.
    public static func entries(_ s: Schedule, dataflowOff: Set<String> = []) -> [(name: String, json: String)] {
        var fields: [String: [String]] = [:]
        for (name, l) in s.loops { fields[name, default: []] += loop(l) }
        for (name, b) in s.buffers { fields[name, default: []] += buffer(b) }
        for (name, i) in s.interfaces {
            let f = interface(i)
            if !f.isEmpty { fields[name, default: []].append("\"interface\": {\(f.joined(separator: ", "))}") }
        }
        for (name, f) in s.functions {
            var out: [String] = []
            if f.dataflow { out.append("\"dataflow\": true") } else if dataflowOff.contains(name) { out.append("\"dataflow\": false") }
            if let i = f.inline { out.append("\"inline\": \(quoted(i.rawValue))") }
            fields[name, default: []] += out
        }
        for name in dataflowOff where s.functions[name] == nil { fields[name, default: []].append("\"dataflow\": false") }
        return fields.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { ($0.key, "{\($0.value.joined(separator: ", "))}") }
    }

    /// The `schedule` object, one entry per line, indented by `indent`.
    public static func object(_ s: Schedule, dataflowOff: Set<String> = [], indent: String = "  ") -> String {
        let e = entries(s, dataflowOff: dataflowOff)
        guard !e.isEmpty else { return "{}" }
        let lines = e.map { "\(indent)  \(quoted($0.name)): \($0.json)" }
        return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
    }

    /// One line naming every directive: the key that orders and deduplicates points.
    public static func key(_ s: Schedule) -> String {
        entries(s).map { "\($0.name)=\($0.json)" }.joined(separator: ";")
    }

    static func loop(_ l: LoopDirectives) -> [String] {
        var out: [String] = []
        switch l.pipeline {
        case .ii(let ii)?: out.append("\"pipeline\": {\"ii\": \(ii)}")
        case .off?: out.append("\"pipeline\": \"off\"")
        case nil: break
        }
        switch l.unroll {
        case .factor(let f)?: out.append("\"unroll\": \(f)")
        case .full?: out.append("\"unroll\": \"full\"")
        case nil: break
        }
        if let k = l.lanes { out.append("\"lanes\": \(k)") }
        if let t = l.tripCount { out.append("\"tripcount\": {\"min\": \(t.min), \"max\": \(t.max), \"avg\": \(t.avg)}") }
        if let f = l.flatten { out.append("\"flatten\": \(f)") }
        return out
    }

    static func buffer(_ b: BufferDirectives) -> [String] {
        var out: [String] = []
        let parts = b.partitions.sorted { $0.dim < $1.dim }.map { p -> String in
            var f = ["\"type\": \(quoted(p.type.rawValue))"]
            if p.type != .complete, let n = p.factor { f.append("\"factor\": \(n)") }
            f.append("\"dim\": \(p.dim)")
            return "{\(f.joined(separator: ", "))}"
        }
        if parts.count == 1 { out.append("\"partition\": \(parts[0])") }
        if parts.count > 1 { out.append("\"partition\": [\(parts.joined(separator: ", "))]") }
        if let s = b.storage {
            var f = ["\"type\": \(quoted(s.type.rawValue))", "\"impl\": \(quoted(s.impl.rawValue))"]
            if let l = s.latency { f.append("\"latency\": \(l)") }
            out.append("\"storage\": {\(f.joined(separator: ", "))}")
        }
        return out
    }

    static func interface(_ i: InterfaceDirectives) -> [String] {
        var out: [String] = []
        if let m = i.mode { out.append("\"mode\": \(quoted(m.rawValue))") }
        if let b = i.bundle { out.append("\"bundle\": \(quoted(b))") }
        let numbers: [(String, Int?)] = [
            ("depth", i.depth), ("max_read_burst_length", i.maxReadBurstLength), ("max_write_burst_length", i.maxWriteBurstLength),
            ("num_read_outstanding", i.numReadOutstanding), ("max_widen_bitwidth", i.maxWidenBitwidth), ("bank", i.bank),
        ]
        for (key, value) in numbers { if let v = value { out.append("\"\(key)\": \(v)") } }
        return out
    }

    /// A JSON string literal (the same escaping as every string the config module prints).
    public static func quoted(_ s: String) -> String { JSONValue.quoted(s) }
}
