import Foundation
import HLSConfig
import HLSEmitter
import HLSEstimator
import HLSIR

/// The `hlsgen` command line: `generate`, `verify`, `run`, `estimate`, `report`, `explore`, `calibrate`, `bench`,
/// `headers`, `help`.
public enum CommandLineTool {
    static let usage = """
    usage: hlsgen <command> [options]

    commands:
      generate [--config FILE] [--output DIR] [--seed N] [--board u250|u280|u55c|f1] [--clock MHz]
          Validate the config, then write each design's kernel, header, self-checking testbench,
          its data (inputs from seed N, default 1, and the interpreter's golden outputs) and
          build files to DIR/<design>/ (default DIR: Generated/<config name>, or
          Generated/default). The HLS build files name the board's part at the clock (default
          u250, 300 MHz) and run C simulation, synthesis and C/RTL co-simulation.
      verify [--config FILE] [--output DIR] [--seed N] [--board B] [--clock MHz]
          Generate as above, compile each testbench with g++ and run it in its folder (as make
          csim does): every output word against the interpreter's. One line per design; exit 1
          on a FAIL.
      generate --checkpoint C [--quantize [q8|q4] [--group-size N]] [--schedule reference|hardware|hlstransform]
               [--engines N] [--profile libm|exact|integer|fixed] [--config FILE] [--output DIR] [--seed N] [--board B]
               [--clock MHz] [--prefill B]
          Write the whole-model forward kernel for a llama2.c (or llm.c GPT-2) checkpoint with its testbench
          (weights from seed N, golden logits of 4 positions), build files and host program
          to DIR (default Generated/<name>-<float|q80|q4>-<schedule>[-e<N>][-p<B>]). --engines N (hardware
          schedule) splits every product and attention over N engines, each on its own bank.
          --prefill B adds the prefill kernel (blocks of B prompt tokens) beside it: one xclbin,
          the host's -b option runs the prompt through it. --devices N writes instead the
          device kernels of the model split over N devices, one folder per device role
          (DIR/device<e>[-<last>]/, each with its testbench and connectivity files; default
          DIR ends in -d<N>, with --engines E -d<N>-e<E>: each device's products on E engines)
          and the host that drives the N devices (DIR/host.cpp, system.mk).
          --profile integer: the integer-only design (Q8_0 weights, int8 activations, scales
          calibrated on the float model; Llama and GPT-2; kernel and testbench, no host; folder
          <name>-q80-integer).
          --profile fixed: activations held as ap_fixed<W,I,AP_RND_CONV,AP_SAT> per class, widths
          from the config's "activations" (docs/config.md); reference or hardware schedule, one
          engine; kernel and testbench, no host; folder <name>-<float|q80|q4>-<schedule>-fixed).
      verify --checkpoint C [same options]
          Generate as above and run the testbench: the C simulation's logits against the
          interpreter's, bit for bit.
      run --checkpoint C --tokenizer T [--prompt P] [--tiktoken F] [--ids] [--steps N]
          [--temperature X] [--topp P] [--seed S] [--engine interpreter|csim] [--schedule reference|hardware|hlstransform]
          [--engines N] [--profile libm|exact|integer|fixed] [--quantize [q8|q4] [--group-size N]] [--config FILE]
          [--prefill B] [--devices N]
          Generate text as llama2.c's run does (defaults: 256 steps clamped to seq_len,
          temperature 1.0, topp 0.9, seed from the clock, interpreter, reference, libm).
          --prefill B runs the prompt through the prefill design in blocks of B tokens (the
          same bits, so the same text; both engines: the csim host gets the prefill kernel).
          --devices N splits the model over N devices by output rows and all-gathers between
          stages (the same bits; both engines: the csim host runs N in-process devices); with
          --engines E each device runs its slice on E engines (hardware schedule).
          An llm.c GPT-2 checkpoint (told by its magic) runs as llm.c does: --steps counts
          every position (default max_seq_len), temperature 1.0, no top-p unless --topp,
          seed 1337; --ids prints the generated ids (then --tokenizer is optional); --prompt
          is encoded with GPT-2's BPE from --tiktoken F (default gpt2.tiktoken beside the
          tokenizer). --engine csim runs the generated llm.c host (gpt2.h) with the kernel in
          C simulation; it prints the same text or ids. --engines N (hardware schedule) runs
          its products and attention on N engines; --devices N splits it too (both engines),
          --engines E then per device; --prefill B runs <|endoftext|> and the prompt in blocks
          (both engines; not with --devices).
          --quantize q4 runs GPT-2 with Q4 weights on one device and one engine (both engines;
          the host quantizes to Q4 itself).
      estimate [--config F | --checkpoint C [--quantize [q8|q4] [--group-size N]] | --shape S [--weights float|q8|q4]
               [--group-size N]] [--schedule reference|hardware|hlstransform] [--engines N]
               [--profile libm|exact|integer|fixed] [--prefill B] [--devices N] [--board u280|u250|u55c|f1] [--clock MHz] [--json]
          Estimate latency, II, resources and m_axi traffic of each design on a board (default
          u280 at 300 MHz; models default to the hardware schedule). S is stories260k,
          stories15m, stories42m, stories110m, llama2-110m, llama2-7b, gpt2-124m, gpt2-350m,
          gpt2-774m, gpt2-1.5b (GPT-2: --quantize [q8|q4] or --weights q8|q4) or
          dim=N,hidden=N,layers=N,heads=N,kv_heads=N,vocab=N,seq=N. Whole models end with
          `modeled: X tok/s, roofline: Y tok/s, ratio: Z`. --prefill B also estimates the
          prefill design (blocks of B prompt tokens) first, ending its part with
          `prefill: X tok/s in blocks of B, ...`. --devices N estimates the model split over N
          devices with the host's PCIe all-gathers (--engines E: E engines per device), ending
          with `modeled: X ms/token decode on N devices` (with --prefill too: `modeled: X ms/token decode, Y tok/s prefill on N
          devices`, the prefill kernel on one of them). --json prints the same as JSON.
      report [same selection, --board and --clock options] [--explore [--max-util F]]
             [--accuracy [--positions N] [--tokenizer T | --tiktoken F] [--prompts FILE]] --output DIR
          Estimate as above and write one self-contained HTML page, DIR/<name>-report.html:
          tables with pragmas, roofline, latency breakdown and resource charts; --explore
          adds the design-space exploration of `explore` (Pareto chart, best config);
          --accuracy (with a float --checkpoint) the table of `accuracy` for the same --quantize,
          --group-size, --profile and --config, and the per-layer residual error as a bar chart.
      explore (--config F | --checkpoint C [--quantize [q8|q4] [--group-size N]] | --shape S [--weights float|q8|q4]
              [--group-size N]) [--schedule reference|hardware] [--profile libm|exact]
              --board u280|u250|u55c|f1 [--clock MHz] [--max-util F] [--output FILE] [--json]
          Search unroll factors, lanes, pipelines, partitions and m_axi bundles (and for a model
          without --engines the engine count) with the estimator, starting from the chosen
          schedule, keeping every resource at most F of
          the device (default 0.8). Prints the Pareto front (tok/s, or latency for config
          designs, against the scarcest resource) and writes the best point as a config file
          (default explore-<name>.json) that generate --config accepts (docs/explore.md).
      accuracy --checkpoint C [--quantize [q8|q4]] [--group-size N] [--profile libm|exact|integer|fixed]
               [--config FILE] [--positions N] [--tokenizer T [--prompts FILE]] [--tiktoken F [--prompts FILE]]
          Run the variant (quantized weights and/or profile) and the float reference (float
          weights, libm, reference schedule) with the interpreter on the same tokens, teacher-
          forced on the float model's greedy text, for N positions (default 1000); print top-1
          agreement, mean KL, perplexities and the largest per-layer residual error, ending with
          `accuracy: top-1 A%, KL K, perplexity P vs F (float)`. --config gives --profile fixed
          its activation formats. A GPT-2 checkpoint starts its sequences with <|endoftext|>; its
          prompts are encoded with --tiktoken F.
      bench [--iterations N] [--models DIR] [--steps N]
          Time the interpreter against the compiled C simulation (Q8_0 matrix-vector 768x2048,
          RMSNorm 768), then tokens/s of the whole model (stories260K from DIR, default
          $HLSGEN_MODELS_DIR or ../shared/models, and a random stories15M-shaped model).
          Build with -c release for meaningful figures.
      calibrate [--file F]
          Estimate the 12 Vitis HLS calibration kernels (examples/calibration) on their parts
          and clocks and compare with the reports in F (default $HLSGEN_CALIBRATION or
          ../shared/calibration/vitis_reports.json): one row per kernel, then a summary line.
      headers
          Print the folder of Xilinx's ap_types headers the C simulation compiles with:
          $XILINX_HLS/include, else $HLSGEN_AP_TYPES, else the cache (fetched from PyPI once).
      help
          Show this text.
    """

    static let valued: [String: Set<String>] = [
        "generate": Set(["--config", "--output", "--seed", "--prefill", "--devices"]).union(LlamaDesignRequest.valued).union(TargetOptions.valued),
        "verify": Set(["--config", "--output", "--seed", "--prefill"]).union(LlamaDesignRequest.valued).union(TargetOptions.valued),
        "run": LlamaRunCommand.valued,
        "estimate": EstimateCommand.valued,
        "report": ReportCommand.valued,
        "explore": ExploreCommand.valued,
        "accuracy": AccuracyCommand.valued,
        "bench": ["--iterations", "--models", "--steps"],
        "calibrate": ["--file"],
        "headers": [],
        "help": [],
    ]

    static let boolean: [String: Set<String>] = [
        "generate": LlamaDesignRequest.flags, "verify": LlamaDesignRequest.flags, "run": LlamaRunCommand.flags,
        "estimate": EstimateCommand.flags, "report": ReportCommand.flags, "explore": ExploreCommand.flags,
        "accuracy": AccuracyCommand.flags,
    ]

    /// Runs the tool printing to standard output and error; returns the exit status.
    public static func main(_ args: [String]) -> Int32 {
        run(args, output: { print($0) }, error: { FileHandle.standardError.write(Data("\($0)\n".utf8)) },
            text: { FileHandle.standardOutput.write(Data($0)) })
    }

    /// Runs the tool with the given line printers; returns the exit status. The text `run`
    /// generates is passed to `output` as one string at the end (without its final newline).
    public static func run(_ args: [String], output: (String) -> Void, error: @escaping (String) -> Void) -> Int32 {
        var generated: [UInt8] = []
        let status = run(args, output: output, error: error, text: { generated += $0 })
        if !generated.isEmpty {
            output(String(decoding: generated.last == 0x0A ? generated.dropLast() : generated[...], as: UTF8.self))
        }
        return status
    }

    /// Runs the tool with the given line printers and a sink for the bytes `run` generates
    /// (exactly what llama2.c prints on standard output); returns the exit status.
    public static func run(_ args: [String], output: (String) -> Void, error: @escaping (String) -> Void,
                           text: ([UInt8]) -> Void) -> Int32 {
        let out = output
        let printError = { (s: String) in error("hlsgen: error: \(s)") }
        do {
            let a = try Arguments(args.isEmpty ? ["help"] : args, valued: valued, boolean: boolean,
                                  optionalValue: LlamaDesignRequest.optionalValue)
            switch a.command {
            case "generate", "verify":
                if a.value("--checkpoint") != nil {
                    return try a.command == "generate" ? LlamaDesignCommands.generate(a, out)
                        : LlamaDesignCommands.verify(a, out, progress: error)
                }
                try LlamaDesignRequest.rejectWithoutCheckpoint(a)
                return try a.command == "generate" ? generate(a, out) : verify(a, out)
            case "run": return try LlamaRunCommand.run(a, text: text, error: error)
            case "estimate": return try EstimateCommand.run(a, output: out, progress: { error("hlsgen: \($0)") })
            case "report": return try ReportCommand.run(a, output: out, progress: { error("hlsgen: \($0)") })
            case "explore": return try ExploreCommand.run(a, output: out, progress: { error("hlsgen: \($0)") })
            case "accuracy": return try AccuracyCommand.run(a, output: out, progress: { error("hlsgen: \($0)") })
            case "headers":
                out(try APTypesHeaders.locate())
                return 0
            case "bench":
                return try BenchCommand.run(iterations: a.positiveInt("--iterations", default: 0),
                                            models: a.value("--models") ?? LlamaBench.defaultModelsDirectory,
                                            steps: a.positiveInt("--steps", default: LlamaBench.defaultSteps), output: out)
            case "calibrate":
                return try CalibrateCommand.run(file: a.value("--file") ?? CalibrationFile.defaultPath, estimator: .standard,
                                                output: out, progress: error)
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

    /// Binds every design once and prints the costly choices the validator accepted.
    static func bind(_ designs: [Design], _ print: (String) -> Void) throws(DriverError) -> [BoundDesign] {
        let bound = try designs.map { (d) throws(DriverError) in try BoundDesign.binding(d) }
        for b in bound { for w in b.warnings { print("warning: \(w) (the tool raises the II; see hlsgen estimate)") } }
        return bound
    }

    /// The part and clock of `--board` (default u250) and `--clock` for the HLS build files.
    static func buildTarget(_ a: Arguments) throws(DriverError) -> BuildTarget {
        try TargetOptions(a, boards: Device.boards, defaultBoard: TargetOptions.defaultGenerateBoard).buildTarget
    }

    static func generate(_ a: Arguments, _ print: (String) -> Void) throws -> Int32 {
        let seed = try a.positiveInt("--seed", default: 1)
        let target = try buildTarget(a)
        let (_, designs, root) = try designs(a)
        return try generate(designs, into: root, seed: seed, target: target, print)
    }

    /// `generate` of validated designs (the config's, or a user package's for `DesignsTool`),
    /// with the testbench data of `seed`.
    static func generate(_ designs: [Design], into root: String, seed: Int, target: BuildTarget, _ print: (String) -> Void) throws -> Int32 {
        let emitted = try Generator.emit(try bind(designs, print), target: target, seed: UInt64(seed))
        try Generator.write(emitted, to: root)
        print("generated \(designs.count) designs into \(root): \(designs.map(\.top).joined(separator: ", "))")
        return 0
    }

    static func verify(_ a: Arguments, _ print: (String) -> Void) throws -> Int32 {
        let seed = try a.positiveInt("--seed", default: 1)
        let target = try buildTarget(a)
        let (_, designs, root) = try designs(a)
        return try verify(designs, into: root, seed: seed, target: target, print)
    }

    /// `verify` of validated designs: one line per design, then the count; 1 on any FAIL.
    static func verify(_ designs: [Design], into root: String, seed: Int, target: BuildTarget,
                       _ print: (String) -> Void) throws -> Int32 {
        let verdicts = try Workflow.generateAndVerify(try bind(designs, print), into: root, seed: UInt64(seed), target: target)
        print("generated \(designs.count) designs into \(root)")
        for v in verdicts { print("\(v)") }
        let failed = verdicts.filter { !$0.passed }.count
        print("\(verdicts.count - failed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }
}
