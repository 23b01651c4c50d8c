import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// GPT-2 figures for `hlsgen bench`: tokens/s of the interpreter and of the generated llm.c
/// C-simulation host (gpt2.h) on the same forward design (libm profile), greedy from
/// <|endoftext|>, both single-threaded and measured the same way (positions after the first
/// over the time since the first). The two id lists must be identical before a figure prints.
/// gpt2_tiny from the models folder, or a random checkpoint of its shape when absent.
enum GPT2Bench {
    static func run(models: String, steps: Int, work: String, output print: (String) -> Void) throws {
        let headers = try APTypesHeaders.locate()
        try SimulationFiles.makeDirectory(work)
        var checkpoint = "\(models)/gpt2_tiny.bin"
        var name = "gpt2_tiny"
        if !FileManager.default.fileExists(atPath: checkpoint) {
            checkpoint = "\(work)/gpt2_tiny_random.bin"
            name = "random gpt2_tiny-shaped"
            do { try GPT2RandomModel.checkpoint(config: .gpt2Tiny, seed: 15).write(to: URL(fileURLWithPath: checkpoint)) } catch {
                throw DriverError("\(error)")
            }
        }
        print("")
        print("GPT-2, \(steps) positions, greedy, from <|endoftext|>                 interpreter tok/s   C simulation tok/s   speed ratio")
        for quantize in [false, true] {
            let model = try GPT2Model.load(checkpoint: checkpoint, quantize: quantize)
            for schedule in GPT2Schedule.allCases {
                let label = "\(name) \(quantize ? "Q8_0 (GS \(model.quantized!.groupSize))" : "float"), \(schedule.rawValue)"
                let design = try BoundDesign.binding(try model.design(profile: .libm, schedule: schedule))
                let s = Swift.min(steps, model.config.maxSeqLen)
                let eot = Swift.min(GPT2Decoder.defaultEndOfText, model.config.vocabSize - 1)
                let engine = try GPT2InterpreterEngine(design: design, model: model)
                let result = try GPT2TextGenerator.generate(
                    endOfText: eot, prompt: [], steps: s, sampler: GPT2Sampler(vocabSize: model.config.vocabSize, temperature: 0),
                    forward: { (token, pos) throws(DriverError) in try engine.forward(token: token, pos: pos) })
                let dir = "\(work)/\(label.filter { $0.isLetter || $0.isNumber })"
                try SimulationFiles.makeDirectory(dir)
                let host = try LlamaHostProgram.build(design, in: dir, headers: headers)
                var simulated: [UInt8] = []
                let options = GPT2RunCommand.Options(steps: s, temperature: 0, topp: nil, seed: GPT2Sampler.defaultSeed)
                let report = try host.run(GPT2RunCommand.hostArguments(checkpoint: checkpoint, tokenizer: nil, ids: true, options: options, prompt: []),
                                          standardOutput: { simulated += $0 })
                guard simulated == Array((result.ids.map(String.init).joined(separator: " ") + "\n").utf8) else {
                    throw DriverError("benchmark \(label): the interpreter and the C-simulation host generated different ids")
                }
                guard let interp = result.tokensPerSecond, let csim = report.compactMap(LlamaBench.parseRate).first else {
                    throw DriverError("benchmark \(label): no tokens/s figure")
                }
                print(label.padding(toLength: 70, withPad: " ", startingAt: 0)
                    + String(format: " %12.1f        %12.1f        %5.2fx", interp, csim, interp / csim))
            }
        }
    }
}
