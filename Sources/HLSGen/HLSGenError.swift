/// Why an `HLSGen` call failed, one line per problem, each naming the design, file, key or
/// value at fault and what was expected.
public struct HLSGenError: Error, CustomStringConvertible, Sendable {
    /// One problem per line (a config file or a design can have several).
    public let lines: [String]

    public init(_ lines: [String]) { self.lines = lines }
    public init(_ line: String) { self.lines = [line] }

    /// The problems, one per line.
    public var description: String { lines.joined(separator: "\n") }
}
