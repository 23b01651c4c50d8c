import HLSIR

/// The 12 kernels of the Vitis/Vivado HLS calibration set
/// (`../shared/calibration/vitis_reports.json`), each written in the DSL with the schedule its
/// entry describes; examples/calibration/README.md says how each maps to its entry.
public enum CalibrationSet {
    /// Every entry id, in the order of the calibration file.
    public static let ids: [String] = builders.map(\.id)

    /// The design for a calibration entry id, or nil for an unknown id (or, which a test
    /// rules out, a design that does not build; `build(_:)` says why).
    public static func design(for id: String) -> Design? {
        try? build(id)
    }

    /// The design for a calibration entry id (nil for an unknown id), or the problems that
    /// stopped it building.
    public static func build(_ id: String) throws(DesignError) -> Design? {
        guard let b = builders.first(where: { $0.id == id }) else { return nil }
        return try b.make()
    }

    private struct Builder: Sendable {
        let id: String
        let make: @Sendable () throws(DesignError) -> Design
    }

    private static let builders: [Builder] = [
        Builder(id: FIR4.id, make: FIR4.design),
        Builder(id: Softmax768.id, make: Softmax768.design),
        Builder(id: SiLU3072.id, make: SiLU3072.design),
        Builder(id: VecMul3072.id, make: VecMul3072.design),
        Builder(id: StreamGEMV.id, make: StreamGEMV.design),
        Builder(id: VScale16.id, make: VScale16.design),
        Builder(id: Dot48.id, make: Dot48.design),
        Builder(id: VAdd4096.id, make: VAdd4096.design),
        Builder(id: MatMul128Float.id, make: MatMul128Float.design),
        Builder(id: MatMul128Int32.id, make: MatMul128Int32.design),
        Builder(id: Gaussian3x3.id, make: Gaussian3x3.design),
        Builder(id: MatMul3x3.id, make: MatMul3x3.design),
    ]
}
