import Foundation
import HLSConfig
import HLSEstimator
import HLSIR

/// The command line a package that declares its own designs gets without glue code (the
/// HLSGen product's `HLSGenCLI.main(designs:)`): `list`, `generate`, `verify`, `estimate`,
/// `headers`, `help`, with the options of the `hlsgen` commands of the same names.
public enum DesignsTool {
    static func usage(_ program: String) -> String {
        """
        usage: \(program) <command> [options]

        commands:
          list
              Print the name of every design this package declares.
          generate [--config FILE] [--design NAME] [--output DIR] [--board u250|u280|u55c|f1] [--clock MHz]
              Validate the designs (retuned by the config file's schedule, if given), then
              write each one's kernel, header, testbench and build files to DIR/<design>/
              (default DIR: Generated/<config name>, or Generated/default).
          verify [same options] [--seed N]
              Generate as above, compile each C simulation with g++ and compare every output
              word with the interpreter on seeded random inputs. One line per design; exit 1 on a FAIL.
          estimate [--config FILE] [--design NAME] [--board u280|u250|u55c|f1] [--clock MHz] [--json]
              Latency, II, resources and m_axi traffic of each design (default u280, 300 MHz).
          headers
              Print (fetching once if needed) the folder of Xilinx's ap_types headers.
          help
              Show this text.
        """
    }

    static let selection: Set<String> = ["--config", "--design"]
    static let valued: [String: Set<String>] = [
        "list": [],
        "generate": selection.union(["--output"]).union(TargetOptions.valued),
        "verify": selection.union(["--output", "--seed"]).union(TargetOptions.valued),
        "estimate": selection.union(TargetOptions.valued),
        "headers": [],
        "help": [],
    ]
    static let boolean: [String: Set<String>] = ["estimate": ["--json"]]

    /// Runs `args` (without the program name) against the designs `designs` builds, printing
    /// results to `output` and one-line errors, prefixed `program: error:`, to `error`.
    /// Returns the exit status: 0, or 1 on bad input, a failed verification or any error.
    public static func run(_ args: [String], program: String, designs: () throws -> [Design],
                           output: (String) -> Void, error: (String) -> Void) -> Int32 {
        do {
            let a = try Arguments(args.isEmpty ? ["help"] : args, valued: valued, boolean: boolean, program: program)
            switch a.command {
            case "list":
                for d in try build(designs) { output(d.top) }
                return 0
            case "generate":
                let seed = try a.positiveInt("--seed", default: 1)
                let target = try CommandLineTool.buildTarget(a)
                let (chosen, root) = try select(a, designs)
                return try CommandLineTool.generate(chosen, into: root, seed: seed, target: target, output)
            case "verify":
                let seed = try a.positiveInt("--seed", default: 1)
                let target = try CommandLineTool.buildTarget(a)
                let (chosen, root) = try select(a, designs)
                return try CommandLineTool.verify(chosen, into: root, seed: seed, target: target, output)
            case "estimate":
                let target = try TargetOptions(a, boards: Device.boards)
                let (chosen, _) = try select(a, designs)
                let estimates = try DesignEstimates(chosen, board: target.device.name, clockMHz: target.clockMHz)
                if a.flag("--json") { output(try estimates.json()) } else { estimates.lines.forEach(output) }
                return 0
            case "headers":
                output(try APTypesHeaders.locate())
                return 0
            default:
                output(usage(program))
                return 0
            }
        } catch let e as DriverError {
            error("\(program): error: \(e.message)")
        } catch let e as ConfigError {
            for line in e.lines { error("\(program): error: \(line)") }
        } catch let e as DesignError {
            for line in e.problems { error("\(program): error: \(line)") }
        } catch let e {
            error("\(program): error: \(e)")
        }
        return 1
    }

    /// The package's designs; a `DesignError` from a builder is reported as it is.
    static func build(_ designs: () throws -> [Design]) throws -> [Design] {
        let all = try designs()
        guard !all.isEmpty else { throw DriverError("the package declares no designs") }
        var seen = Set<String>()
        for d in all where !seen.insert(d.top).inserted { throw DriverError("two designs are named \(d.top); expected one name per design") }
        return all
    }

    /// The designs `--design` picks (all by default), retuned by `--config`, and the output
    /// folder (`--output`, else Generated/<config name>, else Generated/default).
    static func select(_ a: Arguments, _ designs: () throws -> [Design]) throws -> ([Design], String) {
        var chosen = try build(designs)
        if let name = a.value("--design") {
            guard let d = chosen.first(where: { $0.top == name }) else {
                throw DriverError("option --design is '\(name)'; expected one of \(chosen.map(\.top).joined(separator: ", "))")
            }
            chosen = [d]
        }
        if let path = a.value("--config") {
            chosen = try Configuration.load(path: path).applySchedule(to: chosen)
        }
        let name = a.value("--config").map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } ?? "default"
        return (chosen, a.value("--output") ?? "Generated/\(name)")
    }
}
