/// Checks a design's argument roles against its top kernel, once, as part of
/// `KernelValidator.problems(in:)`: every role names a top-level argument of the right kind
/// (size parameters for token, position and block length; float outputs for logits; float
/// or fixed-point inouts for the cache; inputs of the tensor's element type and element count for weights),
/// a design with roles gives every argument one, each of token, position, block length and
/// logits at most once, the cache parts are whole, packed arguments match `Design.packing`,
/// and a tensor has one shape wherever it appears. A device kernel of a split model (a
/// `stage` argument) also has layer, token, position, stage input and output roles, and its
/// packed arguments hold slices of their tensors (not every element).
public enum ArgumentRoleValidator {
    public static func problems(in d: Design) -> [String] {
        let roles = d.roles
        guard !roles.isEmpty, let top = d.kernel(d.top) else { return [] }
        var out: [String] = []
        func problem(_ s: String) { out.append("design \(d.top): \(s)") }
        if roles.family == nil { problem("argument roles name no model family") }
        var sizes: [String: Int] = [:]
        var arrays: [String: Buffer] = [:]
        for p in top.parameters {
            switch p {
            case .size(let n, let max): sizes[n] = max
            case .buffer(let n): if let b = top.buffer(n), b.isArgument { arrays[n] = b }
            case .scalar: break
            }
        }
        for p in top.parameters where roles[p.name] == nil { problem("argument \(p.name) has no role") }
        for kind in [ArgumentRole.Kind.token, .position, .blockLast, .logits, .stage, .layer, .stageInput, .stageOutput, .residual] where roles.arguments(kind).count > 1 {
            problem("arguments \(roles.arguments(kind).joined(separator: ", ")) have the same role \(kind)")
        }
        var shapes: [String: WeightTensor] = [:]
        func tensor(_ t: WeightTensor, _ argument: String) {
            if t.layers < 1 || t.rows < 1 || t.columns < 1 {
                problem("argument \(argument): tensor \(t.key) has \(t.layers) layers of \(t.rows) × \(t.columns); expected positive sizes")
            }
            if case .q8Scales(let gs) = t.format, gs < 1 || t.columns % gs != 0 {
                problem("argument \(argument): tensor \(t.key) has group size \(gs); expected a positive divisor of its \(t.columns) columns")
            }
            if let seen = shapes[t.key], seen != t {
                problem("argument \(argument): tensor \(t.key) has two shapes (\(seen.layers)×\(seen.rows)×\(seen.columns) and \(t.layers)×\(t.rows)×\(t.columns))")
            }
            shapes[t.key] = t
        }
        /// `type` nil: float32 or any fixed-point type (a KV cache).
        func array(_ name: String, _ type: ScalarType?, _ direction: Direction, count: Int?) {
            guard let b = arrays[name] else {
                problem(sizes[name] != nil ? "argument \(name) is a size parameter; its role needs an array" : "role for \(name), which is not an argument of \(d.top)")
                return
            }
            if let type, b.elementType != type { problem("argument \(name) has element type \(b.elementType); its role needs \(type)") }
            if type == nil, b.elementType != .float32, b.elementType.fixedType == nil {
                problem("argument \(name) has element type \(b.elementType); its role needs float32 or a fixed-point type")
            }
            if b.direction != direction { problem("argument \(name) is \(b.direction?.rawValue ?? "local"); its role needs \(direction.rawValue)") }
            if let count, b.count != count { problem("argument \(name) has \(b.count) elements; its role needs \(count)") }
        }
        for (name, role) in roles.byArgument.sorted(by: { $0.key < $1.key }) {
            switch role {
            case .token, .position, .blockLast, .stage, .layer:
                if sizes[name] == nil {
                    problem(arrays[name] != nil ? "argument \(name) is an array; role \(role.kind) needs a size parameter" : "role for \(name), which is not an argument of \(d.top)")
                }
            case .logits, .probe:
                array(name, .float32, .output, count: nil)
            case .stageInput:
                array(name, .float32, .input, count: nil)
            case .stageOutput(let words):
                array(name, .float32, .output, count: nil)
                if words.count != DeviceStage.allCases.count || words.contains(where: { $0 < 0 || $0 > (arrays[name]?.count ?? 0) }) {
                    problem("argument \(name) gives output words \(words) per stage; expected \(DeviceStage.allCases.count) counts of at most its \(arrays[name]?.count ?? 0) elements")
                }
            case .residual:
                array(name, .float32, .readWrite, count: nil)
            case .cache(let c):
                array(name, nil, .readWrite, count: c.count)
                if c.parts < 1 || c.part < 0 || c.part >= c.parts { problem("argument \(name) is cache part \(c.part) of \(c.parts)") }
            case .weights(let t):
                tensor(t, name)
                array(name, t.elementType, .input, count: t.count)
            case .gathered(let t, let rows):
                tensor(t, name)
                array(name, t.elementType, .input, count: rows * t.columns)
            case .packed(let list):
                for t in list { tensor(t, name) }
                guard let packing = d.packing[name] else { problem("argument \(name) is packed but the design has no packing for it"); continue }
                let types = Set(list.map(\.elementType))
                array(name, types.count == 1 ? types.first! : .float32, .input, count: packing.count)
                if types.count > 1 { problem("argument \(name) packs tensors of different element types") }
                for seg in packing.segments {
                    guard let t = list.first(where: { $0.key == seg.source }) else {
                        problem("argument \(name) packs \(seg.source), which its role does not list"); continue
                    }
                    if seg.start < 0 || seg.start + seg.count > t.count {
                        problem("argument \(name) packs \(seg.source)[\(seg.start) ..< \(seg.start + seg.count)], past its \(t.count) elements")
                    }
                }
            }
        }
        for name in d.packing.keys.sorted() where roles[name]?.kind != .packed { problem("argument \(name) has a packing but not the packed role") }
        // A device kernel (it has a stage) holds slices; a one-device design's packed arguments
        // take every element of every packed tensor, each once in total.
        let device = roles.argument(.stage) != nil
        if device {
            for kind in [ArgumentRole.Kind.layer, .token, .position, .stageInput, .stageOutput] where roles.argument(kind) == nil {
                problem("a device kernel (it has a stage argument) needs an argument with role \(kind)")
            }
        }
        var taken: [String: Int] = [:]
        for (name, p) in d.packing where roles[name]?.kind == .packed { for seg in p.segments { taken[seg.source, default: 0] += seg.count } }
        for (key, n) in taken.sorted(by: { $0.key < $1.key }) where !device {
            if let t = shapes[key], n != t.count { problem("the packed arguments take \(n) elements of \(key); expected all \(t.count)") }
        }
        // The cache: for each kind, parts 0 ..< parts, all of one shape.
        let caches = roles.caches
        for kind in [CacheSlice.Kind.key, .value] {
            let parts = caches.filter { $0.slice.kind == kind }
            guard let first = parts.first?.slice else { continue }
            if parts.map(\.slice.part) != Array(0..<first.parts) || parts.contains(where: { $0.slice.parts != first.parts }) {
                problem("the \(kind.rawValue) cache parts are \(parts.map(\.slice.part)); expected 0 ..< \(first.parts)")
            }
        }
        return out
    }
}
