import HLSIR

extension ArgumentPacking {
    /// The packed argument's elements from `tensors` (all float or all integer); nil when a
    /// source is missing, of the other kind, or shorter than a segment needs.
    func data(from tensors: [String: BufferData]) -> BufferData? {
        if let v = pack({ name -> [Float]? in if case .float(let x)? = tensors[name] { return x } else { return nil } }) { return .float(v) }
        if let v = pack({ name -> [Int64]? in if case .raw(let x)? = tensors[name] { return x } else { return nil } }) { return .raw(v) }
        return nil
    }
}

extension Design {
    /// `inputs` with every packed argument of the design (`packing`, e.g. engine ports)
    /// filled from the tensors `inputs` holds under its sources' names, and those sources
    /// dropped where they are not arguments themselves. Throws naming the argument whose
    /// sources are missing.
    func packed(_ inputs: [String: BufferData]) throws(DriverError) -> [String: BufferData] {
        guard !packing.isEmpty else { return inputs }
        var out = inputs
        for (port, p) in packing.sorted(by: { $0.key < $1.key }) {
            guard let data = p.data(from: inputs) else { throw DriverError("design \(top): argument \(port) packs tensors the inputs cannot fill") }
            out[port] = data
        }
        let arguments = Set(topKernel.parameters.map(\.name))
        for p in packing.values { for s in p.sources where !arguments.contains(s) { out[s] = nil } }
        return out
    }
}
