import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// Whole-model figures for `hlsgen bench`: tokens/s of the interpreter and of the compiled
/// C-simulation host on the same forward design (reference schedule, libm profile), both
/// single-threaded, measured as llama2.c measures them (positions after the first over the
/// time since the first). The two generated texts must be identical before a figure prints.
enum LlamaBench {
    static let defaultSteps = 64
    static let prompt = "Once upon a time"

    /// `$HLSGEN_MODELS_DIR`, else `../shared/models`.
    static var defaultModelsDirectory: String {
        if let d = ProcessInfo.processInfo.environment["HLSGEN_MODELS_DIR"], !d.isEmpty { return d }
        return "../shared/models"
    }

    struct Case {
        let label: String
        let model: LlamaModel
        let checkpoint: String
        let tokenizer: String
        /// Also measured with the prompt run as one block (`prefillBlock`, hardware schedule).
        var prefill = false
    }

    /// The block of the prefill variant (`hlsgen run --prefill 16`).
    static let prefillBlock = 16

    /// stories260K (the real files when `models` has them, else a random model of its shape)
    /// and a random stories15M-shaped model, each float and Q8_0, written into `work`.
    static func cases(models: String, work: String) throws -> [Case] {
        let fm = FileManager.default
        var out: [Case] = []
        let real = ["stories260K.bin", "stories260K_q80.bin", "tok512.bin"].allSatisfy { fm.fileExists(atPath: "\(models)/\($0)") }
        if real {
            for (file, label) in [("stories260K.bin", "stories260K float"), ("stories260K_q80.bin", "stories260K Q8_0 (GS 4)")] {
                let path = "\(models)/\(file)"
                out.append(Case(label: label, model: try LlamaModel.load(checkpoint: path), checkpoint: path, tokenizer: "\(models)/tok512.bin",
                                prefill: true))
            }
        } else {
            out += try randomCases(.stories260K, name: "random 260K-shaped", tokenizer: nil, work: work).map { c in
                var c = c
                c.prefill = true
                return c
            }
        }
        let vocab32k = "\(models)/tokenizer.bin"
        out += try randomCases(.stories15M, name: "random 15M-shaped", tokenizer: fm.fileExists(atPath: vocab32k) ? vocab32k : nil, work: work)
        return out
    }

    static func randomCases(_ config: LlamaConfig, name: String, tokenizer: String?, work: String) throws -> [Case] {
        let float = try RandomModel.floatCheckpoint(config: config, seed: 15)
        let q8 = try LlamaModel.quantized(float, groupSize: nil)
        let tok = tokenizer ?? "\(work)/\(config.vocabSize)-tokenizer.bin"
        if tokenizer == nil { try SyntheticTokenizer.make(vocabSize: config.vocabSize, seed: 15).write(to: URL(fileURLWithPath: tok)) }
        var out: [Case] = []
        for (model, label) in [(LlamaModel(checkpoint: .float(float), name: "float"), "\(name) float"),
                               (LlamaModel(checkpoint: .q8(q8), name: "q80"), "\(name) Q8_0 (GS \(q8.groupSize))")] {
            let path = "\(work)/\(config.dim)-\(model.name).bin"
            try model.write(to: path)
            out.append(Case(label: label, model: model, checkpoint: path, tokenizer: tok))
        }
        return out
    }

    static func run(models: String, steps: Int, work: String, output print: (String) -> Void) throws {
        let headers = try APTypesHeaders.locate()
        try SimulationFiles.makeDirectory(work)
        print("")
        print("whole model, \(steps) steps, greedy, prompt \"\(prompt)\"   interpreter tok/s   C simulation tok/s   speed ratio")
        // Each model with the reference schedule, the hardware schedule, and the hardware schedule
        // on four engines (fan-out, gather and the attention engines' loops run in the
        // interpreter too); the stories260K-shaped ones also with the prompt as one block
        // (the prefill design's block products).
        let variants: [(String, LlamaSchedule, Int, Int?)] = [
            ("", .reference, 1, nil), (", hardware", .hardware, 1, nil), (", hardware, 4 engines", .hardware, 4, nil),
            (", hardware, prefill \(prefillBlock)", .hardware, 1, prefillBlock),
        ]
        for c in try cases(models: models, work: work) {
            for (suffix, schedule, engines, block) in variants where block == nil || c.prefill {
                guard LlamaForward.engineProblems(c.model.shape, engines: engines, schedule: schedule).isEmpty else { continue }
                try run(c, label: c.label + suffix, schedule: schedule, engines: engines, block: block, steps: steps, work: work,
                        headers: headers, output: print)
            }
        }
    }

    static func run(_ c: Case, label: String, schedule: LlamaSchedule, engines: Int, block: Int? = nil, steps: Int, work: String,
                    headers: String, output print: (String) -> Void) throws {
        let design = try BoundDesign.binding(try c.model.design(profile: .libm, schedule: schedule, engines: engines))
        let prefill = try block.map { b throws in
            try BoundDesign.binding(try c.model.prefillDesign(profile: .libm, schedule: schedule, block: b, forward: design.design.schedule))
        }
        let tokenizer = try c.model.tokenizer(c.tokenizer)
        // A random model with a shared classifier repeats its input token, so from BOS alone
        // it would stop at once: a prompt starts every model elsewhere.
        let options = LlamaGenerationOptions(prompt: prompt, steps: steps, temperature: 0)
        let resolved = try options.resolvedSteps(seqLen: c.model.config.seqLen)
        let promptTokens = try options.promptTokens(tokenizer, seqLen: c.model.config.seqLen)

        let engine = try LlamaInterpreterEngine(design: design, model: c.model, prefill: prefill)
        var interpreted: [UInt8] = []
        let result = try LlamaTextGenerator.generate(
            tokenizer: tokenizer, prompt: promptTokens, steps: resolved, sampler: Sampler(temperature: 0, topp: 0.9, seed: 1),
            forward: { (token, pos) throws(DriverError) in try engine.forward(token: token, pos: pos) },
            prefill: block == nil ? nil : { (tokens) throws(DriverError) in try engine.prefill(tokens: tokens, pos: 0) },
            text: { interpreted += $0 })

        let dir = "\(work)/\(label.filter { $0.isLetter || $0.isNumber })"
        try SimulationFiles.makeDirectory(dir)
        let host = try LlamaHostProgram.build(design, prefill: prefill, in: dir, headers: headers)
        var simulated: [UInt8] = []
        let report = try host.run(LlamaHostProgram.arguments(checkpoint: c.checkpoint, tokenizer: c.tokenizer, options: options, steps: resolved, block: block),
                                  standardOutput: { simulated += $0 })
        guard interpreted == simulated else {
            throw DriverError("benchmark \(label): the interpreter and the C-simulation host printed different text")
        }
        guard let interp = result.tokensPerSecond, let csim = report.compactMap(parseRate).first else {
            throw DriverError("benchmark \(label): no tokens/s figure (generation stopped after \(result.tokens.count) tokens)")
        }
        print(label.padding(toLength: 57, withPad: " ", startingAt: 0)
            + String(format: " %12.1f        %12.1f        %5.2fx", interp, csim, interp / csim))
    }

    /// The figure of an `achieved tok/s: X` line.
    static func parseRate(_ line: String) -> Double? {
        guard let r = line.range(of: "achieved tok/s: ") else { return nil }
        return Double(line[r.upperBound...].trimmingCharacters(in: .whitespaces))
    }
}
