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

    var kvDim: Int { dim / heads * kvHeads }

    var description: String {
        "dim \(dim), hidden_dim \(hiddenDim), n_layers \(layers), n_heads \(heads), n_kv_heads \(kvHeads), "
            + "vocab_size \(vocab), seq_len \(seqLen)"
    }
}

/// The top kernel of a whole-model design read by LlamaForward's argument convention: sizes
/// `token`, `pos`; output `logits`; inout `key_cache`, `value_cache`; inputs
/// `token_embedding`, `rms_att`, `rms_ffn`, `rms_final` and the matrices
/// `wq wk wv wo w1 w2 w3 wcls` (float arrays, or `<name>_q` int8 with `<name>_s` float scales).
///
/// The model's dimensions follow from the element counts, except `n_heads`, which is the trip
/// count of the loop labelled `heads` (the attention sub-kernel's loop over query heads).
struct ForwardInterface: Sendable {
    /// What a kernel argument holds on the host side.
    enum Role: Hashable, Sendable {
        /// The `token` or `pos` size parameter (an s_axilite scalar).
        case token, position
        /// The logits written every step.
        case output
        /// `key_cache` or `value_cache`: zeroed once, then read and written by the kernel.
        case cache
        /// A float array filled from the checkpoint (`token_embedding`, norms, float matrices).
        case floatWeights
        /// Q8_0 values (`<matrix>_q`) or scales (`<matrix>_s`) of a matrix.
        case quantizedValues(matrix: String), quantizedScales(matrix: String)
        /// Slices of several tensors back to back (`Design.packing`; the tensors are named as
        /// the one-engine design names its matrix arguments).
        case packed(ArgumentPacking)
    }

    /// One kernel argument, in signature order (`index` is its XRT argument index).
    struct Argument: Sendable {
        let index: Int
        let name: String
        let role: Role
        /// nil for the two size parameters.
        let elementType: ScalarType?
        let count: Int
    }

    static let matrices = ["wq", "wk", "wv", "wo", "w1", "w2", "w3", "wcls"]
    static let floatArrays = ["token_embedding", "rms_att", "rms_ffn", "rms_final"]

    let top: String
    let shape: HostModelShape
    /// The Q8_0 group size, or nil for float weights.
    let groupSize: Int?
    let arguments: [Argument]

    /// Reads `design`'s top kernel; throws an `EmitterError` naming the first argument that
    /// breaks the convention.
    init(_ design: Design) throws(EmitterError) {
        guard let kernel = design.kernel(design.top) else {
            throw EmitterError("design \(design.top): no kernel named \(design.top)")
        }
        let top = design.top
        func fail(_ message: String) -> EmitterError {
            EmitterError("design \(top): \(message) (the host program expects LlamaForward's argument convention)")
        }
        var arrays: [String: Buffer] = [:]
        var sizes: [String: Int] = [:]
        for p in kernel.parameters {
            switch p {
            case .buffer(let n):
                guard let b = kernel.buffer(n), b.isArgument else { throw fail("parameter \(n) is not an array argument") }
                arrays[n] = b
            case .size(let n, let max):
                sizes[n] = max
            case .scalar(let v):
                throw fail("scalar parameter \(v.name) is not part of the convention")
            }
        }
        let packing = design.packing
        let quantized = arrays["wq_q"] != nil || packing.values.contains { $0.sources.contains("wq_q") }
        // The KV cache: one pair, or one pair per attention engine.
        let split = arrays["key_cache_e0"] != nil
        let cacheNames = split ? arrays.keys.filter { $0.hasPrefix("key_cache_e") || $0.hasPrefix("value_cache_e") }.sorted()
            : ["key_cache", "value_cache"]
        var expected = ["logits"] + cacheNames + Self.floatArrays
        if packing.isEmpty {
            for m in Self.matrices { expected += quantized ? ["\(m)_q", "\(m)_s"] : [m] }
        } else {
            expected += packing.keys.sorted()
        }
        // Elements of each tensor the packed arguments take (each element exactly once).
        var packedTotals: [String: Int] = [:]
        for p in packing.values { for seg in p.segments { packedTotals[seg.source, default: 0] += seg.count } }
        for name in expected where arrays[name] == nil { throw fail("missing array argument \(name)") }
        for name in arrays.keys.sorted() where !expected.contains(name) { throw fail("unexpected array argument \(name)") }
        for name in ["token", "pos"] where sizes[name] == nil { throw fail("missing size parameter \(name)") }
        for name in sizes.keys.sorted() where !["token", "pos"].contains(name) { throw fail("unexpected size parameter \(name)") }

        func array(_ name: String, _ type: ScalarType, _ direction: Direction) throws(EmitterError) -> Buffer {
            let b = arrays[name]!
            if b.elementType != type { throw fail("argument \(name) has element type \(b.elementType), expected \(type)") }
            if b.direction != direction {
                throw fail("argument \(name) is \(b.direction?.rawValue ?? "local"), expected \(direction.rawValue)")
            }
            return b
        }
        func divide(_ total: Int, _ by: Int, _ what: String) throws(EmitterError) -> Int {
            guard by > 0, total > 0, total % by == 0 else { throw fail("\(what): \(total) elements is not a multiple of \(by)") }
            return total / by
        }

        let vocab = try array("logits", .float32, .output).count
        let seqLen = sizes["pos"]! + 1
        let dim = try array("rms_final", .float32, .input).count
        let layers = try divide(try array("rms_att", .float32, .input).count, dim, "rms_att")
        var keyCount = 0
        for name in cacheNames where name.hasPrefix("key_cache") { keyCount += try array(name, .float32, .readWrite).count }
        let kvDim = try divide(keyCount, layers * seqLen, "key_cache")
        let first = quantized ? "w1_q" : "w1"
        let hidden = try divide(arrays[first]?.count ?? packedTotals[first] ?? 0, layers * dim, first)
        let heads = try Self.headCount(design, fail: fail)
        guard dim % heads == 0, (kvDim * heads) % dim == 0 else {
            throw fail("dim \(dim), kv_dim \(kvDim) and \(heads) heads are inconsistent")
        }
        let shape = HostModelShape(dim: dim, hiddenDim: hidden, layers: layers, heads: heads,
                                   kvHeads: kvDim * heads / dim, vocab: vocab, seqLen: seqLen)

        let perCache = keyCount / (split ? cacheNames.count / 2 : 1)
        var counts: [String: Int] = [
            "logits": vocab, "token_embedding": vocab * dim,
            "rms_att": layers * dim, "rms_ffn": layers * dim, "rms_final": dim,
        ]
        for name in cacheNames { counts[name] = perCache }
        let matrixCounts = [
            "wq": layers * dim * dim, "wk": layers * dim * kvDim, "wv": layers * dim * kvDim, "wo": layers * dim * dim,
            "w1": layers * dim * hidden, "w2": layers * hidden * dim, "w3": layers * dim * hidden, "wcls": vocab * dim,
        ]
        var groupSize: Int?
        if quantized {
            let gs = try divide(arrays["wq_q"]?.count ?? packedTotals["wq_q"] ?? 0, arrays["wq_s"]?.count ?? packedTotals["wq_s"] ?? 0,
                                "wq_q per wq_s scale")
            guard dim % gs == 0, hidden % gs == 0 else {
                throw fail("group size \(gs) does not divide dim \(dim) and hidden_dim \(hidden)")
            }
            groupSize = gs
            for (m, c) in matrixCounts {
                counts["\(m)_q"] = c
                counts["\(m)_s"] = c / gs
            }
        } else {
            for (m, c) in matrixCounts { counts[m] = c }
        }
        if !packing.isEmpty {
            // Every element of every matrix packed once, no tensor beyond the matrices.
            let tensors = counts.filter { quantized ? $0.key.hasSuffix("_q") || $0.key.hasSuffix("_s") : matrixCounts[$0.key] != nil }
            for (t, total) in packedTotals.sorted(by: { $0.key < $1.key }) where tensors[t] == nil {
                throw fail("packed arguments take \(total) elements of \(t), which is not a matrix of the model")
            }
            for (t, c) in tensors.sorted(by: { $0.key < $1.key }) where packedTotals[t] != c {
                throw fail("packed arguments take \(packedTotals[t] ?? 0) elements of \(t), expected all \(c)")
            }
            for (name, p) in packing {
                for seg in p.segments where seg.start < 0 || seg.start + seg.count > tensors[seg.source]! {
                    throw fail("packed argument \(name) reads \(seg.source)[\(seg.start) ..< \(seg.start + seg.count)], past its \(tensors[seg.source]!) elements")
                }
                counts[name] = p.count
            }
        }

        var arguments: [Argument] = []
        for (index, p) in kernel.parameters.enumerated() {
            let name = p.name
            guard let b = arrays[name] else {
                arguments.append(Argument(index: index, name: name, role: name == "token" ? .token : .position,
                                          elementType: nil, count: sizes[name]! + 1))
                continue
            }
            let role: Role
            let type: ScalarType
            let direction: Direction
            switch name {
            case "logits": (role, type, direction) = (.output, .float32, .output)
            case _ where cacheNames.contains(name): (role, type, direction) = (.cache, .float32, .readWrite)
            case _ where packing[name] != nil:
                (role, type, direction) = (.packed(packing[name]!), b.elementType == .int8 ? .int8 : .float32, .input)
            case _ where name.hasSuffix("_q") && quantized:
                (role, type, direction) = (.quantizedValues(matrix: String(name.dropLast(2))), .int8, .input)
            case _ where name.hasSuffix("_s") && quantized:
                (role, type, direction) = (.quantizedScales(matrix: String(name.dropLast(2))), .float32, .input)
            default: (role, type, direction) = (.floatWeights, .float32, .input)
            }
            _ = try array(name, type, direction)
            guard let count = counts[name], b.count == count else {
                throw fail("argument \(name) has \(b.count) elements, expected \(counts[name] ?? 0) for \(shape)")
            }
            arguments.append(Argument(index: index, name: name, role: role, elementType: type, count: b.count))
        }
        self.top = top
        self.shape = shape
        self.groupSize = groupSize
        self.arguments = arguments
    }

    /// The array arguments (m_axi ports), in signature order.
    var arrays: [Argument] { arguments.filter { $0.elementType != nil } }

    func argument(_ role: Role) -> Argument? { arguments.first { $0.role == role } }

    /// The trip count of the loop labelled `heads`, which must be the same wherever it occurs;
    /// with attention engines, the trip counts of the loops `heads_<e>` (one per engine) add up.
    private static func headCount(_ design: Design, fail: (String) -> EmitterError) throws(EmitterError) -> Int {
        var found = Set<Int>()
        var perEngine: [String: Int] = [:]
        func visit(_ body: [Stmt]) {
            for s in body {
                switch s {
                case .loop(let l):
                    if l.name == "heads", let n = l.bound.constantValue { found.insert(n) }
                    if l.name.hasPrefix("heads_"), Int(l.name.dropFirst(6)) != nil, let n = l.bound.constantValue { perEngine[l.name] = n }
                    visit(l.body)
                case .reduce(let r):
                    visit(r.body)
                case .branch(_, let then, let otherwise):
                    visit(then)
                    visit(otherwise)
                default:
                    break
                }
            }
        }
        for k in design.kernels { visit(k.body) }
        if found.isEmpty && !perEngine.isEmpty { found.insert(perEngine.values.reduce(0, +)) }
        guard found.count == 1, let heads = found.first, heads > 0 else {
            throw fail(found.isEmpty ? "no loop labelled heads gives n_heads" : "loops labelled heads disagree on n_heads: \(found.sorted())")
        }
        return heads
    }
}
