import HLSIR
import HLSInterpreter
import HLSLayers

/// The forward design run by the interpreter, one token per call: the design is compiled
/// once and its arguments bound once; each call sets the token and position, executes, and
/// reads the logits. The KV caches are inout buffers, so what one position writes stays for
/// the next, as in llama2.c's `RunState`. Every argument is found by its role
/// (`Design.roles`), not by its name.
///
/// With a prefill design (`LlamaPrefill`) the engine also runs blocks of prompt tokens
/// (`prefill(tokens:pos:)`); the two designs keep their own copy of the KV cache, handed
/// over part by part (the same kind and part) when the engine switches from one to the other.
public final class LlamaInterpreterEngine {
    public let design: BoundDesign
    private let run: PreparedRun
    private let model: any BlockModel
    private let forwardArguments: Arguments
    private let prefillRun: PreparedRun?
    private let prefillArguments: Arguments?
    /// The largest block of the prefill design and its largest start position.
    public let prefillBlock: Int
    private let prefillLastStart: Int
    /// Which run holds the newest KV cache.
    private var cacheInPrefill = false

    /// The arguments of one design by role.
    private struct Arguments {
        var token: String?
        var position: String
        var blockLast: String?
        var gathered: String?
        var logits: String
        var caches: [CacheSlice.Kind: [Int: String]] = [:]

        init(_ design: Design) throws(DriverError) {
            let r = design.roles
            guard let position = r.argument(.position), let logits = r.argument(.logits) else {
                throw DriverError("design \(design.top) has no argument with the position or logits role")
            }
            self.position = position
            self.logits = logits
            token = r.argument(.token)
            blockLast = r.argument(.blockLast)
            gathered = r.argument(.gathered)
            for (name, slice) in r.caches { caches[slice.kind, default: [:]][slice.part] = name }
        }
    }

    /// Compiles `design` (a bound `LlamaForward` or `GPT2Forward` design) and binds `model`'s
    /// weights; `prefill`, a bound `LlamaPrefill` or `GPT2Prefill` design of the same model with
    /// the same KV cache parts, adds block processing.
    public init(design: BoundDesign, model: any BlockModel, prefill: BoundDesign? = nil) throws(DriverError) {
        self.design = design
        self.model = model
        forwardArguments = try Arguments(design.design)
        guard forwardArguments.token != nil else { throw DriverError("design \(design.top) has no argument with the token role") }
        var block = 0, lastStart = 0
        if let prefill {
            let a = try Arguments(prefill.design)
            guard let last = a.blockLast, a.gathered != nil else {
                throw DriverError("design \(prefill.top) has no block-length or gathered-rows argument; expected a prefill design")
            }
            guard a.caches == forwardArguments.caches else {
                throw DriverError("prefill needs a forward design with the prefill design's KV cache parts (one attention engine)")
            }
            for case .size(let n, let m) in prefill.design.topKernel.parameters {
                if n == last { block = m + 1 }
                if n == a.position { lastStart = m }
            }
            prefillArguments = a
        } else {
            prefillArguments = nil
        }
        do {
            run = try Interpreter(design).prepare(try model.inputs(for: design))
            prefillRun = try prefill.map { p throws in try Interpreter(p).prepare(try model.inputs(for: p)) }
        } catch let e as DriverError {
            throw e
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        prefillBlock = block
        prefillLastStart = lastStart
    }

    /// A float output of the last call (such as `LlamaForward.probeOutput`), or nil.
    public func floats(_ name: String) -> [Float]? {
        if case .float(let v)? = run.output(name) { return v }
        return nil
    }

    /// The logits after running position `pos` on `token`.
    public func forward(token: Int, pos: Int) throws(DriverError) -> [Float] {
        do {
            if cacheInPrefill, let prefillRun { try handOver(from: prefillRun, to: run) }
            cacheInPrefill = false
            try run.setSize(forwardArguments.token!, token)
            try run.setSize(forwardArguments.position, pos)
            try run.execute()
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        return try logits(of: run, forwardArguments)
    }

    /// The logits of the last of `tokens` run at positions pos, pos+1, …: blocks of up to
    /// `prefillBlock` tokens through the prefill design, and any tail that would start past
    /// its last start position through the forward design (bit-identical either way).
    public func prefill(tokens: [Int], pos: Int) throws(DriverError) -> [Float] {
        guard let prefillRun, let a = prefillArguments, prefillBlock > 0 else { throw DriverError("interpreter: no prefill design") }
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
                try prefillRun.setSize(a.blockLast!, count - 1)
                try prefillRun.setSize(a.position, p)
                try prefillRun.setBuffer(a.gathered!, .float(model.embedded(Array(tokens[i ..< i + count]), block: prefillBlock)))
                try prefillRun.execute()
            } catch {
                throw DriverError("interpreter: \(error)")
            }
            logits = try self.logits(of: prefillRun, a)
            i += count
            p += count
        }
        return logits
    }

    /// Copies every KV cache part from one run to the other (the same kind and part).
    private func handOver(from a: PreparedRun, to b: PreparedRun) throws(InterpreterError) {
        let (from, to) = a === run ? (forwardArguments, prefillArguments!) : (prefillArguments!, forwardArguments)
        for (kind, parts) in from.caches {
            for (part, name) in parts {
                guard let data = a.output(name), let target = to.caches[kind]?[part] else { throw InterpreterError("no \(name) to hand over") }
                try b.setBuffer(target, data)
            }
        }
    }

    private func logits(of run: PreparedRun, _ a: Arguments) throws(DriverError) -> [Float] {
        guard case .float(let logits)? = run.output(a.logits) else {
            throw DriverError("interpreter: design \(design.top) has no float logits output")
        }
        return logits
    }
}
