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
    public init(design: BoundDesign, model: LlamaModel) throws(DriverError) {
        self.design = design
        do {
            run = try Interpreter(design).prepare(model.inputs(for: design.design))
        } catch {
            throw DriverError("interpreter: \(error)")
        }
    }

    /// A float output of the last call (such as `LlamaForward.probeOutput`), or nil.
    public func floats(_ name: String) -> [Float]? {
        if case .float(let v)? = run.output(name) { return v }
        return nil
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
