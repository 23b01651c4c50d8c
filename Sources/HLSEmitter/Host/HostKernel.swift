import HLSIR

/// One kernel of a host program, read from its bound design's argument roles
/// (`Design.roles`, validated with the design): every top-level argument in signature order
/// (`index` is its XRT argument index) with its role, element type and count.
struct HostKernel: Sendable {
    struct Argument: Sendable {
        let index: Int
        let name: String
        let role: ArgumentRole
        /// nil for size parameters.
        let elementType: ScalarType?
        /// Elements of an array; for a size parameter its largest value.
        let count: Int
    }

    let top: String
    let family: ModelFamily
    let arguments: [Argument]
    let roles: ArgumentRoles
    /// The segments of its packed arguments (`Design.packing`).
    let packing: [String: ArgumentPacking]

    /// Throws an `EmitterError` when the design states no model family or some argument has
    /// no role: the host fills arguments by role only.
    init(_ bound: BoundDesign) throws(EmitterError) {
        let design = bound.design
        guard let family = design.roles.family else {
            throw EmitterError("design \(design.top): its arguments have no roles; the host program needs a whole-model design (LlamaForward, LlamaPrefill, GPT2Forward, or the device kernels of LlamaDevices, GPT2Devices)")
        }
        var arguments: [Argument] = []
        for (index, p) in design.topKernel.parameters.enumerated() {
            guard let role = design.roles[p.name] else { throw EmitterError("design \(design.top): argument \(p.name) has no role") }
            if role == .probe { throw EmitterError("design \(design.top): argument \(p.name) is a probe output for analysis; the host program drives designs without probes") }
            switch p {
            case .size(let n, let max):
                arguments.append(Argument(index: index, name: n, role: role, elementType: nil, count: max))
            case .buffer(let n):
                let b = bound.topKernel.kernel.buffer(n)!
                arguments.append(Argument(index: index, name: n, role: role, elementType: b.elementType, count: b.count))
            case .scalar(let v):
                throw EmitterError("design \(design.top): scalar argument \(v.name) has no host role")
            }
        }
        top = design.top
        self.family = family
        self.arguments = arguments
        roles = design.roles
        packing = design.packing
    }

    /// The array arguments (m_axi ports), in signature order.
    var arrays: [Argument] { arguments.filter { $0.elementType != nil } }

    func argument(_ kind: ArgumentRole.Kind) -> Argument? { arguments.first { $0.role.kind == kind } }

    /// A block kernel: its first position and block length are arguments.
    var isBlock: Bool { argument(.blockLast) != nil }

    /// A device kernel of a model split over several devices: it runs a stage per call.
    var isDevice: Bool { argument(.stage) != nil }

    /// Every tensor the kernel's arguments read, by key (`ArgumentRoles.tensors`).
    var tensors: [String: WeightTensor] { roles.tensors }
}
