import HLSEstimator
import HLSIR

/// What `hlsgen calibrate` needs from the estimator: the device for a part name and the
/// estimate of a bound design on it at a clock (MHz). `standard` is HLSEstimator's.
public struct CalibrationEstimator: Sendable {
    public var device: @Sendable (String) -> Device?
    public var estimate: @Sendable (BoundDesign, Device, Double) throws -> DesignEstimate

    public init(device: @escaping @Sendable (String) -> Device?,
                estimate: @escaping @Sendable (BoundDesign, Device, Double) throws -> DesignEstimate) {
        self.device = device
        self.estimate = estimate
    }
}
