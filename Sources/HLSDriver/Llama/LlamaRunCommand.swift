import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// `hlsgen run`: text generation with a checkpoint's forward design, printing exactly what
/// llama2.c's run.c prints on standard output and `achieved tok/s: X` on standard error.
enum LlamaRunCommand {
    static let valued = LlamaDesignRequest.valued.union([
        "--tokenizer", "--prompt", "--steps", "--temperature", "--topp", "--seed", "--engine", "--prefill", "--devices",
        "--tiktoken",
    ])
    static let flags = LlamaDesignRequest.flags.union(["--ids"])

    enum Engine: String, CaseIterable {
        case interpreter, csim
    }

    /// Parses the generation options (llama2.c's defaults; the seed defaults to the time).
    static func options(_ a: Arguments) throws(DriverError) -> LlamaGenerationOptions {
        var o = LlamaGenerationOptions(seed: UInt64(max(1, time(nil))))
        o.prompt = a.value("--prompt") ?? ""
        if let s = a.value("--steps") {
            guard let n = Int(s), n >= 0 else { throw DriverError("option --steps is '\(s)'; expected 0 (seq_len) or a positive integer") }
            o.steps = n
        }
        o.temperature = try float(a, "--temperature", default: 1.0, range: 0...Double.greatestFiniteMagnitude, expected: "a number 0 or above")
        o.topp = try float(a, "--topp", default: 0.9, range: 0...1, expected: "a number in [0, 1]")
        if let s = a.value("--seed") {
            // llama2.c reads the seed with atoi, so the C-simulation host accepts 1...2^31-1.
            guard let n = UInt64(s), n >= 1, n <= UInt64(Int32.max) else {
                throw DriverError("option --seed is '\(s)'; expected an integer in 1...\(Int32.max)")
            }
            o.seed = n
        }
        return o
    }

    /// A float option read as llama2.c does (`atof`, then rounded to float).
    static func float(_ a: Arguments, _ name: String, default fallback: Float, range: ClosedRange<Double>, expected: String) throws(DriverError) -> Float {
        guard let s = a.value(name) else { return fallback }
        guard let d = Double(s), d.isFinite, range.contains(d) else { throw DriverError("option \(name) is '\(s)'; expected \(expected)") }
        return Float(d)
    }

    /// llama2.c's generate loop over `forward` (and `prefill` for the prompt), the text to
    /// `text` and run.c's rate line to `error`.
    static func generate(_ tokenizer: Tokenizer, _ prompt: [Int], _ steps: Int, _ o: LlamaGenerationOptions,
                         text: ([UInt8]) -> Void, error: (String) -> Void,
                         forward: (Int, Int) throws(DriverError) -> [Float],
                         prefill: (([Int]) throws(DriverError) -> [Float])? = nil) throws(DriverError) {
        let result = try LlamaTextGenerator.generate(
            tokenizer: tokenizer, prompt: prompt, steps: steps,
            sampler: Sampler(temperature: o.temperature, topp: o.topp, seed: o.seed),
            forward: forward, prefill: prefill, text: text)
        if let line = result.report { error(line) }
    }

    static func run(_ a: Arguments, text: ([UInt8]) -> Void, error: (String) -> Void) throws -> Int32 {
        if let c = a.value("--checkpoint"), ModelKind.detect(c) == .gpt2 { return try GPT2RunCommand.run(a, text: text, error: error) }
        if a.flag("--ids") { throw DriverError("option --ids is for GPT-2 checkpoints (llm.c's format)") }
        let request = try LlamaDesignRequest(a)
        guard let tokenizerPath = a.value("--tokenizer") else {
            throw DriverError("option --tokenizer is required (a llama2.c tokenizer.bin file)")
        }
        var o = try options(a)
        let engine = try LlamaDesignRequest.choice(a, "--engine", default: Engine.interpreter)
        if request.integer {
            guard engine == .interpreter else {
                throw DriverError("option --engine csim does not take --profile integer: the generated host converts float activations; use --engine interpreter (hlsgen verify checks the integer kernel in C simulation)")
            }
            let m = try request.loadInteger()
            let forward = try IntegerLlamaEngine(m)
            let tokenizer = try m.model.tokenizer(tokenizerPath)
            let steps = try o.resolvedSteps(seqLen: m.model.config.seqLen)
            let prompt = try o.promptTokens(tokenizer, seqLen: m.model.config.seqLen)
            try generate(tokenizer, prompt, steps, o, text: text, error: error,
                         forward: { (token, pos) throws(DriverError) in try forward.forward(token: token, pos: pos) })
            return 0
        }
        if engine == .csim, request.fixed {
            throw DriverError("option --engine csim does not take --profile fixed: the generated host holds a float KV cache; use --engine interpreter (hlsgen verify checks the fixed kernel in C simulation)")
        }
        let block: Int? = a.value("--prefill") == nil ? nil : try a.positiveInt("--prefill", default: 1)
        let devices: Int? = a.value("--devices") == nil ? nil : try a.positiveInt("--devices", default: 1)
        if devices != nil && block != nil { throw DriverError("option --prefill with --devices: the prefill stage runs on one device for now") }
        // With --devices the engines are each device's; the one-device design has one.
        let (model, design) = try (devices == nil ? request : request.withOneEngine()).load()
        let tokenizer = try model.tokenizer(tokenizerPath)
        let seqLen = model.config.seqLen
        let steps = try o.resolvedSteps(seqLen: seqLen)
        o.steps = steps
        let prompt = try o.promptTokens(tokenizer, seqLen: seqLen)
        var prefill: BoundDesign?
        if let block {
            guard block <= seqLen else { throw DriverError("option --prefill is '\(block)'; expected a block of 1 ... seq_len \(seqLen) tokens") }
            prefill = try BoundDesign.binding(try request.prefillDesign(model, block: block, forward: design.design))
        }
        // The model split over `devices` (LlamaDevices, `--engines` engines each; the same bits as one device).
        var deviceDesigns: [Design]?
        if let n = devices {
            deviceDesigns = try DeviceFiles.llamaDesigns(model, profile: design.design.profile, schedule: request.schedule, devices: n,
                                                         engines: try request.deviceEngines())
        }
        switch engine {
        case .interpreter where deviceDesigns != nil:
            let designs = try deviceDesigns!.map { d throws in try BoundDesign.binding(d) }
            let forward = try LlamaDeviceEngine(designs: designs, model: model)
            try generate(tokenizer, prompt, steps, o, text: text, error: error,
                         forward: { (token, pos) throws(DriverError) in try forward.forward(token: token, pos: pos) })
        case .interpreter:
            let forward = try LlamaInterpreterEngine(design: design, model: model, prefill: prefill)
            try generate(tokenizer, prompt, steps, o, text: text, error: error,
                         forward: { (token, pos) throws(DriverError) in try forward.forward(token: token, pos: pos) },
                         prefill: block == nil ? nil : { (tokens) throws(DriverError) in try forward.prefill(tokens: tokens, pos: 0) })
        case .csim:
            let work = NSTemporaryDirectory() + "hlsgen-run-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: work) }
            try SimulationFiles.makeDirectory(work)
            let headers = try APTypesHeaders.locate()
            let host = try deviceDesigns.map { d throws in
                try DeviceHostProgram.build(d, name: "\(model.name)-d\(d.count)", in: work, headers: headers)
            } ?? LlamaHostProgram.build(design, prefill: prefill, in: work, headers: headers)
            // Q8_0: the quantized model as a version-2 file; Q4 (no file format): the float
            // checkpoint, which the host quantizes as `Q4Quantizer` does.
            var checkpoint = request.checkpoint
            if request.quantization == .q8 {
                checkpoint = work + "/\(model.name)-q80.bin"
                try model.write(to: checkpoint)
            }
            let args = LlamaHostProgram.arguments(checkpoint: checkpoint, tokenizer: tokenizerPath, options: o, steps: steps, block: block)
            for line in try host.run(args, standardOutput: text) { error(line) }
        }
        return 0
    }
}
