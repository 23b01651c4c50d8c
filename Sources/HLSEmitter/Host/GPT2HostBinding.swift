import HLSIR

/// The llm.c GPT-2 model piece of a host program (Templates/host/gpt2.h.template: the version-3
/// checkpoint, the on-the-fly Q8_0 and Q4 quantizers, the decoder file, the sampler, the command line
/// and the generation loop) and the part of the binding it needs: `model_design()`, the
/// dimensions and weight format the accelerator was generated for, all read from the argument
/// roles of the one-token kernel.
struct GPT2HostBinding: ModelHostBinding {
    /// llm.c's `GPT2Config` fields.
    struct Shape: Hashable {
        var maxSeqLen: Int
        var vocab: Int
        var layers: Int
        var heads: Int
        var channels: Int
        var paddedVocab: Int
    }

    let shape: Shape
    /// The Q8_0 (or Q4) group size, or nil for float weights.
    let groupSize: Int?
    /// The executable's name without `_host`, and the default `-x` (one xclbin, or for a
    /// split model one per device role separated by commas).
    var program: String
    var xclbin: String
    /// True when the matrices are Q4 (`<name>_q4` packed values).
    let q4: Bool

    static let header = "gpt2.h"

    /// Reads the dimensions from the roles: channels and padded_vocab_size from `wte`,
    /// max_seq_len from `wpe`, num_layers from `ln1w`, num_heads from the KV cache (its parts' heads), vocab_size
    /// from the token's largest value + 1, the group size from any Q8_0 scales.
    /// `devices`: for a model split over several devices, the device kernel of every device
    /// (`kernels` is then the first device's), whose KV cache parts make the model's heads.
    init(_ kernels: [HostKernel], devices: [HostKernel] = []) throws(EmitterError) {
        guard let step = kernels.first(where: { !$0.isBlock }) else { throw EmitterError("the host program needs a one-token kernel") }
        func fail(_ s: String) -> EmitterError { EmitterError("design \(step.top): \(s) (llm.c GPT-2 host binding)") }
        if kernels.count > 2 || kernels.filter(\.isBlock).count != kernels.count - 1 {
            throw fail("GPT-2 host programs drive one one-token kernel and at most one block kernel")
        }
        let keys = (devices.isEmpty ? [step] : devices).flatMap { k in k.roles.caches.filter { $0.slice.kind == .key }.map(\.slice) }
        let tensors = step.tensors
        guard let wte = tensors["wte"], let wpe = tensors["wpe"], let ln1w = tensors["ln1w"] else {
            throw fail("the roles name no wte, wpe or ln1w tensor")
        }
        guard let token = step.argument(.token) else { throw fail("no token role") }
        // One key and one value cache per kernel, or one pair per attention engine (each its
        // heads); on several devices every device's parts make the model's heads.
        for k in devices.isEmpty ? [step] : devices {
            let parts = k.roles.caches.filter { $0.slice.kind == .key }.count
            if parts == 0 || k.roles.caches.count != 2 * parts { throw fail("expected key and value caches in pairs") }
        }
        guard let cache = keys.first else { throw fail("expected key and value caches in pairs") }
        let heads = keys.reduce(0) { $0 + $1.heads }
        shape = Shape(maxSeqLen: wpe.rows, vocab: token.count + 1, layers: ln1w.layers, heads: heads,
                      channels: wte.columns, paddedVocab: wte.rows)
        if heads * cache.headSize != shape.channels || cache.positions != shape.maxSeqLen || cache.layers != shape.layers
            || keys.contains(where: { $0.headSize != cache.headSize || $0.positions != cache.positions || $0.layers != cache.layers }) {
            throw fail("the KV cache (\(cache.layers) layers, \(cache.positions) positions, \(heads) × \(cache.headSize)) does not match the weights")
        }
        groupSize = tensors.values.compactMap { t -> Int? in if case .q8Scales(let gs) = t.format { return gs } else { return nil } }.first
        q4 = tensors.values.contains { $0.format == .q4Values }
        program = step.top
        xclbin = "\(step.top).xclbin"
        for k in kernels where k.family != .gpt2 { throw EmitterError("design \(k.top): a \(k.family.rawValue) kernel in an llm.c GPT-2 host") }
    }

    var modelDescription: String { "llm.c GPT-2" }

    /// `model_design()`.
    var modelCode: [CppTopLevel] {
        let s = shape
        var body: [CppStmt] = [.declare(CppDeclaration(type: CppType("hlsgen::gpt2::Design"), name: "d"))]
        body.append(.assign(.name("d.program"), .string("\(program)_host")))
        body.append(.assign(.name("d.xclbin"), .string(xclbin)))
        let fields: [(String, Int)] = [("max_seq_len", s.maxSeqLen), ("vocab_size", s.vocab), ("num_layers", s.layers),
                                       ("num_heads", s.heads), ("channels", s.channels), ("padded_vocab_size", s.paddedVocab)]
        for (field, value) in fields { body.append(.assign(.name("d.shape.\(field)"), .int(value))) }
        body.append(.assign(.name("d.quantized"), .literal(groupSize == nil ? "false" : "true")))
        body.append(.assign(.name("d.group_size"), .int(groupSize ?? 0)))
        if q4 { body.append(.assign(.name("d.q4"), .literal("true"))) }
        body.append(.returnValue(.name("d")))
        let format = groupSize.map { "\(q4 ? "Q4" : "Q8_0") weights, group size \($0)" } ?? "float weights"
        return [.function(CppFunction(comment: ["The model dimensions and weight format (\(format)) the accelerator was generated for."],
                                      returnType: CppType("hlsgen::gpt2::Design"), name: "model_design", parameters: [], body: body))]
    }

    /// The program's run: llm.c's generation loop.
    func runCall(_ kernels: String) -> String { "hlsgen::gpt2::run(argc, argv, model_design(), \(kernels))" }

    var usageComment: [String] {
        ["Usage: \(program)_host <checkpoint> [-z tokenizer] [-t temperature] [-p topp] [-s seed] [-n steps]",
         "                    [-I \"id id ...\"] [-o text|ids] [-x xclbin] [-l logits_file] [-b block]",
         "",
         "Follows llm.c's train_gpt2.c: its float \"version 3\" checkpoint (quantized to \(q4 ? "Q4" : "Q8_0") on the",
         "fly for a quantized accelerator, as hlsgen's quantizer does), gpt2_tokenizer.bin for decoding,",
         "the xorshift* sampler (seed 1337 by default, temperature 1, no top-p unless -p is given)",
         "and the generation loop from <|endoftext|>, so the output matches llm.c's token for token.",
         "The prompt is given as token ids (-I; hlsgen run encodes text prompts with GPT-2's BPE);",
         "-n counts every position including <|endoftext|> and the prompt. -o ids prints the",
         "generated ids on one line instead of text (the tokenizer is then optional). -l FILE",
         "appends every step's logits (padded_vocab_size little-endian floats) to FILE; -b B runs",
         "<|endoftext|> and the prompt through the block kernel in blocks of B tokens (the same bits,",
         "so the same output). Every error ends the program with one line on stderr and exit 1."]
    }
}
