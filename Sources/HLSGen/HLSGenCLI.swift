import Foundation
import HLSDriver

/// The command line of a package that declares its own designs, with no glue code:
///
/// ```swift
/// // Sources/my-layers/main.swift, an executable target depending on the HLSGen product
/// import HLSGen
/// import MyLayers
/// HLSGenCLI.main(designs: { [try myLayerDesign()] })
/// ```
///
/// `swift run my-layers verify` then generates and verifies every design;
/// the commands are `list`, `generate`, `verify`, `estimate`, `headers` and `help`, with
/// `--config FILE` (a config whose `schedule` retunes the designs), `--design NAME`,
/// `--output DIR`, `--board`, `--clock`, `--seed` and `--json` as `hlsgen` takes them.
public enum HLSGenCLI {
    /// Runs the command in `CommandLine.arguments` and exits with its status (1 on bad input,
    /// a failed verification or any error, which is printed as one line to standard error).
    public static func main(designs: () throws -> [Design]) -> Never {
        let program = (CommandLine.arguments.first.map { ($0 as NSString).lastPathComponent }) ?? "hlsgen"
        let status = run(Array(CommandLine.arguments.dropFirst()), program: program, designs: designs,
                         output: { print($0) }, error: { FileHandle.standardError.write(Data("\($0)\n".utf8)) })
        exit(status)
    }

    /// Runs `arguments` (without the program name) with the given line printers; returns the
    /// exit status. Errors are printed to `error` as `program: error: <one line>`.
    public static func run(_ arguments: [String], program: String = "hlsgen", designs: () throws -> [Design],
                           output: (String) -> Void, error: (String) -> Void) -> Int32 {
        DesignsTool.run(arguments, program: program, designs: designs, output: output, error: error)
    }
}
