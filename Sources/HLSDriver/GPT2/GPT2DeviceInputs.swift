import HLSIR
import HLSLayers

extension GPT2Model {
    /// The inputs of device `slice`'s design (`GPT2Devices`): the shared tensors whole (wte
    /// for the embedding, wpe, the LayerNorm parameters), each matrix's rows of the slice with
    /// their biases (every layer's, back to back; qkvw its q, k then v rows; Q8_0 values and
    /// scales), the classifier's rows of wte, zeroed caches and residual, sizes 0.
    public func deviceInputs(_ slice: GPT2Devices.Slice, design: Design) throws(DriverError) -> [String: BufferData] {
        let full = tensors()
        let s = shape
        var out: [String: BufferData] = [:]
        for name in ["wte", "wpe", "ln1w", "ln1b", "ln2w", "ln2b", "lnfw", "lnfb"] { out[name] = full[name] }
        var gs = 1
        if case .q8(let g) = weights { gs = g }
        for (name, n, ranges) in GPT2Devices.matrixRows(s, slice) {
            let classifier = name == "wte"
            let layers = classifier ? 1 : s.layers
            let d = classifier ? s.paddedVocab : (name == "qkvw" ? 3 * s.channels : name == "fcw" ? s.hidden : s.channels)
            func rows<T>(_ values: [T], width: Int) -> [T] {
                var part: [T] = []
                for l in 0..<layers {
                    for r in ranges { part += values[(l * d + r.lowerBound) * width ..< (l * d + r.upperBound) * width] }
                }
                return part
            }
            if !classifier, case .float(let b)? = full[String(name.dropLast()) + "b"] {
                out[String(name.dropLast()) + "b"] = .float(rows(b, width: 1))
            }
            if case .raw(let v)? = full["\(name)_q"], case .float(let sc)? = full["\(name)_s"] {
                out["\(name)_q"] = .raw(rows(v, width: n))
                out["\(name)_s"] = .float(rows(sc, width: n / gs))
            } else if case .float(let v)? = full[name] {
                out[classifier ? "wcls" : name] = .float(rows(v, width: n))
            }
        }
        // With engines the weights are in engine ports, packed from the slices.
        out = try design.packed(out)
        for b in design.topKernel.buffers where b.isArgument && b.direction != .output && out[b.name] == nil {
            out[b.name] = .zeros(b.elementType, count: b.count)
        }
        for case .size(let n, _) in design.topKernel.parameters { out[n] = .raw([0]) }
        return out
    }
}

extension DeviceEngine {
    /// `designs[e]` must be `GPT2Devices.design(…, devices: designs.count, device: e)` of
    /// `model`'s shape.
    public convenience init(designs: [BoundDesign], model: GPT2Model) throws(DriverError) {
        let s = model.shape
        let slices = GPT2Devices.slices(s, devices: designs.count)
        var inputs: [[String: BufferData]] = []
        for (slice, d) in zip(slices, designs) { inputs.append(try model.deviceInputs(slice, design: d.design)) }
        try self.init(designs: designs, inputs: inputs,
                      layers: s.layers, inputCount: s.hidden) { stage, e in slices[e].outputCount(stage, s) }
    }
}
