import HLSIR

/// The dimensions of a Llama 2 model as the host program checks them against a checkpoint
/// (llama2.c's `Config` fields).
struct HostModelShape: Hashable, Sendable, CustomStringConvertible {
    var dim: Int
    var hiddenDim: Int
    var layers: Int
    var heads: Int
    var kvHeads: Int
    var vocab: Int
    var seqLen: Int

    var description: String {
        "dim \(dim), hidden_dim \(hiddenDim), n_layers \(layers), n_heads \(heads), n_kv_heads \(kvHeads), "
            + "vocab_size \(vocab), seq_len \(seqLen)"
    }
}

/// The llama2.c model piece of a host program (Templates/host/llama2c.h.template: checkpoint,
/// quantizer, tokenizer, sampler, command line, generate loop) and the part of the binding
/// it needs: `model_design()`, the dimensions and weight format the accelerator was generated
/// for, all read from the argument roles of the one-token kernel.
struct LlamaHostBinding: ModelHostBinding {
    let shape: HostModelShape
    /// The Q8_0 group size, or nil for float weights.
    let groupSize: Int?
    /// The executable's name without `_host`, and the default `-x` (one xclbin, or for a
    /// split model one per device role separated by commas).
    var program: String
    var xclbin: String

    static let header = "llama2c.h"

    /// Reads the dimensions from the roles: dim and n_layers from `rms_att`, hidden_dim from
    /// `w1`'s rows, vocab_size from `wcls`'s rows, seq_len, n_kv_heads and the head size from the
    /// KV cache, n_heads = dim / head size, the group size from any Q8_0 scales.
    /// `devices`: for a model split over several devices, the device kernel of every device
    /// (`kernels` is then the first device's), whose KV cache parts make the model's heads.
    init(_ kernels: [HostKernel], devices: [HostKernel] = []) throws(EmitterError) {
        guard let step = kernels.first(where: { !$0.isBlock }) else { throw EmitterError("the host program needs a one-token kernel") }
        func fail(_ s: String) -> EmitterError { EmitterError("design \(step.top): \(s) (llama2.c host binding)") }
        let tensors = step.tensors
        guard let norm = tensors["rms_att"], let w1 = tensors["w1"] ?? tensors["w1_q"], let cls = tensors["wcls"] ?? tensors["wcls_q"] else {
            throw fail("the roles name no rms_att, w1 or wcls tensor")
        }
        let keys = (devices.isEmpty ? [step] : devices).flatMap { $0.roles.caches.filter { $0.slice.kind == .key }.map(\.slice) }
        guard let cache = keys.first else { throw fail("no KV cache role") }
        let kvHeads = keys.reduce(0) { $0 + $1.heads }
        guard cache.headSize > 0, norm.columns % cache.headSize == 0 else {
            throw fail("dim \(norm.columns) is not a multiple of the cache's head size \(cache.headSize)")
        }
        shape = HostModelShape(dim: norm.columns, hiddenDim: w1.rows, layers: norm.layers, heads: norm.columns / cache.headSize,
                               kvHeads: kvHeads, vocab: cls.rows, seqLen: cache.positions)
        groupSize = tensors.values.compactMap { t -> Int? in if case .q8Scales(let gs) = t.format { return gs } else { return nil } }.first
        program = step.top
        xclbin = "\(step.top).xclbin"
        for k in kernels where k.family != .llama2c { throw EmitterError("design \(k.top): a \(k.family.rawValue) kernel in a llama2.c host") }
    }

    var modelDescription: String { "llama2.c" }

    /// `model_design()`.
    var modelCode: [CppTopLevel] {
        let s = shape
        var body: [CppStmt] = [.declare(CppDeclaration(type: CppType("hlsgen::llama2c::Design"), name: "d"))]
        body.append(.assign(.name("d.program"), .string("\(program)_host")))
        body.append(.assign(.name("d.xclbin"), .string(xclbin)))
        let fields: [(String, Int)] = [("dim", s.dim), ("hidden_dim", s.hiddenDim), ("n_layers", s.layers),
                                       ("n_heads", s.heads), ("n_kv_heads", s.kvHeads), ("vocab_size", s.vocab),
                                       ("seq_len", s.seqLen)]
        for (field, value) in fields { body.append(.assign(.name("d.shape.\(field)"), .int(value))) }
        body.append(.assign(.name("d.quantized"), .literal(groupSize == nil ? "false" : "true")))
        body.append(.assign(.name("d.group_size"), .int(groupSize ?? 0)))
        body.append(.returnValue(.name("d")))
        let format = groupSize.map { "Q8_0 weights, group size \($0)" } ?? "float weights"
        return [.function(CppFunction(comment: ["The model dimensions and weight format (\(format)) the accelerator was generated for."],
                                      returnType: CppType("hlsgen::llama2c::Design"), name: "model_design", parameters: [], body: body))]
    }

    /// The program's run: llama2.c's command line and generate loop.
    func runCall(_ kernels: String) -> String { "hlsgen::llama2c::run(argc, argv, model_design(), \(kernels))" }

    var usageComment: [String] {
        ["Usage: \(program)_host <checkpoint> [-t temperature] [-p topp] [-s seed] [-n steps] [-i prompt]",
         "                    [-z tokenizer] [-x xclbin] [-l logits_file] [-b block]",
         "",
         "Follows llama2.c's run.c (float \"version 0\" checkpoints) and runq.c (Q8_0 \"version 2\"):",
         "the same BPE tokenizer, sampler, random generator and generate loop, so the output matches",
         "llama2.c's token for token. -l FILE appends every step's logits (vocab_size little-endian",
         "floats) to FILE; -b B runs the prompt through the block kernel in blocks of B tokens (the same",
         "bits, so the same text). Every error ends the program with one line on stderr and exit 1."]
    }
}
