import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// `hlsgen run` for an llm.c GPT-2 checkpoint: llm.c's generation loop on the interpreter or
/// (`--engine csim`) in the generated host program with the kernel in C simulation, printing the decoded text — the prompt, then the generated tokens — (or with `--ids` the
/// generated ids on one line) on standard output and `achieved tok/s: X` on standard error.
enum GPT2RunCommand {
    static func run(_ a: Arguments, text: ([UInt8]) -> Void, error: (String) -> Void) throws -> Int32 {
        let request = try LlamaDesignRequest(a)
        let engine = try LlamaDesignRequest.choice(a, "--engine", default: LlamaRunCommand.Engine.interpreter)
        let block: Int? = a.value("--prefill") == nil ? nil : try a.positiveInt("--prefill", default: 1)
        let devices: Int? = a.value("--devices") == nil ? nil : try a.positiveInt("--devices", default: 1)
        if devices != nil && block != nil { throw DriverError("option --prefill with --devices: the prefill stage runs on one device for now") }
        if a.value("--tiktoken") != nil && (a.value("--prompt") ?? "").isEmpty {
            throw DriverError("option --tiktoken needs --prompt (it encodes the prompt)")
        }
        let ids = a.flag("--ids")
        if request.integer && engine == .csim {
            throw DriverError("option --engine csim does not take --profile integer: the generated host converts float activations; use --engine interpreter (hlsgen verify checks the integer kernel in C simulation)")
        }
        let integer = request.integer ? try request.loadGPT2Integer() : nil
        // With --devices the engines are each device's; the one-device design has one.
        let (model, design) = try integer.map { ($0.model, try BoundDesign.binding($0.design)) }
            ?? (devices == nil ? request : request.withOneEngine()).loadGPT2()
        var decoder: GPT2Decoder?
        if let path = a.value("--tokenizer") {
            decoder = try model.decoder(path)
        } else if !ids {
            throw DriverError("option --tokenizer is required (llm.c's gpt2_tokenizer.bin) unless --ids is given")
        }
        let o = try options(a, seqLen: model.config.maxSeqLen)
        let prompt = try promptIDs(a, vocabSize: model.config.vocabSize, seqLen: model.config.maxSeqLen)
        let prefill = try block.map { b throws in try request.gpt2PrefillDesign(model, block: b, forward: design.design) }
        // <|endoftext|>: the decoder's (version 2), else 50256 — or V − 1 for a smaller vocabulary.
        let endOfText = decoder?.endOfText ?? Swift.min(GPT2Decoder.defaultEndOfText, model.config.vocabSize - 1)
        if endOfText >= model.config.vocabSize {
            throw DriverError("\(a.value("--tokenizer") ?? "tokenizer"): end-of-text id \(endOfText) is outside the model's vocabulary 0..<\(model.config.vocabSize)")
        }
        // One device, or the model split over `devices` (GPT2Devices, `--engines` engines each; the same bits).
        var deviceDesigns: [Design]?
        if let n = devices {
            deviceDesigns = try DeviceFiles.gpt2Designs(model, profile: design.profile, schedule: try request.gpt2Schedule(), devices: n,
                                                        engines: try request.deviceEngines())
        }
        if engine == .csim {
            try runHost(request, design: design, prefill: prefill, block: block, devices: deviceDesigns, name: model.name,
                        decoderGiven: a.value("--tokenizer"), ids: ids, options: o, prompt: prompt, text: text, error: error)
            return 0
        }
        let forward: (Int, Int) throws(DriverError) -> [Float]
        var prefillRun: (([Int]) throws(DriverError) -> [Float])?
        if let deviceDesigns {
            let designs = try deviceDesigns.map { d throws in try BoundDesign.binding(d) }
            let split = try DeviceEngine(designs: designs, model: model)
            forward = { (token, pos) throws(DriverError) in try split.forward(token: token, pos: pos) }
        } else if let prefill {
            // The forced positions in blocks (`GPT2Prefill`), the rest one by one; the same bits.
            let engineRun = try LlamaInterpreterEngine(design: design, model: model, prefill: prefill)
            forward = { (token, pos) throws(DriverError) in try engineRun.forward(token: token, pos: pos) }
            prefillRun = { (tokens) throws(DriverError) in try engineRun.prefill(tokens: tokens, pos: 0) }
        } else if let integer {
            let engineRun = try IntegerGPT2Engine(integer)
            forward = { (token, pos) throws(DriverError) in try engineRun.forward(token: token, pos: pos) }
        } else {
            let engineRun = try GPT2InterpreterEngine(design: design, model: model)
            forward = { (token, pos) throws(DriverError) in try engineRun.forward(token: token, pos: pos) }
        }
        let sampler = GPT2Sampler(vocabSize: model.config.vocabSize, temperature: o.temperature, topp: o.topp, seed: o.seed)
        // The text starts with the prompt, as llama2.c's run prints it.
        if !ids, let decoder {
            do { for id in prompt { text(try decoder.printable(id)) } } catch { throw DriverError("\(error)") }
        }
        let result = try GPT2TextGenerator.generate(
            endOfText: endOfText, prompt: prompt, steps: o.steps, sampler: sampler,
            forward: forward, prefill: prefillRun,
            emit: { (id) throws(DriverError) in
                guard !ids, let decoder else { return }
                do { text(try decoder.printable(id)) } catch { throw DriverError("\(error)") }
            })
        if ids {
            text(Array((result.ids.map(String.init).joined(separator: " ") + "\n").utf8))
        } else {
            text([0x0A])
        }
        if let rate = result.tokensPerSecond { error(String(format: "achieved tok/s: %f", rate)) }
        return 0
    }

    /// `--engine csim`: the generated host (gpt2.h) built in its C-simulation variant and run on
    /// the checkpoint itself (it quantizes on the fly for a Q8_0 or Q4 design, as
    /// `GPT2Quantized` and `GPT2QuantizedQ4` do), with the prompt as ids (`-I`), so its standard output is the interpreter
    /// engine's: the same text or ids, and the rate on standard error.
    /// With `prefill` the host runs the forced positions through the block kernel (`-b`).
    /// With `devices` (the device designs of a split model) the multi-device host
    /// (`DeviceHostProgram`: N in-process devices) instead.
    static func runHost(_ request: LlamaDesignRequest, design: BoundDesign, prefill: BoundDesign? = nil, block: Int? = nil,
                        devices: [Design]?, name: String, decoderGiven tokenizer: String?,
                        ids: Bool, options o: Options, prompt: [Int], text: ([UInt8]) -> Void, error: (String) -> Void) throws {
        let work = NSTemporaryDirectory() + "hlsgen-run-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try SimulationFiles.makeDirectory(work)
        let headers = try APTypesHeaders.locate()
        let host = try devices.map { d throws in
            try DeviceHostProgram.build(d, name: "\(name)-d\(d.count)", in: work, headers: headers)
        } ?? LlamaHostProgram.build(design, prefill: prefill, in: work, headers: headers)
        var args = hostArguments(checkpoint: request.checkpoint, tokenizer: tokenizer, ids: ids, options: o, prompt: prompt)
        if let block { args += ["-b", "\(block)"] }
        for line in try host.run(args, standardOutput: text) { error(line) }
    }

    /// The GPT-2 host's command line for a run (gpt2.h's options).
    static func hostArguments(checkpoint: String, tokenizer: String?, ids: Bool, options o: Options, prompt: [Int]) -> [String] {
        // %.17g gives the float's exact value, which the host's strtod reads back unchanged.
        var args = [checkpoint, "-t", String(format: "%.17g", Double(o.temperature)), "-s", "\(o.seed)", "-n", "\(o.steps)",
                    "-o", ids ? "ids" : "text"]
        if let topp = o.topp { args += ["-p", String(format: "%.17g", Double(topp))] }
        if let tokenizer { args += ["-z", tokenizer] }
        if !prompt.isEmpty { args += ["-I", prompt.map(String.init).joined(separator: " ")] }
        return args
    }

    /// The prompt's ids, tiktoken's GPT-2 encoding (`GPT2BPEEncoder`) from the ranks of
    /// `--tiktoken F` (default: gpt2.tiktoken beside the `--tokenizer` file); none without
    /// `--prompt`. With <|endoftext|> it must fit in max_seq_len positions.
    static func promptIDs(_ a: Arguments, vocabSize: Int, seqLen: Int) throws(DriverError) -> [Int] {
        guard let text = a.value("--prompt"), !text.isEmpty else { return [] }
        let ranks: String
        if let path = a.value("--tiktoken") {
            ranks = path
        } else if let tok = a.value("--tokenizer") {
            ranks = ((tok as NSString).deletingLastPathComponent as NSString).appendingPathComponent("gpt2.tiktoken")
            if !FileManager.default.fileExists(atPath: ranks) {
                throw DriverError("option --prompt needs GPT-2's BPE ranks: no \(ranks) beside the tokenizer; give --tiktoken FILE (gpt2.tiktoken)")
            }
        } else {
            throw DriverError("option --prompt needs GPT-2's BPE ranks: give --tiktoken FILE (gpt2.tiktoken)")
        }
        let encoder: GPT2BPEEncoder
        do { encoder = try GPT2BPEEncoder(tiktokenFile: ranks) } catch { throw DriverError("\(error)") }
        let ids = encoder.encode(text)
        if let bad = ids.first(where: { $0 >= vocabSize }) {
            throw DriverError("the prompt encodes to id \(bad), outside the model's vocabulary 0..<\(vocabSize)")
        }
        if ids.count + 1 > seqLen {
            throw DriverError("the prompt is \(ids.count) tokens plus <|endoftext|>; the model's max_seq_len is \(seqLen)")
        }
        return ids
    }

    struct Options {
        var steps: Int
        var temperature: Float
        var topp: Float?
        var seed: UInt64
    }

    /// llm.c's defaults: all max_seq_len positions, temperature 1, no top-p, seed 1337.
    static func options(_ a: Arguments, seqLen: Int) throws(DriverError) -> Options {
        var steps = seqLen
        if let s = a.value("--steps") {
            guard let n = Int(s), n >= 0 else { throw DriverError("option --steps is '\(s)'; expected 0 (max_seq_len) or a positive integer") }
            if n > seqLen { throw DriverError("option --steps is \(n); the model's max_seq_len is \(seqLen)") }
            steps = n == 0 ? seqLen : n
        }
        let temperature = try LlamaRunCommand.float(a, "--temperature", default: 1.0, range: 0...Double.greatestFiniteMagnitude,
                                                    expected: "a number 0 or above")
        let topp: Float? = a.value("--topp") == nil ? nil
            : try LlamaRunCommand.float(a, "--topp", default: 1, range: 0...1, expected: "a number in [0, 1]")
        var seed = GPT2Sampler.defaultSeed
        if let s = a.value("--seed") {
            guard let n = UInt64(s), n >= 1 else { throw DriverError("option --seed is '\(s)'; expected a positive integer") }
            seed = n
        }
        return Options(steps: steps, temperature: temperature, topp: topp, seed: seed)
    }
}
