/// The model family whose host pieces (checkpoint reader, tokenizer, sampler, generate loop)
/// fill a design's arguments and drive it. A new family is a new case here, the roles its
/// layers attach, and a binding of its own in the host emitter.
public enum ModelFamily: String, Hashable, Sendable, CaseIterable {
    /// llama2.c: float "version 0" and Q8_0 "version 2" checkpoints, tokenizer.bin, run.c's sampler.
    case llama2c = "llama2.c"
    /// llm.c's GPT-2: float "version 3" checkpoints (Q8_0 quantized on the fly by the host),
    /// gpt2_tokenizer.bin (decode), train_gpt2.c's sampler and generation loop.
    case gpt2 = "llm.c"
}

/// One tensor of a model checkpoint as an argument holds it: `layers` slices back to back,
/// layer ℓ at element ℓ · `layerCount`, each `rows` × `columns` (rows of `columns` inputs),
/// as float values, or Q8_0 int8 values, or Q4 values (two 4-bit weights per byte), or the
/// scales of either (one float per `groupSize` weights).
public struct WeightTensor: Hashable, Sendable {
    public enum Format: Hashable, Sendable {
        case float
        case q8Values
        /// The scales of Q8_0 or Q4 values (`<name>_s` either way).
        case q8Scales(groupSize: Int)
        /// Q4 values, two per byte (low nibble: even index).
        case q4Values
    }

    /// The tensor's name in the model (`wq`, `token_embedding`, `rms_att`).
    public let name: String
    public let format: Format
    public let layers: Int
    public let rows: Int
    public let columns: Int

    public init(_ name: String, format: Format = .float, layers: Int = 1, rows: Int = 1, columns: Int) {
        self.name = name
        self.format = format
        self.layers = layers
        self.rows = rows
        self.columns = columns
    }

    /// The name a host or `ArgumentPacking` segment gives this part of the tensor: `wq` (float),
    /// `wq_q` (Q8_0 values), `wq_s` (Q8_0 scales).
    public var key: String {
        switch format {
        case .float: return name
        case .q8Values: return name + "_q"
        case .q8Scales: return name + "_s"
        case .q4Values: return name + "_q4"
        }
    }

    public var elementType: ScalarType { format == .q8Values || format == .q4Values ? .int8 : .float32 }

    /// Elements of one layer.
    public var layerCount: Int {
        if case .q8Scales(let gs) = format, gs > 0 { return rows * columns / gs }
        if format == .q4Values { return rows * columns / 2 }
        return rows * columns
    }

    /// Elements of all layers.
    public var count: Int { layers * layerCount }
}

/// One part of the KV cache: keys or values of `heads` KV heads (of `headSize` elements) at
/// `positions` positions for `layers` layers, position-major per layer. A cache split over
/// attention engines has `parts` parts, part p holding heads p · heads ..< (p + 1) · heads.
public struct CacheSlice: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case key, value }

    public let kind: Kind
    public let part: Int
    public let parts: Int
    public let layers: Int
    public let positions: Int
    public let heads: Int
    public let headSize: Int

    public init(_ kind: Kind, part: Int = 0, of parts: Int = 1, layers: Int, positions: Int, heads: Int, headSize: Int) {
        self.kind = kind
        self.part = part
        self.parts = parts
        self.layers = layers
        self.positions = positions
        self.heads = heads
        self.headSize = headSize
    }

    public var count: Int { layers * positions * heads * headSize }
}

/// What a top-level argument of a model design holds, stated by the layers that build it so
/// that the host program and the interpreter's inputs fill it without guessing from its name.
public enum ArgumentRole: Hashable, Sendable {
    /// Size parameters: the token id, the (first) position, the last index of a block
    /// (block length − 1).
    case token, position, blockLast
    /// The logits the kernel writes (float output).
    case logits
    /// A part of the KV cache: zeroed once, read and written by the kernel from call to call
    /// (float, or fixed point in the `fixed` profile).
    case cache(CacheSlice)
    /// One checkpoint tensor.
    case weights(WeightTensor)
    /// Slices of these tensors back to back, as `Design.packing` lists them (in a one-device
    /// design the packed arguments take every element once; a device kernel's take its slice).
    case packed([WeightTensor])
    /// `rows` rows of `tensor` gathered by token id for each call (the prefill block's
    /// embedding rows), zero past the block's tokens.
    case gathered(WeightTensor, rows: Int)
    /// A float output for analysis tools only (the residual stream after each layer, read by
    /// `hlsgen accuracy`); hosts do not drive designs that have one.
    case probe
    /// Size parameters of a device kernel of a model split over several devices: which
    /// `DeviceStage` a call runs (its raw value) and the layer it runs it for.
    case stage, layer
    /// A device kernel's input: the previous stage's outputs all-gathered by the host, written
    /// before each call that takes it (`DeviceStage.calls`), zero past the gathered words.
    case stageInput
    /// A device kernel's output: `words[s]` words of it are this device's part of stage `s`'s
    /// result (indexed by `DeviceStage.rawValue`), gathered by the host in device order.
    case stageOutput(words: [Int])
    /// A device kernel's copy of the residual stream: zeroed once, then the kernel's (it
    /// stays on the device like the KV cache).
    case residual

    /// The role without its data, for lookups.
    public enum Kind: Hashable, Sendable {
        case token, position, blockLast, logits, cache, weights, packed, gathered, probe, stage, layer, stageInput, stageOutput, residual
    }

    public var kind: Kind {
        switch self {
        case .token: return .token
        case .position: return .position
        case .blockLast: return .blockLast
        case .logits: return .logits
        case .cache: return .cache
        case .weights: return .weights
        case .packed: return .packed
        case .gathered: return .gathered
        case .probe: return .probe
        case .stage: return .stage
        case .layer: return .layer
        case .stageInput: return .stageInput
        case .stageOutput: return .stageOutput
        case .residual: return .residual
        }
    }

    /// Whether the argument is a size parameter rather than an array.
    public var isSize: Bool { [.token, .position, .blockLast, .stage, .layer].contains(kind) }
}

/// The roles of a design's top-level arguments, by argument name, and the model family they
/// belong to. Empty for designs that are not whole models (layers, examples).
public struct ArgumentRoles: Hashable, Sendable {
    public let family: ModelFamily?
    public let byArgument: [String: ArgumentRole]

    public init(family: ModelFamily? = nil, _ byArgument: [String: ArgumentRole] = [:]) {
        self.family = family
        self.byArgument = byArgument
    }

    public static let none = ArgumentRoles()

    public var isEmpty: Bool { byArgument.isEmpty }

    public subscript(_ argument: String) -> ArgumentRole? { byArgument[argument] }

    /// The arguments with a role of `kind`, by name.
    public func arguments(_ kind: ArgumentRole.Kind) -> [String] {
        byArgument.filter { $0.value.kind == kind }.map(\.key).sorted()
    }

    /// The one argument with a role of `kind` (token, position, logits, …), if any.
    public func argument(_ kind: ArgumentRole.Kind) -> String? { arguments(kind).first }

    /// The KV cache parts, by argument name.
    public var caches: [(name: String, slice: CacheSlice)] {
        byArgument.compactMap { name, role in
            if case .cache(let c) = role { return (name, c) }
            return nil
        }.sorted { ($0.slice.kind.rawValue, $0.slice.part) < ($1.slice.kind.rawValue, $1.slice.part) }
    }

    /// Every checkpoint tensor the arguments read (whole, packed or gathered), by key, each once.
    public var tensors: [String: WeightTensor] {
        var out: [String: WeightTensor] = [:]
        for role in byArgument.values {
            switch role {
            case .weights(let t), .gathered(let t, _): out[t.key] = t
            case .packed(let list): for t in list { out[t.key] = t }
            default: break
            }
        }
        return out
    }
}
