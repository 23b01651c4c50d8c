import Foundation
import HLSIR
import HLSLayers

/// A HLSGen configuration: design parameters, the math profile, which catalog designs to
/// build, and schedule overrides by dotted name. Loaded from a JSON file (docs/config.md);
/// `designs()` validates it against the designs it selects.
public struct Configuration: Sendable {
    /// The config file's path, or `<default>`; every error line starts with it.
    public var source: String
    public var parameters: DesignParameters
    /// Selected designs (a subset of `DesignCatalog.names`); generated in catalog order.
    public var designNames: [String]
    /// Directives merged over each design's default schedule.
    public var overrides: Schedule
    /// The matrix-vector engines of a whole-model design built with this config (`--engines`
    /// overrides it); nil: one. Layer designs ignore it.
    public var engines: Int?
    /// The `fixed` profile's activation formats (`activations`); nil: the defaults. Other
    /// designs ignore it.
    public var activations: FixedActivations?
    /// Kernels whose config says `"dataflow": false` (see `ScheduleOverrides`).
    var dataflowOff: Set<String> = []
    /// Kernels whose config entry says `"dataflow": false` (a default DATAFLOW removed).
    public var dataflowDisabled: Set<String> { dataflowOff }
    /// The top-level keys the config file has (`parameters`, `profile`, `engines`, `activations`, `designs`, `schedule`).
    public internal(set) var keys: [String] = []

    public init(source: String = "<default>", parameters: DesignParameters = DesignParameters(),
                designNames: [String] = DesignCatalog.names, overrides: Schedule = Schedule()) {
        self.source = source
        self.parameters = parameters
        self.designNames = designNames
        self.overrides = overrides
    }

    /// Every catalog design with default parameters and schedules.
    public static let `default` = Configuration()

    /// Largest file accepted; config files are a few kilobytes.
    static let maxFileBytes = 4 << 20

    /// Reads and parses a config file.
    public static func load(path: String) throws(ConfigError) -> Configuration {
        func fail(_ message: String) -> ConfigError { ConfigError(lines: ["\(path): \(message)"]) }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("no such file") }
        guard !isDirectory.boolValue else { throw fail("is a directory; expected a JSON config file") }
        if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
            throw fail("the file has \(size) bytes; a config file may have at most \(maxFileBytes)")
        }
        guard let data = fm.contents(atPath: path) else {
            throw fail(fm.isReadableFile(atPath: path) ? "cannot be read" : "cannot be read: permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("is not UTF-8 text") }
        return try parse(text, source: path)
    }

    /// Parses config text; `source` names it in messages.
    public static func parse(_ text: String, source: String) throws(ConfigError) -> Configuration {
        let bytes = Array(text.utf8)
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            let (line, column) = error.position(in: bytes)
            throw ConfigError(lines: ["\(source):\(line):\(column): invalid JSON: \(error.message)"])
        }
        var r = ConfigReader(source: source)
        var config = Configuration(source: source)
        let keys = ["parameters", "profile", "engines", "activations", "designs", "schedule"]
        if let top = r.object(root, at: .root, allowed: keys) {
            config.keys = keys.filter { top[$0] != nil }
            if let e = top["engines"] { config.engines = r.positiveInt(e, at: JSONPath.root.key("engines")) }
            if let v = top["activations"] { config.activations = r.activations(v, at: JSONPath.root.key("activations")) }
            if let p = top["parameters"] { r.readParameters(p, into: &config.parameters) }
            if let p = top["profile"], let profile = r.choice(p, at: JSONPath.root.key("profile"), MathProfile.self) {
                config.parameters.profile = profile
            }
            if let d = top["designs"], let names = r.designNames(d, at: JSONPath.root.key("designs")) {
                config.designNames = names
            }
            if let s = top["schedule"] {
                let o = r.scheduleOverrides(s, at: JSONPath.root.key("schedule"))
                config.overrides = o.schedule
                config.dataflowOff = o.dataflowOff
            }
        }
        if !r.problems.isEmpty { throw ConfigError(lines: r.problems) }
        return config
    }
}

/// The keys of the `parameters` object.
var parameterKeys: [(key: String, field: WritableKeyPath<DesignParameters, Int>)] {
    [
        ("dim", \.dim), ("hidden", \.hidden), ("group_size", \.groupSize),
        ("max_sequence", \.maxSequence), ("lanes", \.lanes),
    ]
}

extension ConfigReader {
    mutating func readParameters(_ v: JSONValue, into p: inout DesignParameters) {
        let path = JSONPath.root.key("parameters")
        guard let m = object(v, at: path, allowed: parameterKeys.map(\.key)) else { return }
        for (key, field) in parameterKeys {
            if let x = m[key], let n = positiveInt(x, at: path.key(key)) { p[keyPath: field] = n }
        }
    }

    mutating func designNames(_ v: JSONValue, at path: JSONPath) -> [String]? {
        guard case .array(let items) = v else {
            report(path, "expected an array of design names, got \(v.summary)")
            return nil
        }
        guard !items.isEmpty else {
            report(path, "expected at least one design; the designs are \(DesignCatalog.names.joined(separator: ", "))")
            return nil
        }
        var names: [String] = []
        for (i, item) in items.enumerated() {
            guard let name = string(item, at: path.index(i)) else { continue }
            if !DesignCatalog.names.contains(name) {
                report(path.index(i), "unknown design \(item.summary); expected one of \(DesignCatalog.names.joined(separator: ", "))")
            } else if names.contains(name) {
                report(path.index(i), "design \(item.summary) is listed twice")
            } else {
                names.append(name)
            }
        }
        return names
    }
}
