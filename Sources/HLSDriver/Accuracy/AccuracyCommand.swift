import Foundation
import HLSConfig
import HLSIR
import HLSLayers
import HLSModels

/// `hlsgen accuracy --checkpoint C [--profile libm|exact|integer|fixed] [--config F] [--quantize [q8|q4]]
/// [--group-size N] [--positions N] [--tokenizer T [--prompts FILE]]` (GPT-2: `[--tiktoken F [--prompts FILE]]`,
/// `GPT2Accuracy`): the chosen variant against the float
/// reference (float weights, reference schedule, libm profile), both run by the interpreter,
/// teacher-forced on the same tokens — each sequence's prompt, then the float model's greedy
/// continuation — for N positions in total (`AccuracyRun`). `--config` gives the fixed
/// profile's activation formats (`activations`) and math profile; other profiles reject it.
enum AccuracyCommand {
    static let valued: Set<String> = ["--checkpoint", "--profile", "--config", "--group-size", "--positions", "--tokenizer", "--prompts", "--tiktoken"]
    static let flags: Set<String> = ["--quantize"]
    static let defaultPositions = 1000

    static func run(_ a: Arguments, output: (String) -> Void, progress: (String) -> Void) throws -> Int32 {
        guard let path = a.value("--checkpoint") else { throw DriverError("option --checkpoint is required (a float llama2.c or llm.c GPT-2 checkpoint)") }
        if ModelKind.detect(path) == .gpt2 { return try GPT2Accuracy.run(a, path: path, output: output, progress: progress) }
        if a.value("--tiktoken") != nil { throw DriverError("option --tiktoken is for GPT-2 checkpoints (llm.c's format); llama2.c prompts use --tokenizer") }
        let quantization = try LlamaDesignRequest.quantization(a)
        let groupSize = a.value("--group-size") == nil ? nil : try a.positiveInt("--group-size", default: 1)
        let integer = a.value("--profile") == IntegerProfile.name
        let fixed = a.value("--profile") == FixedProfile.name
        let profile = integer || fixed ? .libm : try LlamaDesignRequest.choice(a, "--profile", default: MathProfile.libm)
        if a.value("--config") != nil && !fixed {
            throw DriverError("option --config is for --profile fixed (its activation formats); the other profiles take no config file here")
        }
        let positions = try a.positiveInt("--positions", default: defaultPositions)
        if a.value("--prompts") != nil && a.value("--tokenizer") == nil {
            throw DriverError("option --prompts needs --tokenizer (the prompts are text)")
        }
        let reference = try LlamaModel.load(checkpoint: path)
        guard case .float = reference.checkpoint else {
            throw DriverError("\(path): is a Q8_0 checkpoint; accuracy needs a float (version 0) checkpoint as its reference")
        }
        if integer && quantization == .q4 { throw DriverError("option --profile integer needs Q8_0 weights (--quantize q8, the default with it); got --quantize q4") }
        let variant = try LlamaModel.load(checkpoint: path, quantization: integer ? .q8 : quantization, groupSize: groupSize)
        let prompts = try AccuracyRun.prompts(a.value("--tokenizer").map { try reference.tokenizer($0) },
                                              file: a.value("--prompts"))
        let configuration = try a.value("--config").map { path throws(ConfigError) in try Configuration.load(path: path) }
        let fixedDesign = fixed ? try FixedProfile.design(variant, configuration, probe: true) : nil
        let fixedName = fixedDesign.map { "\(FixedProfile.name) (\(FixedProfile.activations(configuration).summary); \($0.profile) math)" }
        let profileName = integer ? IntegerProfile.name : fixedName ?? profile.rawValue
        progress("accuracy: \(positions) positions, \(describe(variant.weights)) \(profileName) profile against float libm, with the interpreter")
        let result: AccuracyRun.Result
        if integer {
            progress("accuracy: calibrating the integer scales on \(IntegerLlamaModel.calibrationPositions) positions of the float model")
            let engine = try IntegerLlamaEngine(try IntegerLlamaModel(model: variant, reference: reference))
            result = try AccuracyRun.measure(reference: reference, float: try AccuracyRun.engine(reference, profile: .libm), other: engine,
                                             prompts: prompts, positions: positions)
        } else if let fixedDesign {
            let engine = try LlamaInterpreterEngine(design: try BoundDesign.binding(fixedDesign), model: variant)
            result = try AccuracyRun.measure(reference: reference, float: try AccuracyRun.engine(reference, profile: .libm), other: engine,
                                             prompts: prompts, positions: positions)
        } else {
            result = try AccuracyRun.measure(reference: reference, variant: variant, profile: profile, prompts: prompts, positions: positions)
        }
        for line in report(result, name: reference.name, variant: "\(describe(variant.weights)), \(profileName) profile") { output(line) }
        return 0
    }

    static func describe(_ w: LlamaWeights) -> String {
        switch w {
        case .float: return "float weights"
        case .q8(let gs): return "Q8_0 (group \(gs))"
        case .q4(let gs): return "Q4 (group \(gs))"
        }
    }

    static func format(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)g", x) }

    /// The printed table, ending with the summary line.
    static func report(_ r: AccuracyRun.Result, name: String, variant: String) -> [String] {
        let m = r.metrics
        let pct = String(format: "%.1f", 100 * m.agreement)
        var out = [
            "accuracy of \(name): \(variant) against float weights, libm profile (reference schedule, interpreter)",
            "sequences (teacher-forced on the float model's greedy text): " + r.sequences.joined(separator: "; "),
            "positions                    \(m.positions)",
            "top-1 agreement              \(pct)% (\(m.agreements) of \(m.positions))",
            "mean KL(float ‖ variant)     \(format(m.meanKL))",
            "perplexity on greedy tokens  \(format(m.variantPerplexity)) (variant) vs \(format(m.referencePerplexity)) (float), \(m.scored) tokens",
            "max |Δ residual| per layer   " + (m.layerErrors.isEmpty ? "n/a (the variant's design has no residual probe)"
                : m.layerErrors.enumerated().map { "\($0.offset): \(format(Double($0.element), 3))" }.joined(separator: ", ")),
        ]
        if let worst = m.layerErrors.indices.max(by: { m.layerErrors[$0] < m.layerErrors[$1] }) {
            out.append("largest layer activation error \(format(Double(m.layerErrors[worst]))) (after layer \(worst))")
        }
        out.append("largest logit error          \(format(Double(m.maxLogitError)))")
        out.append("accuracy: top-1 \(pct)%, KL \(format(m.meanKL)), perplexity \(format(m.variantPerplexity)) vs \(format(m.referencePerplexity)) (float)")
        return out
    }
}
