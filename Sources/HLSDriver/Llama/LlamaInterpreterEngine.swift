import HLSIR
import HLSInterpreter
import HLSLayers

/// The forward design run by the interpreter, one token per call: the design is compiled
/// once and its arguments bound once; each call sets `token` and `pos`, executes, and reads
/// the logits. The KV caches are inout buffers, so what one position writes stays for the
/// next, as in llama2.c's `RunState`.
///
/// With a prefill design (`LlamaPrefill`) the engine also runs blocks of prompt tokens
/// (`prefill(tokens:pos:)`); the two designs keep their own copy of the KV cache, handed
/// over when the engine switches from one to the other.
public final class LlamaInterpreterEngine {
    public let design: BoundDesign
    private let run: PreparedRun
    private let model: LlamaModel
    private let prefillRun: PreparedRun?
    /// The largest block of the prefill design and its largest start position.
    public let prefillBlock: Int
    private let prefillLastStart: Int
    /// Which run holds the newest KV cache.
    private var cacheInPrefill = false

    /// Compiles `design` (a bound `LlamaForward` design, one engine for prefill) and binds
    /// `model`'s weights; `prefill`, a bound `LlamaPrefill` design of the same model, adds
    /// block processing.
    public init(design: BoundDesign, model: LlamaModel, prefill: BoundDesign? = nil) throws(DriverError) {
        self.design = design
        self.model = model
        var block = 0, lastStart = 0
        do {
            run = try Interpreter(design).prepare(model.inputs(for: design.design))
            if let prefill {
                prefillRun = try Interpreter(prefill).prepare(model.inputs(for: prefill.design))
                for case .size(let n, let m) in prefill.design.topKernel.parameters {
                    if n == "last" { block = m + 1 }
                    if n == "pos" { lastStart = m }
                }
            } else {
                prefillRun = nil
            }
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        prefillBlock = block
        prefillLastStart = lastStart
        if prefill != nil && LlamaForward.cacheNames(model.shape, engines: LlamaForward.engines(of: design.design)).keys != ["key_cache"] {
            throw DriverError("prefill needs a forward design with one KV cache (one attention engine)")
        }
    }

    /// The logits after running position `pos` on `token`.
    public func forward(token: Int, pos: Int) throws(DriverError) -> [Float] {
        do {
            if cacheInPrefill, let prefillRun { try handOver(from: prefillRun, to: run) }
            cacheInPrefill = false
            try run.setSize("token", token)
            try run.setSize("pos", pos)
            try run.execute()
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        return try logits(of: run)
    }

    /// The logits of the last of `tokens` run at positions pos, pos+1, …: blocks of up to
    /// `prefillBlock` tokens through the prefill design, and any tail that would start past
    /// its last start position through the forward design (bit-identical either way).
    public func prefill(tokens: [Int], pos: Int) throws(DriverError) -> [Float] {
        guard let prefillRun, prefillBlock > 0 else { throw DriverError("interpreter: no prefill design") }
        guard !tokens.isEmpty else { throw DriverError("interpreter: prefill of no tokens") }
        var logits: [Float] = []
        var p = pos, i = 0
        while i < tokens.count {
            let count = Swift.min(prefillBlock, tokens.count - i)
            if p > prefillLastStart {
                for t in tokens[i...] {
                    logits = try forward(token: t, pos: p)
                    p += 1
                }
                break
            }
            do {
                if !cacheInPrefill { try handOver(from: run, to: prefillRun) }
                cacheInPrefill = true
                try prefillRun.setSize("last", count - 1)
                try prefillRun.setSize("pos", p)
                try prefillRun.setBuffer("embedded", .float(model.embedded(Array(tokens[i ..< i + count]), block: prefillBlock)))
                try prefillRun.execute()
            } catch {
                throw DriverError("interpreter: \(error)")
            }
            logits = try self.logits(of: prefillRun)
            i += count
            p += count
        }
        return logits
    }

    private func handOver(from a: PreparedRun, to b: PreparedRun) throws(InterpreterError) {
        for name in ["key_cache", "value_cache"] {
            guard let data = a.output(name) else { throw InterpreterError("no \(name) to hand over") }
            try b.setBuffer(name, data)
        }
    }

    private func logits(of run: PreparedRun) throws(DriverError) -> [Float] {
        guard case .float(let logits)? = run.output("logits") else {
            throw DriverError("interpreter: design \(design.top) has no float logits output")
        }
        return logits
    }
}
