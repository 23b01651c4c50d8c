/// The text `hlsgen calibrate` prints: a header, one row per kernel with `est/rep` pairs,
/// and indented notes for the metrics an entry is left out of.
enum CalibrationTable {
    static let idWidth = 48

    static var header: String {
        pad("kernel", idWidth) + " " + cells(["latency", "DSP", "BRAM", "LUT", "FF"]) + "  II per loop (est/rep)"
    }

    static func lines(_ k: KernelComparison) -> [String] {
        var out: [String] = []
        let u = k.entry.utilization
        let e = k.estimate
        let latency = pair(e?.latency.max, k.entry.latency.max)
        let row = [latency, pair(e?.total.dsp, u.dsp), pair(e?.total.bram18k, u.bram18k),
                   pair(e?.total.lut, u.lut), pair(e?.total.ff, u.ff)]
        let loops = k.loops.map { l in
            "\(l.name) \(l.matched ? text(l.estimatedII) : "none")/\(text(l.reportedII))" + (l.estimatedName.map { " (as \($0))" } ?? "")
        }
        out.append(pad(k.entry.id, idWidth) + " " + cells(row) + "  " + (loops.isEmpty ? "-" : loops.joined(separator: ", ")))
        if let f = k.failure {
            out.append("    not estimated: \(f)")
        } else {
            for (m, reason) in k.exclusions { out.append("    excluded from \(m.rawValue): \(reason)") }
        }
        for note in k.entry.headerNotes { out.append("    note: \(note)") }
        return out
    }

    private static func pair(_ est: Int?, _ rep: Int?) -> String { "\(text(est))/\(text(rep))" }
    private static func text(_ v: Int?) -> String { v.map(String.init) ?? "-" }
    private static func cells(_ items: [String]) -> String {
        zip(items, [17, 9, 9, 13, 13]).map { pad($0, $1) }.joined(separator: " ")
    }
    private static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
}
