/// Everything wrong with a config file, one line per problem. Every line starts with the
/// config file's path (or `<default>`), then the JSON path or dotted name at fault.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let lines: [String]
    public init(lines: [String]) { self.lines = lines }
    public var description: String { lines.joined(separator: "\n") }
}
