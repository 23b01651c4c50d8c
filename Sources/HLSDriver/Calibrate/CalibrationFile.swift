import Foundation

/// Reads the calibration file (`vitis_reports.json`): a JSON list of entries, each with its
/// report header and `reported` figures. Any problem is one `DriverError` line naming the
/// file, the entry and the key.
public enum CalibrationFile {
    /// The file `hlsgen calibrate` reads without `--file`: `$HLSGEN_CALIBRATION`, else
    /// `../shared/calibration/vitis_reports.json` relative to the working directory.
    public static var defaultPath: String {
        if let p = ProcessInfo.processInfo.environment["HLSGEN_CALIBRATION"], !p.isEmpty { return p }
        return "../shared/calibration/vitis_reports.json"
    }

    /// The entries of the file at `path`, in file order.
    public static func load(path: String) throws(DriverError) -> [CalibrationEntry] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw DriverError("calibration file \(path): \(reason)")
        }
        return try parse(data, source: path)
    }

    /// The entries of a calibration file's contents; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws(DriverError) -> [CalibrationEntry] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw DriverError("calibration file \(source): not valid JSON (\(Self.reason(error)))")
        }
        guard let list = root as? [Any] else {
            throw DriverError("calibration file \(source): expected a JSON list of entries at the top level, got \(JSONField.kind(root))")
        }
        guard !list.isEmpty else { throw DriverError("calibration file \(source): the list of entries is empty") }
        var out: [CalibrationEntry] = []
        var seen = Set<String>()
        for (i, item) in list.enumerated() {
            var reader = EntryReader(source: source, index: i)
            let entry = try reader.entry(item)
            guard seen.insert(entry.id).inserted else {
                throw DriverError("calibration file \(source): entry \(i): id \(entry.id) appears twice")
            }
            out.append(entry)
        }
        return out
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let d = ns.userInfo[NSDebugDescriptionErrorKey] as? String { return d }
        return ns.localizedDescription
    }
}

/// Reads one entry, naming the entry and the dotted key in every error.
private struct EntryReader {
    let source: String
    let index: Int
    var label: String

    init(source: String, index: Int) {
        self.source = source
        self.index = index
        label = "entry \(index)"
    }

    func fail(_ key: String, _ problem: String) -> DriverError {
        DriverError("calibration file \(source): \(label): \(key): \(problem)")
    }

    mutating func entry(_ item: Any) throws(DriverError) -> CalibrationEntry {
        guard let e = item as? [String: Any] else { throw DriverError("calibration file \(source): \(label): expected an object, got \(JSONField.kind(item))") }
        let f = JSONField(object: e, path: "", reader: self)
        let id = try f.string("id")
        label = "entry \(index) (\(id))"
        let g = JSONField(object: e, path: "", reader: self)
        let clock = try g.number("target_clock_ns")
        guard clock > 0 else { throw fail("target_clock_ns", "expected a positive number, got \(clock)") }
        let reported = try g.object("reported")
        let loops = try reported.list("loops").enumerated().map { (i, row) throws(DriverError) -> ReportedLoop in
            let l = try reported.element("loops", i, row)
            return ReportedLoop(name: try l.string("loop"), ii: try l.optionalInt("ii_achieved"),
                                iterationLatency: try l.optionalInt("iteration_latency"),
                                tripCount: try l.tripCount("trip_count"),
                                latency: ReportedRange(min: try l.optionalInt("latency_min"), max: try l.optionalInt("latency_max")))
        }
        let total = try reported.object("utilization").object("total")
        let utilization = ReportedUtilization(bram18k: try total.int("BRAM_18K"), dsp: try total.int("DSP"),
                                              ff: try total.int("FF"), lut: try total.int("LUT"),
                                              uram: try total.intIfPresent("URAM") ?? 0)
        let latency = try reported.object("latency_cycles")
        var notes: [String] = []
        for key in ["part_source", "tool_version_source"] {
            if let text = try g.optionalString(key) { notes.append("\(key): \(text)") }
        }
        return CalibrationEntry(id: id, tool: try g.string("tool"), toolVersion: try g.optionalString("tool_version"),
                                part: try g.optionalString("part"), targetClockNs: clock,
                                latency: ReportedRange(min: try latency.optionalInt("min"), max: try latency.optionalInt("max")),
                                loops: loops, utilization: utilization,
                                caveats: try g.optionalStrings("caveats"), headerNotes: notes)
    }
}

/// Typed access to the members of one JSON object at a dotted path.
private struct JSONField {
    let object: [String: Any]
    let path: String
    let reader: EntryReader

    func key(_ k: String) -> String { path.isEmpty ? k : "\(path).\(k)" }

    func value(_ k: String) throws(DriverError) -> Any {
        guard let v = object[k] else { throw reader.fail(key(k), "missing") }
        return v
    }
    /// nil when absent or null.
    func optional(_ k: String) -> Any? {
        guard let v = object[k], !(v is NSNull) else { return nil }
        return v
    }

    func string(_ k: String) throws(DriverError) -> String {
        let v = try value(k)
        guard let s = v as? String, !s.isEmpty else { throw reader.fail(key(k), "expected a non-empty string, got \(Self.kind(v))") }
        return s
    }
    func optionalString(_ k: String) throws(DriverError) -> String? {
        guard let v = optional(k) else { return nil }
        guard let s = v as? String else { throw reader.fail(key(k), "expected a string or null, got \(Self.kind(v))") }
        return s
    }
    func optionalStrings(_ k: String) throws(DriverError) -> [String] {
        guard let v = optional(k) else { return [] }
        guard let list = v as? [Any], let strings = list as? [String] else {
            throw reader.fail(key(k), "expected a list of strings, got \(Self.kind(v))")
        }
        return strings
    }
    func number(_ k: String) throws(DriverError) -> Double {
        let v = try value(k)
        guard let d = Self.double(v) else { throw reader.fail(key(k), "expected a number, got \(Self.kind(v))") }
        return d
    }
    func int(_ k: String) throws(DriverError) -> Int {
        let v = try value(k)
        guard let n = Self.integer(v) else { throw reader.fail(key(k), "expected an integer, got \(Self.kind(v))") }
        return n
    }
    /// An integer, or nil for null (`?` in the report); the key itself must be present.
    func optionalInt(_ k: String) throws(DriverError) -> Int? {
        let v = try value(k)
        if v is NSNull { return nil }
        guard let n = Self.integer(v) else { throw reader.fail(key(k), "expected an integer or null, got \(Self.kind(v))") }
        return n
    }
    /// An integer, or nil when the key is absent or null.
    func intIfPresent(_ k: String) throws(DriverError) -> Int? {
        object[k] == nil ? nil : try optionalInt(k)
    }
    /// A trip count: an integer, `{min, max}` (the max is kept) or null.
    func tripCount(_ k: String) throws(DriverError) -> Int? {
        let v = try value(k)
        if v is NSNull { return nil }
        if let n = Self.integer(v) { return n }
        if let o = v as? [String: Any] { return try JSONField(object: o, path: key(k), reader: reader).optionalInt("max") }
        throw reader.fail(key(k), "expected an integer, {\"min\", \"max\"} or null, got \(Self.kind(v))")
    }
    func object(_ k: String) throws(DriverError) -> JSONField {
        let v = try value(k)
        guard let o = v as? [String: Any] else { throw reader.fail(key(k), "expected an object, got \(Self.kind(v))") }
        return JSONField(object: o, path: key(k), reader: reader)
    }
    func list(_ k: String) throws(DriverError) -> [Any] {
        let v = try value(k)
        guard let l = v as? [Any] else { throw reader.fail(key(k), "expected a list, got \(Self.kind(v))") }
        return l
    }
    func element(_ k: String, _ i: Int, _ v: Any) throws(DriverError) -> JSONField {
        guard let o = v as? [String: Any] else { throw reader.fail("\(key(k))[\(i)]", "expected an object, got \(Self.kind(v))") }
        return JSONField(object: o, path: "\(key(k))[\(i)]", reader: reader)
    }

    static func double(_ v: Any) -> Double? {
        // JSON true/false arrive as NSNumber too, with the Objective-C type "c".
        guard let n = v as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
        return n.doubleValue
    }
    static func integer(_ v: Any) -> Int? {
        guard let d = double(v), d.rounded() == d, abs(d) < 9e15 else { return nil }
        return Int(d)
    }
    static func kind(_ v: Any) -> String {
        switch v {
        case is NSNull: return "null"
        case is String: return "a string"
        case is [Any]: return "a list"
        case is [String: Any]: return "an object"
        default: return double(v) != nil ? "a number" : "true or false"
        }
    }
}
