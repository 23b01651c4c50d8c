import HLSIR

/// One directive of a design the search may change, with the values it may take. Knobs are
/// discovered from a `BoundDesign` (`KnobDiscovery`), never from loop names written here, so
/// the search follows whatever schedule and layers the design has.
struct Knob: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        /// `UNROLL factor=N` on a loop with a constant trip count; values divide it (1: none).
        case unroll
        /// Partial sums of a float reduction (`lanes`).
        case lanes
        /// `PIPELINE II=1` on a loop that holds no loop, or only small ones it would unroll
        /// (value 1), or no pipeline directive (0).
        case pipeline
        /// `ARRAY_PARTITION type=cyclic factor=N dim=D` on a local array (1: none).
        case partition(dim: Int)
        /// An m_axi port on its own bundle (1) or on the bundle the schedule gives it (0).
        case ownBundle
        /// `max_widen_bitwidth` of an m_axi port's bundle.
        case widen
        /// `num_read_outstanding` of an m_axi port's bundle.
        case outstanding
    }

    /// The dotted name the directive is addressed by (`kernel.label`, `kernel.array`,
    /// `kernel.argument`).
    var target: String
    var kind: Kind
    /// Allowed values, ascending.
    var values: [Int]
    /// The value in the starting schedule.
    var current: Int

    var description: String {
        let name: String
        switch kind {
        case .unroll: name = "unroll"
        case .lanes: name = "lanes"
        case .pipeline: name = "pipeline"
        case .partition(let d): name = "partition dim \(d)"
        case .ownBundle: name = "own bundle"
        case .widen: name = "max_widen_bitwidth"
        case .outstanding: name = "num_read_outstanding"
        }
        return "\(target) \(name) \(values.map(String.init).joined(separator: "|")) (now \(current))"
    }

    /// The next allowed value above `value`, if any.
    func next(after value: Int) -> Int? { values.first { $0 > value } }

    /// The smallest allowed value at least `value`, else the largest.
    func atLeast(_ value: Int) -> Int? { values.first { $0 >= value } ?? values.last }
}
