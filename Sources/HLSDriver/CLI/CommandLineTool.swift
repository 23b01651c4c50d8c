import Foundation
import HLSConfig
import HLSIR

/// The `hlsgen` command line: `generate`, `verify`, `bench`, `help`.
public enum CommandLineTool {
    static let usage = """
    usage: hlsgen <command> [options]

    commands:
      generate [--config FILE] [--output DIR]
          Validate the config, then write each design's kernel, header, testbench and build
          files to DIR/<design>/ (default DIR: Generated/<config name>, or Generated/default).
      verify [--config FILE] [--output DIR] [--seed N]
          Generate as above, compile each C simulation with g++ and compare every output word
          with the interpreter on seeded random inputs. One line per design; exit 1 on a FAIL.
      bench [--iterations N]
          Time the interpreter against the compiled C simulation (Q8_0 matrix-vector 768x2048,
          RMSNorm 768). Build with -c release for meaningful figures.
      help
          Show this text.
    """

    static let valued: [String: Set<String>] = [
        "generate": ["--config", "--output"],
        "verify": ["--config", "--output", "--seed"],
        "bench": ["--iterations"],
        "help": [],
    ]

    /// Runs the tool printing to standard output and error; returns the exit status.
    public static func main(_ args: [String]) -> Int32 {
        run(args, output: { print($0) }, error: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
    }

    /// Runs the tool with the given line printers; returns the exit status.
    public static func run(_ args: [String], output: (String) -> Void, error: @escaping (String) -> Void) -> Int32 {
        let out = output
        let printError = { (s: String) in error("hlsgen: error: \(s)") }
        do {
            let a = try Arguments(args.isEmpty ? ["help"] : args, valued: valued, boolean: [:])
            switch a.command {
            case "generate": return try generate(a, out)
            case "verify": return try verify(a, out)
            case "bench": return try BenchCommand.run(iterations: a.positiveInt("--iterations", default: 0), output: out)
            default:
                out(usage)
                return 0
            }
        } catch let e as DriverError {
            printError(e.message)
        } catch let e as ConfigError {
            for line in e.lines { printError(line) }
        } catch let e {
            printError("\(e)")
        }
        return 1
    }

    /// Loads the config (or the default) and its validated designs.
    static func designs(_ a: Arguments) throws -> (Configuration, [Design], String) {
        let config = try a.value("--config").map { path throws(ConfigError) in try Configuration.load(path: path) } ?? .default
        let designs = try config.designs()
        let name = a.value("--config").map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } ?? "default"
        return (config, designs, a.value("--output") ?? "Generated/\(name)")
    }

    static func generate(_ a: Arguments, _ print: (String) -> Void) throws -> Int32 {
        let (_, designs, root) = try designs(a)
        let emitted = try Generator.emit(designs)
        try Generator.write(emitted, to: root)
        print("generated \(designs.count) designs into \(root): \(designs.map(\.top).joined(separator: ", "))")
        return 0
    }

    static func verify(_ a: Arguments, _ print: (String) -> Void) throws -> Int32 {
        let seed = try a.positiveInt("--seed", default: 1)
        let (_, designs, root) = try designs(a)
        let verdicts = try Workflow.generateAndVerify(designs, into: root, seed: UInt64(seed))
        print("generated \(designs.count) designs into \(root)")
        for v in verdicts { print("\(v)") }
        let failed = verdicts.filter { !$0.passed }.count
        print("\(verdicts.count - failed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }
}
