import HLSIR
import HLSInterpreter

/// The GPT-2 forward design run by the interpreter, one position per call: compiled once, its
/// arguments bound once; each call sets `token` and `pos`, executes and reads the logits. The
/// KV caches are inout buffers, so what one position writes stays for the next.
public final class GPT2InterpreterEngine {
    public let design: BoundDesign
    private let run: PreparedRun

    public init(design: BoundDesign, model: GPT2Model) throws(DriverError) {
        self.design = design
        let inputs = try model.inputs(for: design)
        do { run = try Interpreter(design).prepare(inputs) } catch { throw DriverError("interpreter: \(error)") }
    }

    /// The logits (padded vocabulary) after running position `pos` on `token`.
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

    /// A float output of the last call (a probe, such as `GPT2Forward.calibrationOutput`).
    public func floats(_ name: String) -> [Float]? {
        guard case .float(let v)? = run.output(name) else { return nil }
        return v
    }
}

extension GPT2InterpreterEngine: LlamaLogitsEngine {}
