import Foundation
import HLSIR
import HLSInterpreter
import HLSLayers
import HLSModels

/// Per-call figures of whole forward designs for `hlsgen bench`, for weights the generated
/// C-simulation host cannot read (Q4: llama2.c files hold no Q4 weights): the forward
/// design's self-checking testbench (seeded weights, `LlamaFiles.testbenchPositions` calls
/// checked against the interpreter's golden logits) times N more calls at its last position,
/// and the interpreter times N executions of the same design on the same inputs at that
/// position. One call is one token, so the figures print as tokens/s.
enum ForwardCallBench {
    struct Case {
        let label: String
        let model: LlamaModel
        let schedule: LlamaSchedule
    }

    /// stories260K (the real float checkpoint when `models` has it, else a random model of its
    /// shape) quantized to Q4 with groups of 4, with the reference and the hardware schedule.
    static func cases(models: String) throws -> [Case] {
        let path = "\(models)/stories260K.bin"
        let float: FloatCheckpoint
        let name: String
        if FileManager.default.fileExists(atPath: path), case .float(let f) = try LlamaModel.load(checkpoint: path).checkpoint {
            (float, name) = (f, "stories260K")
        } else {
            (float, name) = (try RandomModel.floatCheckpoint(config: .stories260K, seed: 15), "random 260K-shaped")
        }
        let model = LlamaModel(checkpoint: .q4(try LlamaModel.quantizedQ4(float, groupSize: 4)), name: "q4")
        return [Case(label: "\(name) Q4 (GS 4)", model: model, schedule: .reference),
                Case(label: "\(name) Q4 (GS 4), hardware", model: model, schedule: .hardware)]
    }

    static func run(models: String, calls: Int, work: String, output print: (String) -> Void) throws {
        let compiler = CSimCompiler(headers: try APTypesHeaders.locate())
        try SimulationFiles.makeDirectory(work)
        print("")
        print("forward calls (testbench weights, last testbench position), \(calls) calls    interpreter tok/s   C simulation tok/s   speed ratio")
        for c in try cases(models: models) {
            let design = try BoundDesign.binding(try c.model.design(profile: .libm, schedule: c.schedule))
            let (interp, csim) = try measure(design, calls: calls, compiler: compiler,
                                             work: "\(work)/\(c.label.filter { $0.isLetter || $0.isNumber })")
            print(c.label.padding(toLength: 70, withPad: " ", startingAt: 0)
                + String(format: " %12.1f        %12.1f        %5.2fx", 1e9 / interp, 1e9 / csim, csim / interp))
        }
    }

    /// Nanoseconds per call: (interpreter, C simulation), after the testbench passed.
    static func measure(_ design: BoundDesign, calls: Int, compiler: CSimCompiler, work: String) throws -> (Double, Double) {
        let seed: UInt64 = 1
        let files = try LlamaFiles.emit(design, testbenchSeed: seed, host: false)
        try SimulationFiles.makeDirectory(work)
        try SimulationFiles.write(files, into: work)
        let exe = "\(work)/\(design.top)_csim"
        try compiler.compile(["\(work)/\(design.top).cpp", "\(work)/\(design.top)_tb.cpp"], output: exe, includes: [work])
        let r = try CommandRunner.run(exe, [work, "\(calls)"])
        let verdict = Verdict.testbench(design: design.top, status: r.status, output: r.output)
        guard verdict.passed else { throw DriverError("benchmark \(design.top): the C simulation differs from the interpreter: \(verdict)") }
        guard let csim = BenchCommand.parseNanoseconds(r.output) else {
            throw DriverError("benchmark \(design.top): no ns_per_call in the testbench output: \(r.output.prefix(200))")
        }

        // The interpreter on the testbench's inputs, with the last planned call's scalars.
        let plan = try LlamaFiles.testbenchPlan(design.design, seed: seed)
        guard case .seeded(let s, let range) = plan.inputs, let last = plan.calls.last else {
            throw DriverError("benchmark \(design.top): expected a seeded testbench plan")
        }
        let top = design.design.topKernel
        var inputs = RandomInputs.make(for: top, seed: s, floatRange: range)
        for (name, value) in last {
            guard let p = top.parameters.first(where: { $0.name == name }), let (type, _) = TestbenchData.fileType(of: p, in: top) else {
                throw DriverError("benchmark \(design.top): \(name) is not an argument")
            }
            inputs[name] = .raw([type.canonicalRaw(value)])
        }
        let prepared = try Interpreter(design).prepare(inputs)
        try prepared.execute()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls { try prepared.execute() }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls), csim)
    }
}
