import HLSIR
import HLSInterpreter
import HLSLayers

/// The forward design run by the interpreter, one token per call: the design is compiled
/// once and its arguments bound once; each call sets `token` and `pos`, executes, and reads
/// the logits. The KV caches are inout buffers, so what one position writes stays for the
/// next, as in llama2.c's `RunState`.
public final class LlamaInterpreterEngine {
    public let design: BoundDesign
    private let run: PreparedRun

    /// Compiles `design` (a bound `LlamaForward` design) and binds `model`'s weights.
    public convenience init(design: BoundDesign, model: LlamaModel) throws(DriverError) {
        try self.init(design: design, inputs: model.inputs(for: design.design))
    }

    /// Compiles any forward design (`token`, `pos` sizes, a float `logits` output) and binds
    /// `inputs` (a GPT-2 model's, for one).
    public init(design: BoundDesign, inputs: [String: BufferData]) throws(DriverError) {
        self.design = design
        do {
            run = try Interpreter(design).prepare(inputs)
        } catch {
            throw DriverError("interpreter: \(error)")
        }
    }

    /// The logits after running position `pos` on `token`.
    public func forward(token: Int, pos: Int) throws(DriverError) -> [Float] {
        do {
            try run.setSize("token", token)
            try run.setSize("pos", pos)
            try run.execute()
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        guard case .float(let logits)? = run.output("logits") else {
            throw DriverError("interpreter: design \(design.top) has no float logits output")
        }
        return logits
    }
}
