import HLSIR
import HLSInterpreter

/// A model prepared for an integer-profile design (`IntegerLlamaModel`, `IntegerGPT2Model`):
/// the design `forward(pos, embedded, logits, …)`, its inputs, the host's conversion of a
/// token's embedding row to residual units, and the unit of the int32 logits.
public protocol IntegerModel: Sendable {
    var design: Design { get }
    func inputs() -> [String: BufferData]
    func embedded(_ token: Int) -> [Int64]
    var logitUnit: Double { get }
}

/// An integer design run by the interpreter, one token per call: the host converts the
/// embedding row in and the int32 logits out (y · logit unit, as float).
public final class IntegerEngine<Model: IntegerModel>: LlamaLogitsEngine {
    public let model: Model
    public let design: BoundDesign
    private let run: PreparedRun

    public init(_ model: Model) throws(DriverError) {
        self.model = model
        design = try BoundDesign.binding(model.design)
        do { run = try Interpreter(design).prepare(model.inputs()) } catch { throw DriverError("interpreter: \(error)") }
    }

    public func forward(token: Int, pos: Int) throws(DriverError) -> [Float] {
        do {
            try run.setBuffer("embedded", .raw(model.embedded(token)))
            try run.setSize("pos", pos)
            try run.execute()
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        guard case .raw(let y)? = run.output("logits") else { throw DriverError("interpreter: the integer design wrote no int32 logits") }
        let unit = model.logitUnit
        return y.map { Float(Double($0) * unit) }
    }

    public func floats(_ name: String) -> [Float]? { nil }
}
