import HLSEstimator

extension CalibrationEstimator {
    /// HLSEstimator's `Device.forPart` and `Estimator.estimate`.
    public static let standard = CalibrationEstimator(
        device: { Device.forPart($0) },
        estimate: { design, device, mhz in Estimator.estimate(design, device: device, clockMHz: mhz) })
}
