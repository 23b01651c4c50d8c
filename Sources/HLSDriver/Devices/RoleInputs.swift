import HLSIR

/// A model design's inputs filled by the roles of its arguments (`Design.roles`, checked when
/// it was bound), as the generated host fills them: size parameters 0; the KV cache parts, the
/// residual stream, a stage input and gathered rows zeroed; each weight argument its tensor;
/// each packed argument its segments (`Design.packing`: a packed argument of a one-device
/// design, or a device kernel's slice of a tensor). Outputs take no input.
enum RoleInputs {
    /// `tensors` by key (`WeightTensor.key`); `variant` names the checkpoint in errors.
    static func fill(_ design: Design, tensors: [String: BufferData], variant: String) throws(DriverError) -> [String: BufferData] {
        var out: [String: BufferData] = [:]
        for p in design.topKernel.parameters {
            guard let role = design.roles[p.name] else {
                throw DriverError("design \(design.top): argument \(p.name) has no role; the model's inputs are filled by role")
            }
            func tensor(_ t: WeightTensor) throws(DriverError) -> BufferData {
                guard let data = tensors[t.key] else {
                    throw DriverError("design \(design.top): argument \(p.name) needs tensor \(t.key), which a \(variant) does not have")
                }
                return data
            }
            switch role {
            case .token, .position, .blockLast, .stage, .layer: out[p.name] = .raw([0])
            case .logits, .probe, .stageOutput: break
            case .cache(let c): out[p.name] = .zeros(design.topKernel.buffer(p.name)?.elementType ?? .float32, count: c.count)
            case .residual, .stageInput:
                guard let b = design.topKernel.buffer(p.name) else { throw DriverError("design \(design.top): argument \(p.name) is not an array") }
                out[p.name] = .zeros(.float32, count: b.count)
            case .gathered(let t, let rows): out[p.name] = .zeros(t.elementType, count: rows * t.columns)
            case .weights(let t): out[p.name] = try tensor(t)
            case .packed(let list):
                guard let packing = design.packing[p.name] else { throw DriverError("design \(design.top): argument \(p.name) has no packing") }
                for t in list { _ = try tensor(t) }
                if let v = packing.pack({ name -> [Float]? in if case .float(let x)? = tensors[name] { return x } else { return nil } }) {
                    out[p.name] = .float(v)
                } else if let v = packing.pack({ name -> [Int64]? in if case .raw(let x)? = tensors[name] { return x } else { return nil } }) {
                    out[p.name] = .raw(v)
                } else {
                    throw DriverError("design \(design.top): argument \(p.name) packs tensors the checkpoint cannot fill")
                }
            }
        }
        return out
    }
}
