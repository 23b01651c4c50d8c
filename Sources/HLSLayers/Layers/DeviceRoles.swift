import HLSIR

/// The argument roles of a device kernel of a model split over several devices
/// (`LlamaDevices`, `GPT2Devices`): what the multi-device host and the interpreter's device
/// engine fill every argument with, read from the roles like a one-device design's.
struct DeviceRoles {
    private(set) var roles: [String: ArgumentRole]
    private(set) var packing: [String: ArgumentPacking] = [:]

    /// The roles every device kernel shares: stage, layer, token and position; the stage input
    /// and output (`outputWords` per stage); the residual stream `x`; its part of the KV cache
    /// (`heads` heads of `headSize` per position), one pair of arguments or, with attention
    /// engines, one per engine (`caches`, each `heads / parts` heads).
    init(outputWords: [Int], layers: Int, positions: Int, heads: Int, headSize: Int,
         caches: (keys: [String], values: [String]) = (["key_cache"], ["value_cache"])) {
        roles = ["stage": .stage, "layer": .layer, "token": .token, "pos": .position, "input": .stageInput,
                 "output": .stageOutput(words: outputWords), "x": .residual]
        for (kind, list) in [(CacheSlice.Kind.key, caches.keys), (.value, caches.values)] {
            for (p, name) in list.enumerated() {
                roles[name] = .cache(CacheSlice(kind, part: p, of: list.count, layers: layers, positions: positions,
                                                heads: heads / list.count, headSize: headSize))
            }
        }
    }

    /// Argument `t.key` holds the whole tensor.
    mutating func whole(_ t: WeightTensor) { roles[t.key] = .weights(t) }

    /// Argument `name` (default `t.key`) holds `rows` of every layer of `t`, layer after layer,
    /// the ranges in order within a layer. A tensor of one row per layer (a bias) is sliced by
    /// elements.
    mutating func slice(_ t: WeightTensor, rows: [Range<Int>], as name: String? = nil) {
        let unit = t.rows == 1 ? 1 : t.layerCount / t.rows
        var p = ArgumentPacking()
        for l in 0..<t.layers {
            for r in rows { p.append(t.key, start: l * t.layerCount + r.lowerBound * unit, count: r.count * unit) }
        }
        roles[name ?? t.key] = .packed([t])
        packing[name ?? t.key] = p
    }

    /// The device's products on engines: its sliced matrices (arguments `slice` stated) move
    /// into the engine ports `ports` (`EngineWeights.packing()`, laid out over those
    /// arguments), each port packed straight from the whole tensors (`ArgumentPacking.composed`)
    /// — the same role-driven filling as any packed argument.
    mutating func engines(_ ports: [String: ArgumentPacking]) {
        let slices = packing
        var consumed = Set<String>()
        for (port, p) in ports {
            var tensors: [WeightTensor] = []
            for source in p.sources {
                consumed.insert(source)
                if case .packed(let list)? = roles[source] {
                    for t in list where !tensors.contains(t) { tensors.append(t) }
                }
            }
            roles[port] = .packed(tensors)
            packing[port] = p.composed(with: slices)
        }
        for name in consumed {
            roles[name] = nil
            packing[name] = nil
        }
    }

    func design(top: String, kernels: [Kernel], schedule: Schedule, profile: MathProfile, family: ModelFamily) -> Design {
        Design(top: top, kernels: kernels, schedule: schedule, profile: profile, packing: packing,
               roles: ArgumentRoles(family: family, roles))
    }
}
